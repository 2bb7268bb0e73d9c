using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.Core.Cases;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Phantom;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.App.Tests.CommandLine;

/// <summary>
/// <c>arspine prepare</c> end to end on the sample case's DICOM series (PhantomFiles, as <c>demo</c> writes it), checked against the
/// phantom's ground truth: levels, meshes, screws and fiducials.
/// </summary>
public sealed class PrepareCommandTests(PrepareCommandTests.PreparedPhantom prepared, ITestOutputHelper output) : IClassFixture<PrepareCommandTests.PreparedPhantom>
{
    /// <summary>The sample case's phantom written as DICOM and prepared once by the command.</summary>
    public sealed class PreparedPhantom : IDisposable
    {
        public PreparedPhantom()
        {
            Phantom = LumbarSpinePhantom.Generate(SampleCase.Parameters);
            PhantomFiles.Write(Phantom, Folder.PathOf("phantom"));
            Result = ArSpineProcess.Run("prepare", Folder.PathOf("phantom/dicom"), "-o", CaseFolder, "--label", "Doe^Jane 1961");
        }

        public TemporaryFolder Folder { get; } = new();

        public string CaseFolder => Folder.PathOf("case");

        public PhantomCase Phantom { get; }

        public ToolResult Result { get; }

        public CasePackage Load()
        {
            Assert.True(Result.ExitCode == 0, Result.StandardError + Result.StandardOutput);
            return CasePackage.Load(CaseFolder);
        }

        public void Dispose() => Folder.Dispose();
    }

    [Fact]
    public void Prepare_PhantomDicom_PackageReloadsWithTheLevelsOfTheTruthAndTenScrews()
    {
        CasePackage package = prepared.Load();

        Assert.Equal(prepared.Phantom.Truth.Vertebrae.Select(v => (v.Name, v.LabelId)), package.Case.Vertebrae.Select(v => (v.Name, v.LabelId)));
        Assert.Equal(["L1 left", "L1 right", "L2 left", "L2 right", "L3 left", "L3 right", "L4 left", "L4 right", "L5 left", "L5 right"], package.Case.Plan.Screws.Select(s => s.Label));
        Assert.NotNull(package.SkinMesh);
        Assert.True(package.SkinMesh!.IsWatertight());
        Assert.Equal(CaseFiducials.DefaultMarker, package.Case.Marker);
        Assert.Equal("Doe^Jane 1961", package.Case.PatientLabel);
        string stdout = prepared.Result.StandardOutput;
        Assert.Contains("Screws planned: 10", stdout, StringComparison.Ordinal);
        Assert.Contains("Screws refused: 0", stdout, StringComparison.Ordinal);
        Assert.Contains($"to {Path.GetFullPath(prepared.CaseFolder)}", stdout, StringComparison.Ordinal);
        Assert.Contains("ct.nii.gz", stdout, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(prepared.Result.StandardError));
    }

    [Fact]
    public void Prepare_PhantomDicom_EveryVertexOfEveryVertebraMeshWithin15MmOfItsTruthLabelSurface()
    {
        CasePackage package = prepared.Load();

        for (int v = 0; v < package.Case.Vertebrae.Count; v++)
        {
            CaseVertebra vertebra = package.Case.Vertebrae[v];
            var truth = new NearestVertex(LabelSurface.Extract(prepared.Phantom.Labels, vertebra.LabelId, LabelSurfaceOptions.Raw));
            float[] distances = package.VertebraMeshes[v].PositionsMm.Select(truth.DistanceMm).Order().ToArray();
            float p99 = distances[(int)(0.99 * (distances.Length - 1))], worst = distances[^1];
            output.WriteLine($"{vertebra.Name}: {distances.Length} vertices, median {distances[distances.Length / 2]:0.00} mm, 99th percentile {p99:0.00} mm, worst {worst:0.00} mm from the truth surface");
            Assert.True(worst <= 1.5f, $"{vertebra.Name}: worst vertex {worst:0.00} mm from the truth label's surface");
        }
    }

    [Fact]
    public void Prepare_PhantomDicom_ScrewsFollowTheTruthsIdealAxes()
    {
        CasePackage package = prepared.Load();

        foreach (VertebraTruth vertebra in prepared.Phantom.Truth.Vertebrae)
        {
            foreach (PedicleTruth pedicle in vertebra.Pedicles)
            {
                ScrewTrajectory screw = package.Case.Plan.Screws.Single(s => s.Vertebra == vertebra.Name && s.Side == pedicle.Side);
                Vector3d ideal = (pedicle.TargetCt - pedicle.EntryCt).Normalized();
                double angleDeg = Math.Acos(Math.Clamp(Vector3d.Dot(ideal, screw.Direction), -1, 1)) * 180 / Math.PI;
                // Where the screw crosses the isthmus matters most: its distance from the pedicle's centre there.
                Vector3d atIsthmus = screw.EntryCt + screw.Direction * Vector3d.Dot(pedicle.IsthmusCentreCt - screw.EntryCt, screw.Direction);
                double isthmusMm = Vector3d.Distance(atIsthmus, pedicle.IsthmusCentreCt), entryMm = Vector3d.Distance(screw.EntryCt, pedicle.EntryCt);
                output.WriteLine($"{screw.Label}: {angleDeg:0.0}° from the ideal axis, {isthmusMm:0.0} mm from the isthmus centre, entry {entryMm:0.0} mm from the ideal entry, {screw.DiameterMm} x {screw.LengthMm:0} mm, grade {screw.Predicted?.Grade}");
                Assert.True(angleDeg <= 4, $"{screw.Label}: {angleDeg:0.0}° from the ideal axis");
                Assert.True(isthmusMm <= 1, $"{screw.Label}: {isthmusMm:0.0} mm from the isthmus centre");
                Assert.True(entryMm <= 2, $"{screw.Label}: entry {entryMm:0.0} mm from the ideal entry");
                Assert.Equal(GertzbeinRobbinsGrade.A, screw.Predicted!.Grade);
            }
        }
    }

    [Fact]
    public void Prepare_PhantomDicom_FiducialsAreTheSpinousProcessTipsOfTheTruthLabels()
    {
        CasePackage package = prepared.Load();

        Assert.Equal(package.Case.Vertebrae.Count, package.Case.Fiducials!.Count);
        for (int v = 0; v < package.Case.Vertebrae.Count; v++)
        {
            CaseVertebra vertebra = package.Case.Vertebrae[v];
            CaseFiducial fiducial = package.Case.Fiducials[v];
            (double tipY, Vector3d tipVoxel) = MostPosteriorVoxel(prepared.Phantom.Labels, vertebra.LabelId);
            var truth = new NearestVertex(LabelSurface.Extract(prepared.Phantom.Labels, vertebra.LabelId, LabelSurfaceOptions.Raw));
            double onSurface = truth.DistanceMm(fiducial.PositionCt.ToVector3());
            output.WriteLine($"{fiducial.Name}: {fiducial.PositionCt} mm; truth's most posterior voxel {tipVoxel} (y {tipY:0.0}); {onSurface:0.00} mm from the truth surface");
            Assert.Equal($"{vertebra.Name} spinous process tip", fiducial.Name);
            Assert.InRange(fiducial.PositionCt.Y, tipY - 1.5, tipY + 1.5);
            Assert.True(onSurface <= 1.5, $"{fiducial.Name}: {onSurface:0.00} mm from the truth surface");
        }
    }

    [Fact]
    public void Prepare_PhantomDicom_NoPatientIdentifierInFileNamesOrOutput_IndexWrittenLast()
    {
        CasePackage package = prepared.Load();
        // The DICOM series names the patient "Phantom^Lumbar", id "PHANTOM-1"; the team's label is "Doe^Jane 1961".
        string[] identifiers = ["Phantom^Lumbar", "Lumbar", "PHANTOM-1", "Doe", "Jane", "1961"];

        string[] files = Directory.EnumerateFileSystemEntries(package.Folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray()!;
        foreach (string identifier in identifiers)
        {
            Assert.DoesNotContain(files, f => f.Contains(identifier, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(identifier, prepared.Result.StandardOutput, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(identifier, prepared.Result.StandardError, StringComparison.OrdinalIgnoreCase);
        }

        string index = File.ReadAllText(Path.Combine(package.Folder, SurgicalCase.FileName));
        Assert.DoesNotContain("Lumbar", index, StringComparison.Ordinal);
        Assert.DoesNotContain("PHANTOM-1", index, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(index, "Doe\\^Jane"));
        DateTime indexWritten = File.GetLastWriteTimeUtc(Path.Combine(package.Folder, SurgicalCase.FileName));
        Assert.All(Directory.EnumerateFiles(package.Folder), f => Assert.True(File.GetLastWriteTimeUtc(f) <= indexWritten, $"{Path.GetFileName(f)} written after case.json"));
        Assert.Empty(Directory.EnumerateFiles(package.Folder, "*.tmp"));
    }

    [Fact]
    public void Prepare_LevelTheSegmentationDidNotFind_Exits2NamingTheOption()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("prepare", prepared.Folder.PathOf("phantom/ct.nii.gz"), "-o", folder.PathOf("case"), "--levels", "T11-L2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--levels: expected levels the segmentation found (L1, L2, L3, L4, L5, S). Was 'T11'.", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError));
        Assert.False(File.Exists(folder.PathOf("case/case.json")));
    }

    /// <summary>The largest LPS y of the label's voxels (plus half a voxel: the boundary), and that voxel's centre.</summary>
    private static (double TipY, Vector3d Voxel) MostPosteriorVoxel(LabelVolume labels, int labelId)
    {
        VolumeGrid grid = labels.Grid;
        double best = double.MinValue;
        Vector3d at = default;
        for (int k = 0; k < grid.SizeK; k++)
        {
            for (int j = 0; j < grid.SizeJ; j++)
            {
                for (int i = 0; i < grid.SizeI; i++)
                {
                    if (labels[i, j, k] == labelId)
                    {
                        Vector3d p = grid.CtFromVoxel.Apply(new(i, j, k));
                        if (p.Y > best)
                        {
                            (best, at) = (p.Y, p);
                        }
                    }
                }
            }
        }

        return (best + grid.SpacingMm.Y / 2, at);
    }

    /// <summary>Distance from a point to the nearest vertex of a dense reference mesh, through a hash of 2 mm cells.</summary>
    private sealed class NearestVertex
    {
        private const float Cell = 2f;
        private readonly Dictionary<(int, int, int), List<Vector3>> _cells = [];

        public NearestVertex(TriangleMesh reference)
        {
            foreach (Vector3 p in reference.PositionsMm)
            {
                (int, int, int) key = Key(p);
                if (!_cells.TryGetValue(key, out List<Vector3>? list))
                {
                    _cells[key] = list = [];
                }

                list.Add(p);
            }
        }

        public float DistanceMm(Vector3 p)
        {
            (int ci, int cj, int ck) = Key(p);
            float best = float.MaxValue;
            for (int radius = 1; radius <= 4 && best > (radius - 1) * Cell; radius++)
            {
                for (int i = ci - radius; i <= ci + radius; i++)
                {
                    for (int j = cj - radius; j <= cj + radius; j++)
                    {
                        for (int k = ck - radius; k <= ck + radius; k++)
                        {
                            if (_cells.TryGetValue((i, j, k), out List<Vector3>? list))
                            {
                                foreach (Vector3 q in list)
                                {
                                    best = MathF.Min(best, Vector3.Distance(p, q));
                                }
                            }
                        }
                    }
                }
            }

            return best;
        }

        private static (int, int, int) Key(Vector3 p) => ((int)MathF.Floor(p.X / Cell), (int)MathF.Floor(p.Y / Cell), (int)MathF.Floor(p.Z / Cell));
    }
}
