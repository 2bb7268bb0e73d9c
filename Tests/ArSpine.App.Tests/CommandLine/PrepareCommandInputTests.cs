using System.Diagnostics;
using ArSpine.App.Cases;
using ArSpine.App.Tests.Cases;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.App.Tests.CommandLine;

/// <summary><c>arspine prepare</c> on real CTs from ../shared/data, and its refusals of input it cannot trust (exit 2, a message naming the file or option).</summary>
public sealed class PrepareCommandInputTests(ITestOutputHelper output)
{
    private const string RealCt = "totalsegmentator/example_ct.nii.gz";
    private const string RealLabels = "totalsegmentator/spine_report/example_ct_report/totalseg.nii.gz";
    private const string RealDicom = "totalsegmentator/example_ct_dicom";

    /// <summary>TotalSegmentator's vertebra ids in that file and the level each names.</summary>
    private static readonly Dictionary<int, string> ReferenceLevels = new()
    {
        [26] = "S", [27] = "L5", [28] = "L4", [29] = "L3", [30] = "L2", [31] = "L1", [32] = "T12", [33] = "T11",
    };

    [SharedDataFact(RealLabels)]
    public void Prepare_RealCt_NamesEachLevelAsTheReferenceLabelsDo()
    {
        using var folder = new TemporaryFolder();
        var clock = Stopwatch.StartNew();

        ToolResult result = ArSpineProcess.Run("prepare", SharedData.PathOf(RealCt), "-o", folder.PathOf("case"));

        output.WriteLine($"prepare on {RealCt}: {clock.Elapsed.TotalSeconds:0.0} s (process, including start-up)");
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        CasePackage package = CasePackage.Load(folder.PathOf("case"));
        Assert.Equal(["T12", "L1", "L2", "L3", "L4", "L5", "S"], package.Case.Vertebrae.Select(v => v.Name));
        LabelVolume reference = NiftiReader.ReadLabels(SharedData.PathOf(RealLabels), ReferenceLevels);
        Assert.Equal(reference.Grid.SizeI, package.Labels!.Grid.SizeI);
        foreach (var vertebra in package.Case.Vertebrae)
        {
            int referenceId = ReferenceLevels.Single(p => p.Value == vertebra.Name).Key;
            if (vertebra.Name == "S")
            {
                // Our "S" is the whole sacrum, the reference's S1 alone: compare where each begins, at the L5–S1 disc.
                double ourTop = Top(package.Labels, vertebra.LabelId), theirTop = Top(reference, referenceId);
                output.WriteLine($"S: top at z {ourTop:0.0} mm, reference S1's at {theirTop:0.0} mm");
                Assert.True(Math.Abs(ourTop - theirTop) < 12, $"S: top {ourTop:0.0} mm, reference S1's {theirTop:0.0} mm");
                continue;
            }

            Vector3d ours = Centroid(package.Labels, vertebra.LabelId), theirs = Centroid(reference, referenceId);
            double apart = Vector3d.Distance(ours, theirs);
            output.WriteLine($"{vertebra.Name}: centroid {ours} mm, reference {theirs} mm, {apart:0.0} mm apart");
            // Neighbouring levels are 25–35 mm apart: a level named one off would be that far from the reference's.
            Assert.True(apart < 12, $"{vertebra.Name}: {apart:0.0} mm from the reference's {vertebra.Name}");
        }

        foreach (string line in result.StandardOutput.Split('\n').Where(l => l.Contains("Screws", StringComparison.Ordinal) || l.StartsWith("Wrote", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }
    }

    [SharedDataFact(RealDicom)]
    public void Prepare_RealDicomSeriesWithOneVertebralBody_Exits2WithTheSegmentationsReason()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("prepare", SharedData.PathOf(RealDicom), "-o", folder.PathOf("case"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("arspine: CT: spine: expected at least two vertebral bodies in a chain along the spine", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError));
        Assert.False(Directory.Exists(folder.PathOf("case")) && File.Exists(folder.PathOf("case/case.json")));
    }

    [Fact]
    public void Prepare_CtStoredRightToLeftMirrored_LeftScrewsStillOnThePatientsLeft()
    {
        using var folder = new TemporaryFolder();
        // L3–L5 and the sacrum: the classical segmentation names levels up from the sacrum.
        PhantomCase phantom = LumbarSpinePhantom.Generate(SmallPhantomPackage.Parameters with { LevelIds = VertebraLevels.ParseRange("L3-L5") });
        // The same patient with the voxel columns stored in the other order (i runs toward the patient's right): only the affine says so.
        VolumeGrid grid = phantom.Ct.Grid;
        var mirroredHu = new short[grid.VoxelCount];
        for (int n = 0; n < mirroredHu.Length; n++)
        {
            int i = n % grid.SizeI;
            mirroredHu[n] = phantom.Ct.Hu[n - i + (grid.SizeI - 1 - i)];
        }

        var ctFromMirrored = new AffineTransform(grid.CtFromVoxel.Linear * Matrix3d.Diagonal(-1, 1, 1), grid.CtFromVoxel.Apply(new(grid.SizeI - 1, 0, 0)));
        NiftiWriter.WriteCt(new CtVolume(new VolumeGrid(grid.SizeI, grid.SizeJ, grid.SizeK, ctFromMirrored), mirroredHu), folder.PathOf("mirrored.nii.gz"));

        ToolResult result = ArSpineProcess.Run("prepare", folder.PathOf("mirrored.nii.gz"), "-o", folder.PathOf("case"));

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        CasePackage package = CasePackage.Load(folder.PathOf("case"));
        Assert.Equal(["L3", "L4", "L5", "S"], package.Case.Vertebrae.Select(v => v.Name));
        // The top level's pedicles may be cut by the scan's edge and refused; every screw planned must be on its own side.
        Assert.True(package.Case.Plan.Screws.Count(s => s.Side == BodySide.Left) >= 2 && package.Case.Plan.Screws.Count(s => s.Side == BodySide.Right) >= 2, result.StandardOutput);
        foreach (ScrewTrajectory screw in package.Case.Plan.Screws)
        {
            VertebraTruth vertebra = phantom.Truth.Vertebrae.Single(v => v.Name == screw.Vertebra);
            PedicleTruth pedicle = vertebra.Pedicles.Single(p => p.Side == screw.Side);
            double apart = Vector3d.Distance(screw.EntryCt, pedicle.EntryCt);
            output.WriteLine($"{screw.Label}: entry {screw.EntryCt} mm, truth {pedicle.EntryCt} mm, {apart:0.0} mm apart");
            Assert.True(apart < 2, $"{screw.Label}: entry {apart:0.0} mm from the truth's {pedicle.Side.Name()} entry");
            Assert.Equal(pedicle.Side == BodySide.Left, screw.EntryCt.X > vertebra.BodyCentreCt.X);
        }
    }

    [Fact]
    public void Prepare_CtTiltedSoNoAxisIsSuperior_Exits2RefusingTheOrientation()
    {
        using var folder = new TemporaryFolder();
        // 50° about the left–right axis: no voxel axis lies within 35° of superior–inferior, so levels could not be trusted.
        var tilt = Matrix3d.FromAxisAngle(new Vector3d(1, 0, 0), 50 * Math.PI / 180);
        var grid = new VolumeGrid(40, 40, 40, new AffineTransform(tilt, Vector3d.Zero));
        NiftiWriter.WriteCt(new CtVolume(grid, new short[grid.VoxelCount]), folder.PathOf("tilted.nii.gz"));

        ToolResult result = ArSpineProcess.Run("prepare", folder.PathOf("tilted.nii.gz"), "-o", folder.PathOf("case"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("arspine: CT orientation: expected a voxel axis within 35° of the patient's superior–inferior axis.", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError));
    }

    [Fact]
    public void Prepare_MissingInput_Exits2NamingThePath()
    {
        using var folder = new TemporaryFolder();
        string absent = folder.PathOf("no-such-series");

        ToolResult result = ArSpineProcess.Run("prepare", absent, "-o", folder.PathOf("case"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"arspine: {absent}: CT: expected an existing NIfTI CT file or DICOM folder. Was 'no such file or folder'.", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.PathOf("case")));
    }

    [Fact]
    public void Prepare_OutputFolderHoldingOtherFiles_Exits2AndLeavesThemAlone()
    {
        using var folder = new TemporaryFolder();
        string output = folder.PathOf("thesis");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "chapter1.txt"), "keep me");

        ToolResult result = ArSpineProcess.Run("prepare", folder.PathOf("whatever.nii.gz"), "-o", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"arspine: {output}: --output: expected a new or empty folder, or an earlier case folder (with case.json) to replace. Was 'a folder with other files'.", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(["chapter1.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public void Prepare_ModelWithoutSidecar_Exits2NamingTheSidecarBeforeReadingTheCt()
    {
        using var folder = new TemporaryFolder();
        string model = folder.PathOf("vertebrae.onnx");
        File.WriteAllText(model, "not read: the sidecar is checked first");

        ToolResult result = ArSpineProcess.Run("prepare", folder.PathOf("ct.nii.gz"), "-o", folder.PathOf("case"), "--model", model);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"arspine: {model}.json: sidecar: expected a model sidecar JSON file beside the model. Was 'no such file'.", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.PathOf("case")));
    }

    [Fact]
    public void Prepare_MalformedLevels_Exits2NamingTheOption()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("prepare", folder.PathOf("ct.nii.gz"), "-o", folder.PathOf("case"), "--levels", "L5-L1x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--levels: expected a level range such as L1-L5. Was 'L5-L1x'.", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The largest LPS z (superior) of the label's voxel centres.</summary>
    private static double Top(LabelVolume labels, int id)
    {
        VolumeGrid grid = labels.Grid;
        double top = double.MinValue;
        for (int n = 0; n < labels.Labels.Length; n++)
        {
            if (labels.Labels[n] == id)
            {
                int i = n % grid.SizeI, j = n / grid.SizeI % grid.SizeJ, k = n / (grid.SizeI * grid.SizeJ);
                top = Math.Max(top, grid.CtFromVoxel.Apply(new(i, j, k)).Z);
            }
        }

        return top;
    }

    private static Vector3d Centroid(LabelVolume labels, int id)
    {
        VolumeGrid grid = labels.Grid;
        Vector3d sum = Vector3d.Zero;
        long count = 0;
        for (int k = 0; k < grid.SizeK; k++)
        {
            for (int j = 0; j < grid.SizeJ; j++)
            {
                for (int i = 0; i < grid.SizeI; i++)
                {
                    if (labels[i, j, k] == id)
                    {
                        sum += new Vector3d(i, j, k);
                        count++;
                    }
                }
            }
        }

        Assert.True(count > 0, $"label {id} absent");
        return grid.CtFromVoxel.Apply(sum / count);
    }
}
