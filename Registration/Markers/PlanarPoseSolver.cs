using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Numerics;
using OpenCvSharp;

namespace ArSpine.Registration.Markers;

/// <summary>
/// Poses of planar targets from their image points with OpenCV's solvePnP: IPPE (IPPE_SQUARE for a single square
/// marker), then Levenberg–Marquardt refinement of it (OpenCV) and of the other planar solution (the tilt ambiguity; a
/// managed Gauss–Newton, polished by OpenCV when it comes near the first), the better kept and the other reported;
/// iterative PnP for non-planar point sets. Stateless apart from the camera; thread-safe.
/// </summary>
public sealed class PlanarPoseSolver(CameraIntrinsics camera)
{
    // Read-only native copies, made once: OpenCV only reads them, so concurrent solves may share them.
    private readonly Mat cameraMatrixMat = Mat.FromArray(camera.CameraMatrix());
    private readonly Mat distortionMat = Mat.FromArray(camera.Distortion.Count == 0 ? new double[4] : camera.Distortion.ToArray());

    /// <summary>
    /// For boards (<see cref="SolvePoints"/>): also refine the other tilt and report it (costs a managed Gauss–Newton fit, about
    /// 0.05 ms for 16 points). IPPE already starts from the better of its two solutions, so without this the pose is the same in all but
    /// near-ambiguous views, only the alternative is not reported. Single squares always compare both.
    /// </summary>
    public bool CompareBoardTilts { get; init; } = true;

    /// <summary>
    /// The corners of a square marker of side <paramref name="markerLengthMm"/> in its own frame, in OpenCV's order:
    /// (−s/2, s/2, 0), (s/2, s/2, 0), (s/2, −s/2, 0), (−s/2, −s/2, 0), mm.
    /// </summary>
    public static Vector3d[] SquareCornersMm(double markerLengthMm)
    {
        double h = markerLengthMm / 2;
        return [new(-h, h, 0), new(h, h, 0), new(h, -h, 0), new(-h, -h, 0)];
    }

    /// <summary>The pose of a square marker of side <paramref name="markerLengthMm"/> from its four detected corners; null when no finite pose in front of the camera explains them.</summary>
    public MarkerPose? SolveSquare(IReadOnlyList<PixelPoint> cornersPx, double markerLengthMm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(markerLengthMm);
        if (cornersPx.Count != 4)
        {
            throw new ArgumentException($"Expected four corners. Was {cornersPx.Count}.", nameof(cornersPx));
        }

        Vector3d[] square = SquareCornersMm(markerLengthMm);
        using var objectMat = Mat.FromArray(ToPoint3f(square));
        using var imageMat = Mat.FromArray(ToPoint2f(cornersPx));
        return SolvePlanar(objectMat, imageMat, square, SolvePnPMethod.IPPE_SQUARE);
    }

    /// <summary>
    /// The pose of a rigid set of points (a board) from at least four correspondences. Points on the target's z = 0
    /// plane take the planar path (IPPE, then both tilts refined, the better kept, as for a square); others iterative
    /// PnP (Levenberg–Marquardt). Points in the target's frame, mm.
    /// </summary>
    public MarkerPose? SolvePoints(IReadOnlyList<Vector3d> objectPointsMm, IReadOnlyList<PixelPoint> imagePointsPx)
    {
        if (objectPointsMm.Count != imagePointsPx.Count || objectPointsMm.Count < 4)
        {
            throw new ArgumentException($"Expected at least four paired points. Was {objectPointsMm.Count} object and {imagePointsPx.Count} image points.", nameof(objectPointsMm));
        }

        using var objectMat = Mat.FromArray(ToPoint3f(objectPointsMm));
        using var imageMat = Mat.FromArray(ToPoint2f(imagePointsPx));
        if (objectPointsMm.All(p => p.Z == 0))
        {
            return SolvePlanar(objectMat, imageMat, objectPointsMm, SolvePnPMethod.IPPE, CompareBoardTilts);
        }

        (double[] rvec, double[] tvec) = Solve(objectMat, imageMat, [0, 0, 0], [0, 0, 0], false, SolvePnPMethod.Iterative);
        return Valid(rvec, tvec) ? WithUncertainty(new MarkerPose(ToTransform(rvec, tvec), ReprojectionErrorPx(objectMat, imageMat, rvec, tvec), null), objectPointsMm) : null;
    }

    /// <summary>
    /// A planar target's pose: the analytic IPPE solution, then Levenberg–Marquardt refinement of it and of the other
    /// tilt (the normal mirrored about the line of sight); the one with the lower reprojection error is returned, the other as the alternative.
    /// Both errors are OpenCV's, on the distorted image.
    /// The point Mats are made once by the caller and shared by every solve and reprojection.
    /// </summary>
    private MarkerPose? SolvePlanar(Mat objectPoints, Mat imagePoints, IReadOnlyList<Vector3d> objectPointsMm, SolvePnPMethod initial, bool compareBothTilts = true)
    {
        (double[] rvec, double[] tvec) = Solve(objectPoints, imagePoints, [0, 0, 0], [0, 0, 0], false, initial);
        if (!Valid(rvec, tvec))
        {
            (rvec, tvec) = Solve(objectPoints, imagePoints, [0, 0, 0], [0, 0, 0], false, SolvePnPMethod.Iterative);
            if (!Valid(rvec, tvec))
            {
                return null;
            }
        }

        (double[] rA, double[] tA) = Solve(objectPoints, imagePoints, rvec, tvec, true, SolvePnPMethod.Iterative);
        if (!Valid(rA, tA))
        {
            (rA, tA) = (rvec, tvec);
        }

        double errorA = ReprojectionErrorPx(objectPoints, imagePoints, rA, tA);
        RigidTransform poseA = ToTransform(rA, tA);
        if (!compareBothTilts)
        {
            return WithUncertainty(new MarkerPose(poseA, errorA, null), objectPointsMm);
        }

        (double[] rFlip, double[] tFlip) = FlippedTilt(poseA, rA, tA);
        // The other tilt only has to be fitted well enough to compare its error: a managed Gauss-Newton in the
        // undistorted image costs a fraction of a second OpenCV Levenberg-Marquardt run from this far-off start.
        (double[] rB, double[] tB) = RefineOtherTilt(objectPointsMm, UndistortedNormalised(imagePoints), ToTransform(rFlip, tFlip));
        if (!Valid(rB, tB))
        {
            return WithUncertainty(new MarkerPose(poseA, errorA, null), objectPointsMm);
        }

        double errorB = ReprojectionErrorPx(objectPoints, imagePoints, rB, tB);
        if (errorB < MarkerPose.AmbiguityRatio * Math.Max(errorA, 0.05))
        {
            // It may be chosen (now or by the tracker): polish it on the distorted image, as the first.
            (double[] rP, double[] tP) = Solve(objectPoints, imagePoints, rB, tB, true, SolvePnPMethod.Iterative);
            if (Valid(rP, tP))
            {
                (rB, tB) = (rP, tP);
                errorB = ReprojectionErrorPx(objectPoints, imagePoints, rB, tB);
            }
        }
        RigidTransform poseB = ToTransform(rB, tB);
        bool distinct = QuaternionD.AngleBetweenDeg(poseA.Rotation, poseB.Rotation) > 0.5;
        if (!distinct || errorA <= errorB)
        {
            return WithUncertainty(new MarkerPose(poseA, errorA, distinct ? errorB : null, distinct ? poseB : null), objectPointsMm);
        }

        return WithUncertainty(new MarkerPose(poseB, errorB, errorA, poseA), objectPointsMm);
    }

    /// <summary>The pose with its <see cref="MarkerPose.Uncertainty"/> from the Jacobian at it and its own residuals (one 6x6 inverse).</summary>
    private MarkerPose WithUncertainty(MarkerPose pose, IReadOnlyList<Vector3d> objectPointsMm) =>
        pose with { Uncertainty = PoseUncertainty.Of(pose.CameraFromMarker, objectPointsMm, camera.FxPx, camera.FyPx, pose.ReprojectionErrorPx) };

    /// <summary>The image points (a Point2f Mat) in undistorted normalised camera coordinates (x / z, y / z).</summary>
    private (double X, double Y)[] UndistortedNormalised(Mat imagePoints)
    {
        Point2f[] points;
        if (camera.HasDistortion)
        {
            using var normalised = new Mat();
            Cv2.UndistortPoints(imagePoints, normalised, cameraMatrixMat, distortionMat);
            normalised.GetArray(out points);
            var result = new (double X, double Y)[points.Length];
            for (int i = 0; i < points.Length; i++)
            {
                result[i] = (points[i].X, points[i].Y);
            }

            return result;
        }

        imagePoints.GetArray(out points);
        var pinhole = new (double X, double Y)[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            pinhole[i] = ((points[i].X - camera.CxPx) / camera.FxPx, (points[i].Y - camera.CyPx) / camera.FyPx);
        }

        return pinhole;
    }

    /// <summary>
    /// Levenberg-Marquardt on the pose (rotation updated on the left by a rotation vector, translation added) minimising
    /// the undistorted image residuals scaled to pixels by fx and fy. At most 30 iterations; returns NaNs when the
    /// target would pass behind the camera.
    /// </summary>
    private (double[] R, double[] T) RefineOtherTilt(IReadOnlyList<Vector3d> objectPointsMm, (double X, double Y)[] normalised, RigidTransform start)
    {
        Matrix3d rotation = start.Rotation;
        Vector3d translation = start.TranslationMm;
        double lambda = 1e-3;
        double cost = OtherTiltCost(objectPointsMm, normalised, rotation, translation);
        var jtj = new double[6, 6];
        var jtr = new double[6];
        var delta = new double[6];
        var row = new double[6];
        var damped = new double[6, 6];
        var rhs = new double[6];
        for (int iteration = 0; iteration < 30 && double.IsFinite(cost); iteration++)
        {
            Array.Clear(jtj);
            Array.Clear(jtr);
            for (int i = 0; i < objectPointsMm.Count; i++)
            {
                Vector3d q = rotation * objectPointsMm[i];
                Vector3d p = q + translation;
                double iz = 1 / p.Z;
                for (int axis = 0; axis < 2; axis++)
                {
                    // Gradient of this residual with respect to the camera-frame point.
                    double f = axis == 0 ? camera.FxPx : camera.FyPx;
                    var g = axis == 0 ? new Vector3d(f * iz, 0, -f * p.X * iz * iz) : new Vector3d(0, f * iz, -f * p.Y * iz * iz);
                    double residual = f * ((axis == 0 ? p.X : p.Y) * iz - (axis == 0 ? normalised[i].X : normalised[i].Y));
                    row[0] = g.Y * -q.Z + g.Z * q.Y;
                    row[1] = g.X * q.Z + g.Z * -q.X;
                    row[2] = g.X * -q.Y + g.Y * q.X;
                    row[3] = g.X;
                    row[4] = g.Y;
                    row[5] = g.Z;
                    for (int a = 0; a < 6; a++)
                    {
                        jtr[a] += row[a] * residual;
                        for (int b = 0; b < 6; b++)
                        {
                            jtj[a, b] += row[a] * row[b];
                        }
                    }
                }
            }

            bool improved = false;
            while (lambda < 1e8)
            {
                // TrySolve works in place: refill the damped system for each damping tried.
                Array.Copy(jtj, damped, jtj.Length);
                for (int a = 0; a < 6; a++)
                {
                    damped[a, a] += lambda * Math.Max(jtj[a, a], 1e-12);
                    rhs[a] = -jtr[a];
                }

                if (!LinearSystem.TrySolve(damped, rhs, delta))
                {
                    lambda *= 10;
                    continue;
                }

                var omega = new Vector3d(delta[0], delta[1], delta[2]);
                Matrix3d candidateRotation = QuaternionD.FromRotationVector(omega) * rotation;
                Vector3d candidateTranslation = translation + new Vector3d(delta[3], delta[4], delta[5]);
                double candidateCost = OtherTiltCost(objectPointsMm, normalised, candidateRotation, candidateTranslation);
                if (candidateCost < cost)
                {
                    (rotation, translation, cost) = (candidateRotation, candidateTranslation, candidateCost);
                    lambda = Math.Max(lambda / 10, 1e-9);
                    improved = true;
                    break;
                }

                lambda *= 10;
            }

            if (!improved || Math.Sqrt(delta[0] * delta[0] + delta[1] * delta[1] + delta[2] * delta[2]) < 1e-9)
            {
                break;
            }
        }

        if (!double.IsFinite(cost))
        {
            return ([double.NaN, double.NaN, double.NaN], [double.NaN, double.NaN, double.NaN]);
        }

        Vector3d r = QuaternionD.ToRotationVector(rotation);
        return ([r.X, r.Y, r.Z], [translation.X, translation.Y, translation.Z]);
    }

    /// <summary>Sum of squared undistorted residuals scaled to pixels; infinity when a point is not in front of the camera.</summary>
    private double OtherTiltCost(IReadOnlyList<Vector3d> objectPointsMm, (double X, double Y)[] normalised, Matrix3d rotation, Vector3d translation)
    {
        double sum = 0;
        for (int i = 0; i < objectPointsMm.Count; i++)
        {
            Vector3d p = rotation * objectPointsMm[i] + translation;
            if (!(p.Z > 1e-3))
            {
                return double.PositiveInfinity;
            }

            double du = camera.FxPx * (p.X / p.Z - normalised[i].X), dv = camera.FyPx * (p.Y / p.Z - normalised[i].Y);
            sum += du * du + dv * dv;
        }

        return sum;
    }

    /// <summary>Projects points of a target at <paramref name="cameraFromTarget"/> into the image, pixels, with distortion.</summary>
    public PixelPoint[] Project(RigidTransform cameraFromTarget, IReadOnlyList<Vector3d> pointsMm)
    {
        Vector3d r = QuaternionD.ToRotationVector(cameraFromTarget.Rotation);
        Vector3d t = cameraFromTarget.TranslationMm;
        using var objectMat = Mat.FromArray(ToPoint3f(pointsMm));
        Point2f[] projected = ProjectPoints(objectMat, [r.X, r.Y, r.Z], [t.X, t.Y, t.Z]);
        return projected.Select(p => new PixelPoint(p.X, p.Y)).ToArray();
    }

    /// <summary>The rigid transform of OpenCV's rotation vector (radians) and translation (mm).</summary>
    public static RigidTransform ToTransform(double[] rvec, double[] tvec) =>
        new(QuaternionD.FromRotationVector(new Vector3d(rvec[0], rvec[1], rvec[2])), new Vector3d(tvec[0], tvec[1], tvec[2]));

    /// <summary>True for a finite solution with the target in front of the camera.</summary>
    private static bool Valid(double[] rvec, double[] tvec) =>
        rvec.All(double.IsFinite) && tvec.All(double.IsFinite) && tvec[2] > 1e-3;

    private (double[] R, double[] T) Solve(Mat objectPoints, Mat imagePoints, double[] rvec, double[] tvec, bool useGuess, SolvePnPMethod method)
    {
        try
        {
            double[] r = (double[])rvec.Clone(), t = (double[])tvec.Clone();
            using var rMat = Mat.FromArray(r).Reshape(1, 3);
            using var tMat = Mat.FromArray(t).Reshape(1, 3);
            Cv2.SolvePnP(objectPoints, imagePoints, cameraMatrixMat, distortionMat, rMat, tMat, useGuess, method);
            return ([rMat.At<double>(0), rMat.At<double>(1), rMat.At<double>(2)], [tMat.At<double>(0), tMat.At<double>(1), tMat.At<double>(2)]);
        }
        catch (OpenCVException)
        {
            // Degenerate correspondences (coincident or collinear points): no pose.
            return ([double.NaN, double.NaN, double.NaN], [double.NaN, double.NaN, double.NaN]);
        }
    }

    /// <summary>
    /// The other planar solution's starting point: the marker's normal mirrored about the line of sight to its centre
    /// (tilted the other way by the same angle), position unchanged. <paramref name="pose"/> is
    /// <see cref="ToTransform"/> of <paramref name="rvec"/> and <paramref name="tvec"/>.
    /// </summary>
    private static (double[] R, double[] T) FlippedTilt(RigidTransform pose, double[] rvec, double[] tvec)
    {
        Vector3d lineOfSight = pose.TranslationMm.Normalized();
        Vector3d normal = pose.Rotation.Column(3);
        if (Vector3d.Dot(normal, lineOfSight) > 0)
        {
            lineOfSight = -lineOfSight;
        }

        Vector3d axis = Vector3d.Cross(normal, lineOfSight);
        double sinAngle = axis.Length;
        if (sinAngle < 1e-9)
        {
            return (rvec, tvec);
        }

        double angle = Math.Atan2(sinAngle, Vector3d.Dot(normal, lineOfSight));
        Matrix3d tilt = Matrix3d.FromAxisAngle(axis / sinAngle, 2 * angle);
        Vector3d r = QuaternionD.ToRotationVector(tilt * pose.Rotation);
        return ([r.X, r.Y, r.Z], tvec);
    }

    private double ReprojectionErrorPx(Mat objectPoints, Mat imagePoints, double[] rvec, double[] tvec)
    {
        Point2f[] projected = ProjectPoints(objectPoints, rvec, tvec);
        imagePoints.GetArray(out Point2f[] observed);
        double sum = 0;
        for (int i = 0; i < projected.Length; i++)
        {
            double dx = projected[i].X - observed[i].X, dy = projected[i].Y - observed[i].Y;
            sum += dx * dx + dy * dy;
        }

        return Math.Sqrt(sum / projected.Length);
    }

    /// <summary>Projects target points (a Point3f Mat) with the solver's camera Mats; no Jacobian is computed.</summary>
    private Point2f[] ProjectPoints(Mat objectPoints, double[] rvec, double[] tvec)
    {
        using var rMat = Mat.FromArray(rvec);
        using var tMat = Mat.FromArray(tvec);
        using var projected = new Mat();
        Cv2.ProjectPoints(objectPoints, rMat, tMat, cameraMatrixMat, distortionMat, projected);
        projected.GetArray(out Point2f[] points);
        return points;
    }

    private static Point3f[] ToPoint3f(IReadOnlyList<Vector3d> points) => points.Select(p => new Point3f((float)p.X, (float)p.Y, (float)p.Z)).ToArray();

    private static Point2f[] ToPoint2f(IReadOnlyList<PixelPoint> points) => points.Select(p => new Point2f((float)p.X, (float)p.Y)).ToArray();
}
