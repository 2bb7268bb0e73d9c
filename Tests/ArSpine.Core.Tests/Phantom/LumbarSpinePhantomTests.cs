using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using Xunit.Abstractions;

namespace ArSpine.Core.Tests.Phantom;

/// <summary>The phantom's truth must agree with its own label volume and CT, across seeds, curves and rotations.</summary>
public class LumbarSpinePhantomTests : IClassFixture<LumbarSpinePhantomTests.DefaultPhantom>
{
    private readonly PhantomCase _default;
    private readonly ITestOutputHelper _output;

    public LumbarSpinePhantomTests(DefaultPhantom fixture, ITestOutputHelper output)
    {
        _default = fixture.Case;
        _output = output;
    }

    /// <summary>The default phantom (L1–L5 and sacrum, 256x256, 0.8 x 0.8 x 1 mm), generated once for the class.</summary>
    public sealed class DefaultPhantom
    {
        public PhantomCase Case { get; } = LumbarSpinePhantom.Generate(new PhantomParameters());
    }

    public static TheoryData<int, double, CurvePlane, double> Variations => new()
    {
        { 1, 0, CurvePlane.Coronal, 0 },
        { 2, 20, CurvePlane.Coronal, 0 },
        { 3, -15, CurvePlane.Sagittal, 0 },
        { 4, 0, CurvePlane.Coronal, 20 },
        { 5, 25, CurvePlane.Coronal, -15 },
    };

    [Fact]
    public void Generate_Default_LabelsAreExactlyTheTruthLevelsInVerSeNumbering()
    {
        IReadOnlyList<int> present = _default.Labels.PresentLabels();

        Assert.Equal(new[] { 20, 21, 22, 23, 24, 26 }, present);
        Assert.Equal(new[] { "L1", "L2", "L3", "L4", "L5", "S" }, _default.Truth.Vertebrae.Select(v => v.Name));
        Assert.Equal(present, _default.Truth.Vertebrae.Select(v => v.LabelId).Order());
        foreach (VertebraTruth v in _default.Truth.Vertebrae)
        {
            Assert.Equal(v.Name, _default.Labels.Names[v.LabelId]);
        }
    }

    [Fact]
    public void Generate_Default_LevelsAscendFromSacrumToL1InLabelCentroids()
    {
        Vector3d[] centroids = LabelCentroids(_default.Labels);
        double[] superior = _default.Truth.Vertebrae.Select(v => centroids[v.LabelId].Z).ToArray();

        // Truth lists superior to inferior; LPS +Z is superior.
        for (int n = 1; n < superior.Length; n++)
        {
            Assert.True(superior[n - 1] > superior[n] + 20, $"{_default.Truth.Vertebrae[n - 1].Name} at z {superior[n - 1]:0.0} should lie above {_default.Truth.Vertebrae[n].Name} at z {superior[n]:0.0}.");
        }
    }

    [Fact]
    public void Generate_Default_LeftPedicleLiesOnThePatientsLeft()
    {
        foreach (VertebraTruth v in _default.Truth.Vertebrae.Where(v => v.Pedicles.Count > 0))
        {
            PedicleTruth left = v.Pedicles.Single(p => p.Side == BodySide.Left);
            PedicleTruth right = v.Pedicles.Single(p => p.Side == BodySide.Right);
            Assert.True(left.IsthmusCentreCt.X > v.BodyCentreCt.X + 10, $"{v.Name}: left isthmus x {left.IsthmusCentreCt.X:0.0} should be > body x {v.BodyCentreCt.X:0.0} + 10 (LPS +X is left).");
            Assert.True(right.IsthmusCentreCt.X < v.BodyCentreCt.X - 10, $"{v.Name}: right isthmus x {right.IsthmusCentreCt.X:0.0} should be < body x - 10.");
            Assert.True(left.EntryCt.Y > left.TargetCt.Y + 20, $"{v.Name}: the entry should be posterior (LPS +Y) of the target.");
        }
    }

    [Theory]
    [MemberData(nameof(Variations))]
    public void Generate_Variations_EveryIdealAxisRunsInsideItsPedicleAndBody(int seed, double curveDeg, CurvePlane plane, double rotationDeg)
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(SmallPhantom(seed, curveDeg, plane, rotationDeg));

        foreach (VertebraTruth v in phantom.Truth.Vertebrae)
        {
            foreach (PedicleTruth p in v.Pedicles)
            {
                double length = Vector3d.Distance(p.EntryCt, p.TargetCt);
                int outside = 0, samples = 0;
                for (double t = 1.0; t <= length; t += 0.25, samples++)
                {
                    Vector3d point = Vector3d.Lerp(p.EntryCt, p.TargetCt, t / length);
                    if (LabelAt(phantom.Labels, point) != v.LabelId)
                    {
                        outside++;
                    }
                }

                Assert.True(outside == 0, $"{v.Name} {p.Side}: {outside} of {samples} samples along the ideal axis fall outside label {v.LabelId}.");
                Assert.True(length is > 30 and < 70, $"{v.Name} {p.Side}: ideal screw length {length:0.0} mm outside 30–70 mm.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Variations))]
    public void Generate_Variations_IsthmusWidthMeasuredFromLabelsMatchesTruth(int seed, double curveDeg, CurvePlane plane, double rotationDeg)
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(SmallPhantom(seed, curveDeg, plane, rotationDeg));

        foreach (VertebraTruth v in phantom.Truth.Vertebrae)
        {
            foreach (PedicleTruth p in v.Pedicles)
            {
                Vector3d axis = (p.TargetCt - p.EntryCt).Normalized();
                Vector3d across = Vector3d.Cross(axis, v.SuperiorAxisCt).Normalized();
                double lateral = RunInside(phantom.Labels, v.LabelId, p.IsthmusCentreCt, across);
                double medial = RunInside(phantom.Labels, v.LabelId, p.IsthmusCentreCt, -across);
                double measured = lateral + medial;
                _output.WriteLine($"seed {seed} {v.Name} {p.Side}: isthmus width truth {p.IsthmusWidthMm:0.00} mm, measured {measured:0.00} mm (sides {lateral:0.00} / {medial:0.00})");

                Assert.True(Math.Abs(measured - p.IsthmusWidthMm) <= 1.0, $"{v.Name} {p.Side}: measured isthmus width {measured:0.00} mm, truth {p.IsthmusWidthMm:0.00} mm.");
                Assert.True(Math.Abs(lateral - medial) <= 1.0, $"{v.Name} {p.Side}: the axis should be centred in the isthmus; {lateral:0.00} mm to one wall, {medial:0.00} mm to the other.");
            }
        }
    }

    [Fact]
    public void Generate_Default_CortexIsDenserThanCancellousBoneAndTissuesHaveTheirHu()
    {
        VertebraTruth l3 = _default.Truth.Vertebrae.Single(v => v.Name == "L3");
        double cancellous = MeanHu(_default.Ct, l3.BodyCentreCt, 2);
        double peakAlongAnteriorRay = 0;
        for (double t = 0; t < 30; t += 0.25)
        {
            Vector3d p = l3.BodyCentreCt + new Vector3d(0, -t, 0);
            if (LabelAt(_default.Labels, p) == l3.LabelId)
            {
                peakAlongAnteriorRay = Math.Max(peakAlongAnteriorRay, HuAt(_default.Ct, p));
            }
        }

        Vector3d canalCentre = l3.BodyCentreCt + new Vector3d(0, 23.5, 0);
        double canal = MeanHu(_default.Ct, canalCentre, 1);
        double air = MeanHu(_default.Ct, _default.Ct.Grid.CtFromVoxel.Apply(new Vector3d(2, 2, 2)), 1);
        _output.WriteLine($"L3 cancellous {cancellous:0} HU, cortical peak {peakAlongAnteriorRay:0} HU, canal {canal:0} HU, air {air:0} HU");

        Assert.InRange(cancellous, 180, 300);
        Assert.True(peakAlongAnteriorRay > 600, $"Expected a cortical shell above 600 HU; the peak was {peakAlongAnteriorRay:0} HU.");
        Assert.InRange(canal, -20, 60);
        Assert.InRange(air, -1024, -950);
    }

    [Fact]
    public void Generate_SameSeed_IsBitIdentical_OtherSeedChangesOnlyNoise()
    {
        PhantomParameters parameters = SmallPhantom(11, 10, CurvePlane.Sagittal, 5);
        PhantomCase a = LumbarSpinePhantom.Generate(parameters);
        PhantomCase b = LumbarSpinePhantom.Generate(parameters);
        PhantomCase c = LumbarSpinePhantom.Generate(parameters with { Seed = 12 });

        Assert.Equal(a.Ct.Hu, b.Ct.Hu);
        Assert.Equal(a.Labels.Labels, b.Labels.Labels);
        Assert.NotEqual(a.Ct.Hu, c.Ct.Hu);
        Assert.Equal(a.Labels.Labels, c.Labels.Labels);
    }

    [Fact]
    public void Generate_SubsetOfLevelsWithoutL5_HasNoSacrum()
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { LevelIds = VertebraLevels.ParseRange("L2-L3"), SizeI = 192, SizeJ = 192, SpacingMm = new Vector3d(1, 1, 1.5) });
        Assert.Equal(new[] { 21, 22 }, phantom.Labels.PresentLabels());
    }

    [Fact]
    public void Generate_BadParameters_ThrowsNamingTheParameter()
    {
        var error = Assert.Throws<ArgumentException>(() => LumbarSpinePhantom.Generate(new PhantomParameters { SpacingMm = new Vector3d(0.8, 0.8, 0) }));
        Assert.Contains("Expected a spacing of 0.2–3 mm in-plane and 0.2–5 mm between slices. Was (0.8, 0.8, 0).", error.Message);
    }

    [Fact]
    public void Truth_SaveAndLoad_RoundTrips()
    {
        string path = Path.Combine(Path.GetTempPath(), $"truth-{Guid.NewGuid():N}.json");
        try
        {
            _default.Truth.Save(path);
            PhantomTruth loaded = PhantomTruth.Load(path);
            Assert.Equal(_default.Truth.Vertebrae.Count, loaded.Vertebrae.Count);
            for (int v = 0; v < loaded.Vertebrae.Count; v++)
            {
                Assert.Equal(_default.Truth.Vertebrae[v].Pedicles.Select(p => p.EntryCt.ToString()), loaded.Vertebrae[v].Pedicles.Select(p => p.EntryCt.ToString()));
            }

            Assert.Equal(_default.Truth.Parameters.LevelIds, loaded.Parameters.LevelIds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static PhantomParameters SmallPhantom(int seed, double curveDeg, CurvePlane plane, double rotationDeg) => new()
    {
        Seed = seed,
        LevelIds = VertebraLevels.ParseRange("L3-L5"),
        CurveDeg = curveDeg,
        CurvePlane = plane,
        RotationDeg = rotationDeg,
        SizeI = 224,
        SizeJ = 224,
    };

    private static int LabelAt(LabelVolume labels, Vector3d pointCt) =>
        labels.Grid.NearestVoxel(pointCt) is var (i, j, k) ? labels[i, j, k] : -1;

    private static double HuAt(CtVolume ct, Vector3d pointCt) =>
        ct.Grid.NearestVoxel(pointCt) is var (i, j, k) ? ct[i, j, k] : double.NaN;

    /// <summary>How far from <paramref name="start"/> along <paramref name="direction"/> the label continues, mm, in 0.05 mm steps of nearest-voxel lookups.</summary>
    private static double RunInside(LabelVolume labels, int label, Vector3d start, Vector3d direction)
    {
        double t = 0;
        while (t < 40 && LabelAt(labels, start + direction * (t + 0.05)) == label)
        {
            t += 0.05;
        }

        return t;
    }

    private static double MeanHu(CtVolume ct, Vector3d centreCt, int radiusVoxels)
    {
        var (ci, cj, ck) = ct.Grid.NearestVoxel(centreCt) ?? throw new InvalidOperationException($"{centreCt} lies outside the volume.");
        double sum = 0;
        int count = 0;
        for (int k = ck - radiusVoxels; k <= ck + radiusVoxels; k++)
        {
            for (int j = cj - radiusVoxels; j <= cj + radiusVoxels; j++)
            {
                for (int i = ci - radiusVoxels; i <= ci + radiusVoxels; i++)
                {
                    sum += ct[i, j, k];
                    count++;
                }
            }
        }

        return sum / count;
    }

    private static Vector3d[] LabelCentroids(LabelVolume labels)
    {
        var sums = new Vector3d[256];
        var counts = new long[256];
        VolumeGrid g = labels.Grid;
        for (int k = 0; k < g.SizeK; k++)
        {
            for (int j = 0; j < g.SizeJ; j++)
            {
                for (int i = 0; i < g.SizeI; i++)
                {
                    byte label = labels[i, j, k];
                    if (label != 0)
                    {
                        sums[label] += new Vector3d(i, j, k);
                        counts[label]++;
                    }
                }
            }
        }

        return sums.Select((s, id) => counts[id] > 0 ? g.CtFromVoxel.Apply(s / counts[id]) : Vector3d.Zero).ToArray();
    }
}
