using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;

namespace ArSpine.Core.Phantom;

/// <summary>A generated phantom: its CT, its label volume (VerSe numbering) and its ground truth, all on one grid in the Ct frame.</summary>
/// <param name="Ct">The CT in HU.</param>
/// <param name="Labels">Vertebra labels: 20–24 = L1–L5, 26 = sacrum.</param>
/// <param name="Truth">Levels, poses and ideal pedicle screw axes, LPS mm.</param>
public sealed record PhantomCase(CtVolume Ct, LabelVolume Labels, PhantomTruth Truth);

/// <summary>
/// A deterministic synthetic lumbar spine CT: L1–L5 and the sacrum with vertebral bodies, pedicles, laminae, articular
/// pillars, spinous and transverse processes, a cortical shell denser than the cancellous bone, discs, the spinal canal,
/// muscle, fat, skin and air, blurred like a scanner's point spread and with Gaussian noise. Cost: about 1 s per 10⁷ voxels.
/// </summary>
public static class LumbarSpinePhantom
{
    /// <summary>Fraction of the way from entry to anterior cortex at which the ideal screw ends.</summary>
    public const double TargetDepthFraction = 0.8;

    /// <summary>
    /// The version of the shapes this build generates, written into the truth; raise it with any change that moves a voxel, so
    /// that phantoms written before are regenerated rather than reused. 2: kidney-shaped bodies; 3: one-piece sacrum.
    /// </summary>
    public const int GeneratorVersion = 3;

    private const double CortexThicknessMm = 1.2;
    private const double CorticalHu = 1150;
    private const double CancellousHu = 240;
    private const double DiscHu = 85;
    private const double CsfHu = 10;
    private const double MuscleHu = 45;
    private const double FatHu = -100;
    private const double SkinHu = 30;
    private const double AirHu = -1000;
    private const double PointSpreadSigmaMm = 0.45;
    private const double BodyCentreYMm = -10;

    /// <summary>Generates the phantom; reports progress from 0 to 1 through <paramref name="progress"/>.</summary>
    public static PhantomCase Generate(PhantomParameters parameters, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        List<PlacedShape> elements = PlaceSpine(parameters);
        VolumeGrid grid = ChooseGrid(parameters, elements);

        var hu = new float[grid.VoxelCount];
        var labels = new byte[grid.VoxelCount];
        FillSoftTissue(grid, hu);
        progress?.Report(0.1);
        foreach (PlacedShape disc in PlaceDiscs(elements))
        {
            Rasterise(grid, disc, hu, labels, bestDistance: null);
        }

        var bestDistance = new float[grid.VoxelCount];
        Array.Fill(bestDistance, float.PositiveInfinity);
        for (int e = 0; e < elements.Count; e++)
        {
            Rasterise(grid, elements[e], hu, labels, bestDistance);
            progress?.Report(0.1 + 0.5 * (e + 1) / elements.Count);
        }

        GaussianBlur.Apply(hu, grid, PointSpreadSigmaMm);
        progress?.Report(0.9);
        short[] samples = AddNoiseAndQuantise(hu, grid, parameters);
        progress?.Report(1.0);

        var names = elements.ToDictionary(e => e.Shape.LabelId, e => e.Shape.Name);
        var truth = new PhantomTruth(parameters, elements.AsEnumerable().Reverse().Select(DescribeTruth).ToList()) { GeneratorVersion = GeneratorVersion };
        return new PhantomCase(new CtVolume(grid, samples), new LabelVolume(grid, labels, names), truth);
    }

    /// <summary>A shape placed in the Ct frame. Discs have no shape: they carry their own size.</summary>
    private sealed record PlacedShape(VertebraShape Shape, RigidTransform CtFromVertebra, RigidTransform VertebraFromCt, DiscSize? Disc = null);

    private sealed record DiscSize(double HalfWidthMm, double HalfDepthMm, double HeightMm);

    /// <summary>Stacks the vertebrae from the bottom up, bending each disc by an equal share of the curve.</summary>
    private static List<PlacedShape> PlaceSpine(PhantomParameters parameters)
    {
        var bottomUp = parameters.LevelIds.Reverse().ToList();
        if (bottomUp[0] == VertebraLevels.IdOf("L5"))
        {
            bottomUp.Insert(0, VertebraLevels.SacrumId);
        }

        int count = bottomUp.Count;
        double stepDeg = count > 1 ? parameters.CurveDeg / (count - 1) : 0;
        var placed = new List<PlacedShape>();
        Vector3d centre = Vector3d.Zero;
        for (int n = 0; n < count; n++)
        {
            VertebraShape shape = VertebraShape.ForLevel(bottomUp[n], bottomUp[n] == VertebraLevels.SacrumId ? null : parameters.PedicleWidthMm);
            Matrix3d bend = Bend(parameters.CurvePlane, n * stepDeg);
            if (n > 0)
            {
                VertebraShape below = placed[n - 1].Shape;
                Vector3d top = placed[n - 1].CtFromVertebra.Apply(new Vector3d(0, 0, below.BodyHeightMm / 2));
                Vector3d discAxis = Bend(parameters.CurvePlane, (n - 0.5) * stepDeg) * Vector3d.UnitZ;
                centre = top + discAxis * DiscHeightMm(n) + bend * new Vector3d(0, 0, shape.BodyHeightMm / 2);
            }

            double rotationDeg = count > 1 ? parameters.RotationDeg * n / (count - 1) : parameters.RotationDeg;
            Matrix3d rotation = bend * Matrix3d.FromAxisAngle(Vector3d.UnitZ, rotationDeg * Math.PI / 180);
            var ctFromVertebra = new RigidTransform(rotation, centre);
            placed.Add(new PlacedShape(shape, ctFromVertebra, ctFromVertebra.Inverse()));
        }

        double midZ = (placed[0].CtFromVertebra.TranslationMm.Z - placed[0].Shape.BodyHeightMm / 2
            + placed[^1].CtFromVertebra.TranslationMm.Z + placed[^1].Shape.BodyHeightMm / 2) / 2;
        double meanX = placed.Average(p => p.CtFromVertebra.TranslationMm.X);
        double meanY = placed.Average(p => p.CtFromVertebra.TranslationMm.Y);
        var shift = new Vector3d(-meanX, BodyCentreYMm - meanY, -midZ);
        return placed.Select(p => Shifted(p, shift)).ToList();
    }

    private static PlacedShape Shifted(PlacedShape p, Vector3d shift)
    {
        var ctFromVertebra = new RigidTransform(p.CtFromVertebra.Rotation, p.CtFromVertebra.TranslationMm + shift);
        return p with { CtFromVertebra = ctFromVertebra, VertebraFromCt = ctFromVertebra.Inverse() };
    }

    /// <summary>Disc height above the n-th element from the bottom, mm.</summary>
    private static double DiscHeightMm(int n) => 11 - 0.5 * (n - 1);

    private static Matrix3d Bend(CurvePlane plane, double angleDeg) => plane == CurvePlane.Sagittal
        ? Matrix3d.FromAxisAngle(Vector3d.UnitX, -angleDeg * Math.PI / 180)
        : Matrix3d.FromAxisAngle(Vector3d.UnitY, angleDeg * Math.PI / 180);

    /// <summary>A disc between each pair of neighbours: an elliptic slab centred between their endplates, overlapping each by 1 mm.</summary>
    private static IEnumerable<PlacedShape> PlaceDiscs(List<PlacedShape> elements)
    {
        for (int n = 1; n < elements.Count; n++)
        {
            PlacedShape below = elements[n - 1], above = elements[n];
            Vector3d top = below.CtFromVertebra.Apply(new Vector3d(0, 0, below.Shape.BodyHeightMm / 2));
            Vector3d bottom = above.CtFromVertebra.Apply(new Vector3d(0, 0, -above.Shape.BodyHeightMm / 2));
            Vector3d axis = (bottom - top).Normalized();
            Matrix3d rotation = OrientZ(axis, above.CtFromVertebra.Rotation.Column(1));
            var ctFromDisc = new RigidTransform(rotation, (top + bottom) / 2);
            var size = new DiscSize(
                Math.Min(below.Shape.BodyHalfWidthMm, above.Shape.BodyHalfWidthMm) - 0.5,
                Math.Min(below.Shape.BodyHalfDepthMm, above.Shape.BodyHalfDepthMm) - 0.5,
                Vector3d.Distance(top, bottom) + 2);
            yield return new PlacedShape(above.Shape, ctFromDisc, ctFromDisc.Inverse(), size);
        }
    }

    /// <summary>A rotation whose Z column is <paramref name="z"/> and whose X column is as close to <paramref name="xHint"/> as allowed.</summary>
    private static Matrix3d OrientZ(Vector3d z, Vector3d xHint)
    {
        Vector3d x = (xHint - z * Vector3d.Dot(xHint, z)).Normalized();
        return Matrix3d.FromColumns(x, Vector3d.Cross(z, x), z);
    }

    private static VolumeGrid ChooseGrid(PhantomParameters parameters, List<PlacedShape> elements)
    {
        Vector3d spacing = parameters.SpacingMm;
        int sizeK = parameters.SizeK;
        if (sizeK == 0)
        {
            double extentMm = 0;
            foreach (PlacedShape e in elements)
            {
                foreach (Vector3d corner in Corners(e.Shape.Bounds()))
                {
                    extentMm = Math.Max(extentMm, Math.Abs(e.CtFromVertebra.Apply(corner).Z));
                }
            }

            sizeK = (int)Math.Ceiling(2 * (extentMm + 8) / spacing.Z) + 1;
        }

        var origin = new Vector3d(-(parameters.SizeI - 1) / 2.0 * spacing.X, -(parameters.SizeJ - 1) / 2.0 * spacing.Y, -(sizeK - 1) / 2.0 * spacing.Z);
        return VolumeGrid.Axial(parameters.SizeI, parameters.SizeJ, sizeK, spacing, origin);
    }

    private static IEnumerable<Vector3d> Corners((Vector3d Min, Vector3d Max) box)
    {
        for (int c = 0; c < 8; c++)
        {
            yield return new Vector3d((c & 1) == 0 ? box.Min.X : box.Max.X, (c & 2) == 0 ? box.Min.Y : box.Max.Y, (c & 4) == 0 ? box.Min.Z : box.Max.Z);
        }
    }

    /// <summary>Muscle inside an elliptic torso with a fat layer and skin, air outside; the same in every slice.</summary>
    private static void FillSoftTissue(VolumeGrid grid, float[] hu)
    {
        Vector3d spacing = grid.SpacingMm;
        double halfWidth = Math.Min(98, grid.SizeI * spacing.X / 2 - 4);
        double halfDepth = Math.Min(80, grid.SizeJ * spacing.Y / 2 - 4);
        int sliceSize = grid.SizeI * grid.SizeJ;
        var slice = new float[sliceSize];
        for (int j = 0; j < grid.SizeJ; j++)
        {
            for (int i = 0; i < grid.SizeI; i++)
            {
                Vector3d p = grid.CtFromVoxel.Apply(new Vector3d(i, j, 0));
                double depthBelowSkin = -SignedDistance.Ellipse(p.X, p.Y + 5, halfWidth, halfDepth);
                slice[i + grid.SizeI * j] = (float)(depthBelowSkin < 0 ? AirHu : depthBelowSkin < 2 ? SkinHu : depthBelowSkin < 12 ? FatHu : MuscleHu);
            }
        }

        for (int k = 0; k < grid.SizeK; k++)
        {
            slice.CopyTo(hu, k * sliceSize);
        }
    }

    /// <summary>
    /// Writes one placed element into the volume within its bounding box: a disc (soft, no label) when
    /// <paramref name="bestDistance"/> is null, else a vertebra, which claims a voxel where it is deeper than any other.
    /// </summary>
    private static void Rasterise(VolumeGrid grid, PlacedShape element, float[] hu, byte[] labels, float[]? bestDistance)
    {
        (Vector3d min, Vector3d max) = element.Disc is DiscSize disc
            ? (new Vector3d(-disc.HalfWidthMm, -disc.HalfDepthMm, -disc.HeightMm / 2), new Vector3d(disc.HalfWidthMm, disc.HalfDepthMm, disc.HeightMm / 2))
            : element.Shape.Bounds();
        (int i0, int i1, int j0, int j1, int k0, int k1) = VoxelBox(grid, element.CtFromVertebra, min, max);
        VertebraShape shape = element.Shape;
        AffineTransform vertebraFromVoxel = AffineTransform.From(element.VertebraFromCt) * grid.CtFromVoxel;
        byte label = (byte)shape.LabelId;
        double canalHalfHeight = shape.BodyHeightMm / 2 + 6;
        Parallel.For(k0, k1 + 1, k =>
        {
            for (int j = j0; j <= j1; j++)
            {
                for (int i = i0; i <= i1; i++)
                {
                    Vector3d p = vertebraFromVoxel.Apply(new Vector3d(i, j, k));
                    int index = grid.Index(i, j, k);
                    if (element.Disc is DiscSize d)
                    {
                        if (SignedDistance.EllipticCylinder(p.X, p.Y, p.Z, d.HalfWidthMm, d.HalfDepthMm, d.HeightMm / 2) < 0)
                        {
                            hu[index] = (float)DiscHu;
                        }

                        continue;
                    }

                    double distance = shape.Distance(p.X, p.Y, p.Z);
                    if (distance < 0 && distance < bestDistance![index])
                    {
                        bestDistance[index] = (float)distance;
                        labels[index] = label;
                        hu[index] = (float)(distance > -CortexThicknessMm ? CorticalHu : CancellousHu);
                    }
                    else if (labels[index] == 0 && Math.Abs(p.Z) < canalHalfHeight && shape.CanalDistance(p.X, p.Y) < 0)
                    {
                        hu[index] = (float)CsfHu;
                    }
                }
            }
        });
    }

    private static (int I0, int I1, int J0, int J1, int K0, int K1) VoxelBox(VolumeGrid grid, RigidTransform ctFromLocal, Vector3d min, Vector3d max)
    {
        var lo = new Vector3d(double.MaxValue, double.MaxValue, double.MaxValue);
        var hi = new Vector3d(double.MinValue, double.MinValue, double.MinValue);
        foreach (Vector3d corner in Corners((min, max)))
        {
            Vector3d v = grid.VoxelFromCt.Apply(ctFromLocal.Apply(corner));
            lo = new Vector3d(Math.Min(lo.X, v.X), Math.Min(lo.Y, v.Y), Math.Min(lo.Z, v.Z));
            hi = new Vector3d(Math.Max(hi.X, v.X), Math.Max(hi.Y, v.Y), Math.Max(hi.Z, v.Z));
        }

        static int Clamp(double v, int size) => Math.Clamp((int)Math.Floor(v), 0, size - 1);
        return (Clamp(lo.X, grid.SizeI), Clamp(hi.X + 1, grid.SizeI), Clamp(lo.Y, grid.SizeJ), Clamp(hi.Y + 1, grid.SizeJ), Clamp(lo.Z, grid.SizeK), Clamp(hi.Z + 1, grid.SizeK));
    }

    private static short[] AddNoiseAndQuantise(float[] hu, VolumeGrid grid, PhantomParameters parameters)
    {
        var samples = new short[hu.Length];
        int sliceSize = grid.SizeI * grid.SizeJ;
        Parallel.For(0, grid.SizeK, k =>
        {
            SplitMix64 random = SplitMix64.ForStream(parameters.Seed, k);
            for (int index = k * sliceSize, end = index + sliceSize; index < end; index++)
            {
                double value = hu[index] + parameters.NoiseHu * random.NextGaussian();
                samples[index] = (short)Math.Clamp(Math.Round(value), -1024, 3071);
            }
        });
        return samples;
    }

    private static VertebraTruth DescribeTruth(PlacedShape element)
    {
        VertebraShape shape = element.Shape;
        RigidTransform ctFromVertebra = element.CtFromVertebra;
        var pedicles = new List<PedicleTruth>();
        if (!shape.IsSacrum)
        {
            foreach (BodySide side in new[] { BodySide.Left, BodySide.Right })
            {
                Vector3d isthmus = shape.IsthmusCentre(side);
                Vector3d axis = shape.PedicleAxis(side);
                Vector3d entry = isthmus + axis * -LastInsideAlong(shape, isthmus, -axis);
                Vector3d anterior = isthmus + axis * LastInsideAlong(shape, isthmus, axis);
                Vector3d target = Vector3d.Lerp(entry, anterior, TargetDepthFraction);
                pedicles.Add(new PedicleTruth(
                    side, ctFromVertebra.Apply(entry), ctFromVertebra.Apply(target), ctFromVertebra.Apply(anterior),
                    ctFromVertebra.Apply(isthmus), shape.IsthmusWidthMm, shape.PedicleHeightMm));
            }
        }

        return new VertebraTruth(shape.Name, shape.LabelId, ctFromVertebra.TranslationMm, ctFromVertebra.ApplyToDirection(Vector3d.UnitZ), pedicles);
    }

    /// <summary>How far from <paramref name="start"/> (inside the bone) along <paramref name="direction"/> the bone continues without a gap, mm, to 0.01 mm.</summary>
    private static double LastInsideAlong(VertebraShape shape, Vector3d start, Vector3d direction)
    {
        double inside = 0, step = 0.25;
        while (inside < 150)
        {
            Vector3d p = start + direction * (inside + step);
            if (shape.Distance(p.X, p.Y, p.Z) >= 0)
            {
                break;
            }

            inside += step;
        }

        double outside = inside + step;
        while (outside - inside > 0.01)
        {
            double middle = (inside + outside) / 2;
            Vector3d p = start + direction * middle;
            if (shape.Distance(p.X, p.Y, p.Z) < 0)
            {
                inside = middle;
            }
            else
            {
                outside = middle;
            }
        }

        return inside;
    }
}
