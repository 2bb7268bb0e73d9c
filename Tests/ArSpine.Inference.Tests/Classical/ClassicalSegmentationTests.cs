using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;
using ArSpine.Inference.Classical;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.Inference.Tests.Classical;

public sealed class ClassicalSegmentationTests(ITestOutputHelper output)
{
    private const string RealCt = "totalsegmentator/example_ct.nii.gz";
    private const string RealLabels = "totalsegmentator/spine_report/example_ct_report/totalseg.nii.gz";

    /// <summary>TotalSegmentator's vertebra ids (v2) and the VerSe ids of the same levels.</summary>
    private static readonly Dictionary<int, int> VerseOfTotalSegmentator = new()
    {
        [26] = VertebraLevels.SacrumId, [27] = 24, [28] = 23, [29] = 22, [30] = 21, [31] = 20, [32] = 19, [33] = 18,
    };

    public static TheoryData<int, double, CurvePlane, double> Phantoms => new()
    {
        { 1, 0, CurvePlane.Coronal, 0 },
        { 2, 12, CurvePlane.Coronal, 0 },
        { 3, 15, CurvePlane.Sagittal, 0 },
        { 4, 0, CurvePlane.Coronal, 12 },
        { 5, -10, CurvePlane.Coronal, -10 },
    };

    [Theory]
    [MemberData(nameof(Phantoms))]
    public void Segment_Phantom_EveryVertebraNamedRightWithDiceAtLeast095(int seed, double curveDeg, CurvePlane plane, double rotationDeg)
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters
        {
            Seed = seed, CurveDeg = curveDeg, CurvePlane = plane, RotationDeg = rotationDeg,
            SpacingMm = new(1.0, 1.0, 1.25), SizeI = 160, SizeJ = 150,
        });

        SegmentationResult result = ClassicalSegmentation.Segment(phantom.Ct);

        Assert.Equal(phantom.Truth.Vertebrae.Select(v => v.LabelId).Order(), result.Levels.Select(l => l.LabelId).Order());
        foreach (VertebraTruth vertebra in phantom.Truth.Vertebrae)
        {
            double dice = Dice.Of(result.Labels, vertebra.LabelId, phantom.Labels, vertebra.LabelId);
            output.WriteLine($"seed {seed}, curve {curveDeg}° {plane}, rotation {rotationDeg}°: {vertebra.Name} Dice {dice:0.000}");
            Assert.True(dice >= 0.95, $"{vertebra.Name}: Dice {dice:0.000}, expected at least 0.95.");
            Assert.Equal(vertebra.Name, result.Labels.Names[vertebra.LabelId]);
        }
    }

    [Theory]
    [InlineData(2, 12.0, CurvePlane.Sagittal, 8.0)]
    [InlineData(6, -15.0, CurvePlane.Coronal, -6.0)]
    public void Segment_PhantomAtItsDefaultSpacing_EveryVertebraNamedRightWithDiceAtLeast095(int seed, double curveDeg, CurvePlane plane, double rotationDeg)
    {
        // 0.8 x 0.8 x 1.0 mm resolves the cortex: the labels' outer layer is trimmed to the half-maximum surface.
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { Seed = seed, CurveDeg = curveDeg, CurvePlane = plane, RotationDeg = rotationDeg });

        SegmentationResult result = ClassicalSegmentation.Segment(phantom.Ct);

        Assert.Equal(phantom.Truth.Vertebrae.Select(v => v.LabelId).Order(), result.Levels.Select(l => l.LabelId).Order());
        foreach (VertebraTruth vertebra in phantom.Truth.Vertebrae)
        {
            double dice = Dice.Of(result.Labels, vertebra.LabelId, phantom.Labels, vertebra.LabelId);
            output.WriteLine($"default spacing, seed {seed}, curve {curveDeg}° {plane}, rotation {rotationDeg}°: {vertebra.Name} Dice {dice:0.000}");
            Assert.True(dice >= 0.95, $"{vertebra.Name}: Dice {dice:0.000}, expected at least 0.95.");
            Assert.Equal(vertebra.Name, result.Labels.Names[vertebra.LabelId]);
        }
    }

    [Fact]
    public void Segment_PhantomWithoutSacrum_RefusesToGuessTheLevelsUnlessLowestIsGiven()
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters
        {
            Seed = 9, LevelIds = VertebraLevels.ParseRange("L1-L3"), SpacingMm = new(1.0, 1.0, 1.25), SizeI = 160, SizeJ = 150,
        });

        var error = Assert.Throws<InvalidInputException>(() => ClassicalSegmentation.Segment(phantom.Ct));
        SegmentationResult named = ClassicalSegmentation.Segment(phantom.Ct, new ClassicalSegmentationOptions { LowestVertebra = "L3" });

        Assert.Equal("levels: expected the sacrum at the bottom of the scan to name the levels from, or --lowest NAME naming the lowest vertebra found. Was 'no sacrum found'.", error.Message);
        Assert.Equal(["L3", "L2", "L1"], named.Levels.Select(l => l.Name));
        Assert.Contains(named.Warnings, w => w.Contains("No sacrum found", StringComparison.Ordinal));
        foreach (VertebraTruth vertebra in phantom.Truth.Vertebrae)
        {
            double dice = Dice.Of(named.Labels, vertebra.LabelId, phantom.Labels, vertebra.LabelId);
            output.WriteLine($"L1-L3, --lowest L3: {vertebra.Name} Dice {dice:0.000}");
            Assert.True(dice >= 0.95, $"{vertebra.Name}: Dice {dice:0.000}.");
        }
    }

    [Fact]
    public void Segment_LowestL6_NamesEveryLevelOneLower()
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { Seed = 4, SpacingMm = new(1.2, 1.2, 1.5), SizeI = 130, SizeJ = 125 });

        SegmentationResult result = ClassicalSegmentation.Segment(phantom.Ct, new ClassicalSegmentationOptions { LowestVertebra = "L6" });

        Assert.Equal(["S", "L6", "L5", "L4", "L3", "L2"], result.Levels.Select(l => l.Name));
        // The phantom's L5 is what the override calls L6: the same voxels under the next lower name.
        Assert.True(Dice.Of(result.Labels, VertebraLevels.IdOf("L6"), phantom.Labels, VertebraLevels.IdOf("L5")) >= 0.95);
    }

    [Theory]
    [InlineData("S", "--lowest: expected a vertebra from C2 to L6 (not the sacrum, coccyx or T13). Was 'S'.")]
    [InlineData("X9", "--lowest: expected a vertebra name such as L5, L6, L4 or T12. Was 'X9'.")]
    public void Segment_BadLowest_ThrowsNamingTheOption(string lowest, string message)
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { Seed = 4, LevelIds = VertebraLevels.ParseRange("L4-L5"), SpacingMm = new(1.5, 1.5, 2), SizeI = 100, SizeJ = 100 });

        var error = Assert.Throws<InvalidInputException>(() => ClassicalSegmentation.Segment(phantom.Ct, new ClassicalSegmentationOptions { LowestVertebra = lowest }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Segment_SagittalGrid_IsRefusedAsUntrustedOrientation()
    {
        // A grid tilted 50° about the L–R axis: no voxel axis lies within 35° of superior–inferior.
        var tilt = Matrix3d.FromAxisAngle(new Vector3d(1, 0, 0), 50 * Math.PI / 180);
        var grid = new VolumeGrid(40, 40, 40, new AffineTransform(tilt, Vector3d.Zero));
        var ct = new CtVolume(grid, new short[grid.VoxelCount]);

        var error = Assert.Throws<InvalidInputException>(() => ClassicalSegmentation.Segment(ct));

        Assert.StartsWith("CT orientation: expected a voxel axis within 35° of the patient's superior–inferior axis. Was '", error.Message);
    }

    [SharedDataFact(RealLabels)]
    public void Segment_RealCt_LumbarDiceAtLeast085AgainstTotalSegmentator()
    {
        CtVolume ct = NiftiReader.ReadCt(SharedData.PathOf(RealCt));
        LabelVolume reference = NiftiReader.ReadLabels(SharedData.PathOf(RealLabels), VerseOfTotalSegmentator.ToDictionary(p => p.Key, p => $"TotalSegmentator {p.Key}"));
        var verseReference = new LabelVolume(reference.Grid, reference.Labels.Select(l => l == 0 ? (byte)0 : (byte)VerseOfTotalSegmentator[l]).ToArray(),
            VerseOfTotalSegmentator.Values.ToDictionary(id => id, VertebraLevels.NameOf));

        SegmentationResult result = ClassicalSegmentation.Segment(ct);

        output.WriteLine("found: " + string.Join(", ", result.Levels.Select(l => $"{l.Name} ({l.Voxels} voxels)")));
        Assert.Equal(["S", "L5", "L4", "L3", "L2", "L1", "T12"], result.Levels.Select(l => l.Name));
        foreach (string warning in result.Warnings)
        {
            output.WriteLine("warning: " + warning);
        }

        var failures = new List<string>();
        foreach (string name in new[] { "L1", "L2", "L3", "L4", "L5" })
        {
            int id = VertebraLevels.IdOf(name);
            double dice = Dice.Of(result.Labels, id, verseReference, id);
            output.WriteLine($"example_ct {name}: Dice {dice:0.000} against TotalSegmentator");
            if (dice < 0.85)
            {
                failures.Add($"{name} {dice:0.000}");
            }
        }

        Assert.True(failures.Count == 0, "Dice below 0.85: " + string.Join(", ", failures));
    }
}
