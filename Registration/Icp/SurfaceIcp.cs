using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Numerics;

namespace ArSpine.Registration.Icp;

/// <summary>Settings of <see cref="SurfaceIcp"/>. Distances in mm, angles in degrees.</summary>
public sealed record IcpSettings
{
    /// <summary>Most iterations of the final run.</summary>
    public int MaxIterations { get; init; } = 60;

    /// <summary>Share of correspondences, the closest ones, used in each step (the rest are treated as outliers): 0 to 1.</summary>
    public double TrimFraction { get; init; } = 0.8;

    /// <summary>Correspondences farther than this are never used, mm.</summary>
    public double MaxCorrespondenceMm { get; init; } = 20;

    /// <summary>A moving point within this distance of the fixed surface after registration is an inlier (RMS and inlier share are over these), mm.</summary>
    public double InlierDistanceMm { get; init; } = 2;

    /// <summary>Stop when a step moves by less than this, mm and (the same number) degrees.</summary>
    public double Convergence { get; init; } = 1e-5;

    /// <summary>Try starts rotated about the moving cloud's centroid as well as the initial guess, and keep the best.</summary>
    public bool MultiStart { get; init; } = true;

    /// <summary>Rotation of the extra starts about each axis, degrees (each axis ±, plus half-turns).</summary>
    public double MultiStartAngleDeg { get; init; } = 40;

    /// <summary>Iterations of each trial start, on a subsample of at most <see cref="StartSamplePoints"/> moving points.</summary>
    public int StartIterations { get; init; } = 20;

    /// <summary>Moving points used by the trial starts.</summary>
    public int StartSamplePoints { get; init; } = 600;
}

/// <summary>The result of surface ICP.</summary>
/// <param name="FixedFromMoving">Maps the moving cloud onto the fixed surface, mm.</param>
/// <param name="RmsMm">RMS distance of the inlier moving points to their closest fixed points, mm.</param>
/// <param name="PointToPlaneRmsMm">RMS distance of the inliers to the tangent planes of their closest fixed points, mm.</param>
/// <param name="InlierFraction">Share of the moving points within <see cref="IcpSettings.InlierDistanceMm"/> of the fixed surface, 0 to 1.</param>
/// <param name="Iterations">Iterations of the final run.</param>
/// <param name="Converged">True when the last step was below the convergence limit.</param>
/// <param name="StartsTried">Number of starting poses tried.</param>
public sealed record IcpResult(RigidTransform FixedFromMoving, double RmsMm, double PointToPlaneRmsMm, double InlierFraction, int Iterations, bool Converged, int StartsTried);

/// <summary>
/// Rigid surface registration by iterative closest point, point-to-plane (Chen and Medioni 1992), with a k-d tree for
/// the correspondences, trimming of the farthest ones (outliers, partial overlap) and several starting rotations.
/// The fixed surface is prepared once (<see cref="SurfaceIcp(IReadOnlyList{Vector3d}, IReadOnlyList{Vector3d}?, string)"/>) and can be registered to many times.
/// </summary>
public sealed class SurfaceIcp
{
    private readonly KdTree tree;
    private readonly Vector3d[] normals;

    /// <summary>
    /// Prepares the fixed surface: its points (mm) and, optionally, unit normals (estimated from 12 neighbours when null).
    /// Throws an <see cref="InvalidInputException"/> naming <paramref name="source"/> for fewer than three, non-finite, or collinear points.
    /// </summary>
    public SurfaceIcp(IReadOnlyList<Vector3d> fixedMm, IReadOnlyList<Vector3d>? fixedNormals = null, string source = "fixed surface")
    {
        ValidateCloud(fixedMm, source);
        tree = new KdTree(fixedMm);
        if (fixedNormals is null)
        {
            normals = NormalEstimation.Estimate(tree);
        }
        else
        {
            if (fixedNormals.Count != fixedMm.Count)
            {
                throw InvalidInputException.Field(source, "normals", $"one normal per point ({fixedMm.Count})", $"{fixedNormals.Count} normals");
            }

            normals = new Vector3d[fixedNormals.Count];
            for (int i = 0; i < normals.Length; i++)
            {
                double length = fixedNormals[i].Length;
                if (!(length > 0) || !double.IsFinite(length))
                {
                    throw InvalidInputException.Field(source, $"normal {i + 1}", "a finite, non-zero direction", fixedNormals[i]);
                }

                normals[i] = fixedNormals[i] / length;
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="movingMm"/> to the fixed surface, starting from <paramref name="initialFixedFromMoving"/>.
    /// Cost: O(iterations · n log m) for n moving and m fixed points, times the starts tried at a subsample.
    /// </summary>
    public IcpResult Register(IReadOnlyList<Vector3d> movingMm, RigidTransform initialFixedFromMoving, IcpSettings? settings = null, string source = "moving points")
    {
        settings ??= new IcpSettings();
        if (!(settings.TrimFraction > 0 && settings.TrimFraction <= 1))
        {
            throw InvalidInputException.Field(null, "trim fraction", "a share in (0, 1]", settings.TrimFraction);
        }

        ValidateCloud(movingMm, source);
        Vector3d[] moving = movingMm.ToArray();
        RigidTransform start = initialFixedFromMoving;
        int startsTried = 1;
        if (settings.MultiStart)
        {
            Vector3d[] sample = Subsample(moving, settings.StartSamplePoints);
            Vector3d centroid = Centroid(sample);
            Vector3d centroidFixed = initialFixedFromMoving.Apply(centroid);
            double bestScore = double.PositiveInfinity;
            foreach (Matrix3d rotation in StartRotations(settings.MultiStartAngleDeg))
            {
                // Rotate about the moving centroid, as it sits in the fixed frame under the initial guess.
                RigidTransform about = new RigidTransform(rotation, centroidFixed - rotation * centroidFixed) * initialFixedFromMoving;
                (RigidTransform trial, _, _) = Iterate(sample, about, settings, settings.StartIterations);
                double score = Score(sample, trial, settings);
                startsTried++;
                if (score < bestScore)
                {
                    bestScore = score;
                    start = trial;
                }
            }
        }

        (RigidTransform result, int iterations, bool converged) = Iterate(moving, start, settings, settings.MaxIterations);
        (double rms, double planeRms, double inliers) = Measure(moving, result, settings.InlierDistanceMm);
        return new IcpResult(result, rms, planeRms, inliers, iterations, converged, startsTried);
    }

    private (RigidTransform Result, int Iterations, bool Converged) Iterate(Vector3d[] moving, RigidTransform fixedFromMoving, IcpSettings settings, int maxIterations)
    {
        var distances = new double[moving.Length];
        var nearest = new int[moving.Length];
        var transformed = new Vector3d[moving.Length];
        var sorted = new double[moving.Length];
        var ata = new double[6, 6];
        var atb = new double[6];
        var x = new double[6];
        double maxSquared = settings.MaxCorrespondenceMm * settings.MaxCorrespondenceMm;
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            for (int i = 0; i < moving.Length; i++)
            {
                transformed[i] = fixedFromMoving.Apply(moving[i]);
                (nearest[i], distances[i]) = tree.Nearest(transformed[i]);
            }

            double threshold = TrimThreshold(distances, sorted, settings.TrimFraction);
            threshold = Math.Min(threshold, maxSquared);
            Array.Clear(ata);
            Array.Clear(atb);
            int used = 0;
            for (int i = 0; i < moving.Length; i++)
            {
                if (distances[i] > threshold)
                {
                    continue;
                }

                Vector3d p = transformed[i];
                Vector3d n = normals[nearest[i]];
                Vector3d c = Vector3d.Cross(p, n);
                double e = Vector3d.Dot(p - tree[nearest[i]], n);
                Span<double> j = [c.X, c.Y, c.Z, n.X, n.Y, n.Z];
                for (int r = 0; r < 6; r++)
                {
                    for (int k = 0; k < 6; k++)
                    {
                        ata[r, k] += j[r] * j[k];
                    }

                    atb[r] -= j[r] * e;
                }

                used++;
            }

            if (used < 6 || !LinearSystem.TrySolve(ata, atb, x))
            {
                return (fixedFromMoving, iteration, false);
            }

            var rotationVector = new Vector3d(x[0], x[1], x[2]);
            var translation = new Vector3d(x[3], x[4], x[5]);
            double angle = rotationVector.Length;
            Matrix3d step = QuaternionD.FromRotationVector(rotationVector);
            fixedFromMoving = new RigidTransform(step, translation) * fixedFromMoving;
            if (translation.Length < settings.Convergence && angle * 180 / Math.PI < settings.Convergence)
            {
                return (fixedFromMoving, iteration, true);
            }
        }

        return (fixedFromMoving, maxIterations, false);
    }

    /// <summary>Trimmed RMS of the closest-point distances, mm: the score of a trial start.</summary>
    private double Score(Vector3d[] moving, RigidTransform fixedFromMoving, IcpSettings settings)
    {
        var distances = new double[moving.Length];
        for (int i = 0; i < moving.Length; i++)
        {
            distances[i] = tree.Nearest(fixedFromMoving.Apply(moving[i])).DistanceSquaredMm2;
        }

        Array.Sort(distances);
        int keep = Math.Max(1, (int)(settings.TrimFraction * distances.Length));
        double sum = 0;
        for (int i = 0; i < keep; i++)
        {
            sum += distances[i];
        }

        return Math.Sqrt(sum / keep);
    }

    private (double Rms, double PlaneRms, double InlierFraction) Measure(Vector3d[] moving, RigidTransform fixedFromMoving, double inlierMm)
    {
        double sum = 0, planeSum = 0;
        int inliers = 0;
        for (int i = 0; i < moving.Length; i++)
        {
            Vector3d p = fixedFromMoving.Apply(moving[i]);
            (int index, double squared) = tree.Nearest(p);
            if (squared <= inlierMm * inlierMm)
            {
                double plane = Vector3d.Dot(p - tree[index], normals[index]);
                sum += squared;
                planeSum += plane * plane;
                inliers++;
            }
        }

        return inliers == 0
            ? (double.PositiveInfinity, double.PositiveInfinity, 0)
            : (Math.Sqrt(sum / inliers), Math.Sqrt(planeSum / inliers), (double)inliers / moving.Length);
    }

    private static double TrimThreshold(double[] distances, double[] scratch, double trimFraction)
    {
        if (trimFraction >= 1)
        {
            return double.PositiveInfinity;
        }

        Array.Copy(distances, scratch, distances.Length);
        int k = Math.Clamp((int)(trimFraction * distances.Length), 1, distances.Length) - 1;
        Array.Sort(scratch);
        return scratch[k];
    }

    private static IEnumerable<Matrix3d> StartRotations(double angleDeg)
    {
        double a = angleDeg * Math.PI / 180;
        Vector3d[] axes = [Vector3d.UnitX, Vector3d.UnitY, Vector3d.UnitZ];
        foreach (Vector3d axis in axes)
        {
            yield return Matrix3d.FromAxisAngle(axis, a);
            yield return Matrix3d.FromAxisAngle(axis, -a);
            yield return Matrix3d.FromAxisAngle(axis, Math.PI);
        }
    }

    private static Vector3d[] Subsample(Vector3d[] points, int count)
    {
        if (points.Length <= count)
        {
            return points;
        }

        var sample = new Vector3d[count];
        for (int i = 0; i < count; i++)
        {
            sample[i] = points[(int)((long)i * points.Length / count)];
        }

        return sample;
    }

    private static Vector3d Centroid(Vector3d[] points)
    {
        Vector3d sum = Vector3d.Zero;
        foreach (Vector3d p in points)
        {
            sum += p;
        }

        return sum / points.Length;
    }

    private static void ValidateCloud(IReadOnlyList<Vector3d> points, string source)
    {
        ArgumentNullException.ThrowIfNull(points);
        PointRegistration.PointSetValidation.Validate(points, source);
    }
}
