using System.Numerics;
using System.Text.Json.Nodes;
using ArSpine.App.Cases;
using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Meshes;
using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Cases;

/// <summary>A small phantom's package, made once for the tests of this file.</summary>
public sealed class SmallPhantomPackage
{
    /// <summary>L3–L4 on a 160 × 150 grid at 1 × 1 × 1.25 mm: meshing takes well under a second.</summary>
    public static PhantomParameters Parameters { get; } = new()
    {
        Seed = 4, LevelIds = VertebraLevels.ParseRange("L3-L4"), SpacingMm = new(0.8, 1.0, 1.25), SizeI = 200, SizeJ = 150, RotationDeg = 5,
    };

    /// <summary>The phantom.</summary>
    public PhantomCase Phantom { get; } = LumbarSpinePhantom.Generate(Parameters);

    /// <summary>Its package (in memory; folder not written).</summary>
    public CasePackage Package => package ??= PhantomPackage.Create(Phantom, "unsaved");

    private CasePackage? package;
}

/// <summary>CasePackage.Save and Load: what is saved reads back, the index is written last, and a damaged package is refused naming the file.</summary>
public sealed class CasePackageTests(SmallPhantomPackage fixture) : IClassFixture<SmallPhantomPackage>
{
    [Fact]
    public void SaveThenLoad_PhantomPackage_IndexMeshesLabelsAndSkinComeBack()
    {
        using var folder = new TemporaryFolder();
        CasePackage saved = fixture.Package;

        saved.Save(folder.FolderPath);
        CasePackage loaded = CasePackage.Load(folder.FolderPath);

        Assert.Equal(Path.GetFullPath(folder.FolderPath), loaded.Folder);
        // JSON keeps points to a micrometre.
        Assert.Equal((saved.Case.PatientLabel, saved.Case.CtFile, saved.Case.LabelsFile, saved.Case.SkinMeshFile), (loaded.Case.PatientLabel, loaded.Case.CtFile, loaded.Case.LabelsFile, loaded.Case.SkinMeshFile));
        Assert.Equal(saved.Case.Vertebrae, loaded.Case.Vertebrae);
        Assert.Equal(saved.Case.Marker, loaded.Case.Marker);
        Assert.Equal(saved.Case.Fiducials!.Select(f => f.Name), loaded.Case.Fiducials!.Select(f => f.Name));
        Assert.All(saved.Case.Fiducials!.Zip(loaded.Case.Fiducials!), p => Assert.True((p.First.PositionCt - p.Second.PositionCt).Length < 1e-6));
        Assert.Equal(saved.Case.Plan.Screws.Select(s => (s.Label, s.DiameterMm)), loaded.Case.Plan.Screws.Select(s => (s.Label, s.DiameterMm)));
        Assert.All(saved.Case.Plan.Screws.Zip(loaded.Case.Plan.Screws), p => Assert.True((p.First.EntryCt - p.Second.EntryCt).Length < 1e-6 && (p.First.TargetCt - p.Second.TargetCt).Length < 1e-6));
        Assert.Equal(saved.VertebraMeshes.Count, loaded.VertebraMeshes.Count);
        for (int v = 0; v < saved.VertebraMeshes.Count; v++)
        {
            AssertSameMesh(saved.VertebraMeshes[v], loaded.VertebraMeshes[v], saved.Case.Vertebrae[v].Name);
        }

        AssertSameMesh(saved.SkinMesh!, loaded.SkinMesh!, "skin");
        VolumeGrid savedGrid = saved.Labels!.Grid, loadedGrid = loaded.Labels!.Grid;
        Assert.Equal((savedGrid.SizeI, savedGrid.SizeJ, savedGrid.SizeK), (loadedGrid.SizeI, loadedGrid.SizeJ, loadedGrid.SizeK));
        // NIfTI stores the affine in float32.
        Assert.True((savedGrid.CtFromVoxel.Apply(new(7, 11, 13)) - loadedGrid.CtFromVoxel.Apply(new(7, 11, 13))).Length < 1e-4);
        Assert.True((savedGrid.SpacingMm - loadedGrid.SpacingMm).Length < 1e-6);
        Assert.Equal(saved.Labels.Labels, loaded.Labels.Labels);
        Assert.Equal(saved.Case.Vertebrae.ToDictionary(v => v.LabelId, v => v.Name), loaded.Labels.Names);
    }

    [Fact]
    public void SaveThenLoad_PhantomPackage_CtDownSampledTo15MmWithTheSameExtentAndBoneInEachBody()
    {
        using var folder = new TemporaryFolder();
        CasePackage saved = fixture.Package;

        saved.Save(folder.FolderPath);
        CtVolume ct = CasePackage.Load(folder.FolderPath).Ct!;

        Assert.True(ct.Grid.SpacingMm.X <= CaseCt.MaxSpacingMm + 1e-9 && ct.Grid.SpacingMm.Y <= CaseCt.MaxSpacingMm + 1e-9 && ct.Grid.SpacingMm.Z <= CaseCt.MaxSpacingMm + 1e-9, $"spacing {ct.Grid.SpacingMm}");
        Assert.True(ct.Grid.SpacingMm.X > 1.2 && ct.Grid.SpacingMm.Z > 1.2, $"spacing {ct.Grid.SpacingMm}: expected coarser than the 0.8 and 1.25 mm of the original");
        VolumeGrid original = saved.Ct!.Grid;
        foreach ((double i, double j, double k) in new[] { (-0.5, -0.5, -0.5), (original.SizeI - 0.5, original.SizeJ - 0.5, original.SizeK - 0.5) })
        {
            var corner = original.CtFromVoxel.Apply(new(i, j, k));
            var downCorner = ct.Grid.CtFromVoxel.Apply(i < 0 ? new(-0.5, -0.5, -0.5) : new(ct.Grid.SizeI - 0.5, ct.Grid.SizeJ - 0.5, ct.Grid.SizeK - 0.5));
            // NIfTI stores the affine in float32.
            Assert.True((corner - downCorner).Length < 1e-3, $"corner {corner} vs {downCorner}");
        }

        foreach (VertebraTruth vertebra in fixture.Phantom.Truth.Vertebrae)
        {
            var voxel = ct.Grid.NearestVoxel(vertebra.BodyCentreCt)!.Value;
            Assert.True(ct[voxel.I, voxel.J, voxel.K] > 100, $"{vertebra.Name}: {ct[voxel.I, voxel.J, voxel.K]} HU at the body centre");
        }
    }

    [Fact]
    public void Save_OverAnEarlierCase_WritesCaseJsonLastAndLeavesNoTemporaryFile()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = folder.PathOf("case");
        fixture.Package.Save(caseFolder);
        DateTime firstIndex = File.GetLastWriteTimeUtc(Path.Combine(caseFolder, SurgicalCase.FileName));
        Thread.Sleep(20);

        fixture.Package.Save(caseFolder);

        DateTime index = File.GetLastWriteTimeUtc(Path.Combine(caseFolder, SurgicalCase.FileName));
        Assert.True(index > firstIndex);
        foreach (string file in Directory.EnumerateFiles(caseFolder).Where(f => Path.GetFileName(f) != SurgicalCase.FileName))
        {
            Assert.True(File.GetLastWriteTimeUtc(file) <= index, $"{Path.GetFileName(file)} written after case.json");
            Assert.True(File.GetLastWriteTimeUtc(file) > firstIndex, $"{Path.GetFileName(file)} not rewritten");
        }

        // The staging folder (a sibling of the case folder) is gone.
        Assert.Equal(["case"], Directory.EnumerateFileSystemEntries(folder.FolderPath).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_FailingMidwayOverAnEarlierCase_LeavesTheEarlierCaseLoadableAndNoTemporaryFolder()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = folder.PathOf("case");
        fixture.Package.Save(caseFolder);
        byte[] l3Before = File.ReadAllBytes(Path.Combine(caseFolder, "L3.glb"));
        // A skin without triangles cannot be written: the save fails after the vertebra meshes were written.
        CasePackage broken = fixture.Package with
        {
            SkinMesh = new TriangleMesh([], []),
            VertebraMeshes = fixture.Package.VertebraMeshes.Select(m => new TriangleMesh(m.PositionsMm.Select(p => p + new Vector3(5, 0, 0)).ToArray(), m.Indices)).ToArray(),
        };

        Assert.Throws<ArgumentException>(() => broken.Save(caseFolder));

        Assert.Equal(["case"], Directory.EnumerateFileSystemEntries(folder.FolderPath).Select(Path.GetFileName));
        Assert.Equal(l3Before, File.ReadAllBytes(Path.Combine(caseFolder, "L3.glb")));
        CasePackage loaded = CasePackage.Load(caseFolder);
        Assert.Equal(fixture.Package.Case.Vertebrae, loaded.Case.Vertebrae);
        AssertSameMesh(fixture.Package.VertebraMeshes[0], loaded.VertebraMeshes[0], "L3");
        AssertSameMesh(fixture.Package.SkinMesh!, loaded.SkinMesh!, "skin");
    }

    [Fact]
    public void Save_UnwritableMeshOverAnEarlierCase_LeavesTheEarlierCaseLoadable()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = folder.PathOf("case");
        fixture.Package.Save(caseFolder);
        // L4's mesh named below L3.glb: once L3.glb is written, no folder of that name can be made, so the save fails midway.
        SurgicalCase index = fixture.Package.Case;
        var vertebrae = index.Vertebrae.Select((v, n) => n == 1 ? v with { MeshFile = "L3.glb/L4.glb" } : v).ToList();
        CasePackage unwritable = fixture.Package with { Case = index with { Vertebrae = vertebrae } };

        Assert.ThrowsAny<IOException>(() => unwritable.Save(caseFolder));

        Assert.Equal(["case"], Directory.EnumerateFileSystemEntries(folder.FolderPath).Select(Path.GetFileName));
        CasePackage loaded = CasePackage.Load(caseFolder);
        Assert.Equal(["L3.glb", "L4.glb"], loaded.Case.Vertebrae.Select(v => v.MeshFile));
    }

    [Fact]
    public void Save_OverACaseWithALevelNoLongerPresent_RemovesTheStaleFiles()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = folder.PathOf("case");
        fixture.Package.Save(caseFolder);
        CasePackage package = fixture.Package;
        // L3 alone: its mesh, its screws; the labels keep only L3 so the package still loads.
        int l4 = VertebraLevels.IdOf("L4");
        var onlyL3 = package.Case with
        {
            Vertebrae = [package.Case.Vertebrae[0]],
            Plan = package.Case.Plan with { Screws = package.Case.Plan.Screws.Where(s => s.Vertebra == "L3").ToList() },
            Fiducials = package.Case.Fiducials!.Where(f => !f.Name.Contains("L4", StringComparison.Ordinal)).ToList(),
        };
        byte[] labels = package.Labels!.Labels.Select(l => l == l4 ? (byte)0 : l).ToArray();
        CasePackage smaller = package with
        {
            Case = onlyL3,
            VertebraMeshes = [package.VertebraMeshes[0]],
            Labels = new LabelVolume(package.Labels.Grid, labels, package.Labels.Names.Where(p => p.Key != l4).ToDictionary(p => p.Key, p => p.Value)),
        };

        smaller.Save(caseFolder);

        Assert.False(File.Exists(Path.Combine(caseFolder, "L4.glb")), "L4.glb of the earlier case stayed behind");
        Assert.Equal(["L3.glb", "case.json", "ct.nii.gz", "labels.nii.gz", "skin.glb"], Directory.EnumerateFileSystemEntries(caseFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["case"], Directory.EnumerateFileSystemEntries(folder.FolderPath).Select(Path.GetFileName));
        Assert.Equal(["L3"], CasePackage.Load(caseFolder).Case.Vertebrae.Select(v => v.Name));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SwapIn_OverAnExistingFolder_NewContentInPlaceAndNeitherTheOldNorTheBackupLeft(bool exchange)
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.PathOf("case"));
        File.WriteAllText(folder.PathOf("case/old.txt"), "old");
        Directory.CreateDirectory(folder.PathOf("staging"));
        File.WriteAllText(folder.PathOf("staging/new.txt"), "new");

        CasePackage.SwapIn(folder.PathOf("staging"), folder.PathOf("case"), folder.PathOf("backup"), exchange);

        Assert.Equal(["case"], Directory.EnumerateFileSystemEntries(folder.FolderPath).Select(Path.GetFileName));
        Assert.Equal(["new.txt"], Directory.EnumerateFileSystemEntries(folder.PathOf("case")).Select(Path.GetFileName));
        Assert.Equal("new", File.ReadAllText(folder.PathOf("case/new.txt")));
    }

    [Fact]
    public void TryExchange_OnLinux_SwapsTheTwoFoldersNames()
    {
        // Elsewhere there is no renameat2: false and nothing moved.
        bool linux = OperatingSystem.IsLinux();
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.PathOf("a"));
        File.WriteAllText(folder.PathOf("a/from-a.txt"), "a");
        Directory.CreateDirectory(folder.PathOf("b"));
        File.WriteAllText(folder.PathOf("b/from-b.txt"), "b");

        bool swapped = CasePackage.LinuxRename.TryExchange(folder.PathOf("a"), folder.PathOf("b"));

        Assert.Equal(linux, swapped);
        Assert.Equal(linux, File.Exists(folder.PathOf("a/from-b.txt")) && File.Exists(folder.PathOf("b/from-a.txt")));
        Assert.Equal(!linux, File.Exists(folder.PathOf("a/from-a.txt")) && File.Exists(folder.PathOf("b/from-b.txt")));
    }

    [Fact]
    public void Load_SwappedVertebraMeshes_ThrowsNamingTheLevelTheIndexExpectsAndTheOneFound()
    {
        using var folder = new TemporaryFolder();
        fixture.Package.Save(folder.FolderPath);
        File.Move(folder.PathOf("L3.glb"), folder.PathOf("swap.glb"));
        File.Move(folder.PathOf("L4.glb"), folder.PathOf("L3.glb"));
        File.Move(folder.PathOf("swap.glb"), folder.PathOf("L4.glb"));

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(folder.FolderPath));

        Assert.Equal($"{folder.PathOf("L3.glb")}: vertebrae[0].meshFile (meshes[0].name): expected the mesh of L3, as case.json names it. Was 'L4'.", error.Message);
    }

    [Fact]
    public void Load_VertebraMeshInTheSkinsPlace_ThrowsNamingTheSkin()
    {
        using var folder = new TemporaryFolder();
        fixture.Package.Save(folder.FolderPath);
        File.Copy(folder.PathOf("L4.glb"), folder.PathOf("skin.glb"), overwrite: true);

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(folder.FolderPath));

        Assert.Equal($"{folder.PathOf("skin.glb")}: skinMeshFile (meshes[0].name): expected the mesh of skin, as case.json names it. Was 'L4'.", error.Message);
    }

    [Fact]
    public void Load_MissingVertebraMesh_ThrowsNamingTheFileAndTheField()
    {
        using var folder = new TemporaryFolder();
        fixture.Package.Save(folder.FolderPath);
        File.Delete(folder.PathOf("L4.glb"));

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(folder.FolderPath));

        Assert.Equal($"{folder.PathOf("L4.glb")}: expected the file that case.json names in vertebrae[1].meshFile. Was: no such file.", error.Message);
    }

    [Fact]
    public void Load_TruncatedSkinMesh_ThrowsNamingTheFile()
    {
        using var folder = new TemporaryFolder();
        fixture.Package.Save(folder.FolderPath);
        byte[] bytes = File.ReadAllBytes(folder.PathOf("skin.glb"));
        File.WriteAllBytes(folder.PathOf("skin.glb"), bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(folder.FolderPath));

        Assert.StartsWith($"{folder.PathOf("skin.glb")}: length: expected the declared length", error.Message);
    }

    [Fact]
    public void Load_CorruptCt_ThrowsNamingTheFile()
    {
        using var folder = new TemporaryFolder();
        fixture.Package.Save(folder.FolderPath);
        File.WriteAllText(folder.PathOf("ct.nii.gz"), "not a NIfTI file at all, just some text that is long enough to hold a header? no.");

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(folder.FolderPath));

        Assert.StartsWith(folder.PathOf("ct.nii.gz"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LabelsWithoutAVertebraOfTheIndex_ThrowsNamingTheLabel()
    {
        using var folder = new TemporaryFolder();
        CasePackage package = fixture.Package;
        int l4 = VertebraLevels.IdOf("L4");
        byte[] withoutL4 = package.Labels!.Labels.Select(l => l == l4 ? (byte)0 : l).ToArray();
        package = package with { Labels = new LabelVolume(package.Labels.Grid, withoutL4, package.Labels.Names) };
        package.Save(folder.FolderPath);

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(folder.FolderPath));

        Assert.Equal($"{folder.PathOf("labels.nii.gz")}: label {l4}: expected the voxels of L4, a vertebra of case.json. Was 'none'.", error.Message);
    }

    [Theory]
    [InlineData("../outside.glb")]
    [InlineData("/etc/passwd")]
    public void Load_IndexNamingAFileOutsideTheFolder_ThrowsNamingTheField(string meshFile)
    {
        using var folder = new TemporaryFolder();
        fixture.Package.Save(folder.FolderPath);
        JsonNode index = JsonNode.Parse(File.ReadAllText(folder.PathOf(SurgicalCase.FileName)))!;
        index["vertebrae"]![0]!["meshFile"] = meshFile;
        File.WriteAllText(folder.PathOf(SurgicalCase.FileName), index.ToJsonString());

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(folder.FolderPath));

        Assert.Equal($"{folder.PathOf(SurgicalCase.FileName)}: vertebrae[0].meshFile: expected a path inside the case folder. Was '{meshFile}'.", error.Message);
    }

    [Fact]
    public void Load_MeshThatIsALinkOutOfTheFolder_ThrowsNamingTheFile()
    {
        using var folder = new TemporaryFolder();
        fixture.Package.Save(folder.PathOf("case"));
        File.Move(folder.PathOf("case/L3.glb"), folder.PathOf("elsewhere.glb"));
        File.CreateSymbolicLink(folder.PathOf("case/L3.glb"), folder.PathOf("elsewhere.glb"));

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(folder.PathOf("case")));

        Assert.Equal($"{folder.PathOf("case/L3.glb")}: vertebrae[0].meshFile: expected a regular file inside the case folder. Was 'a symbolic link'.", error.Message);
    }

    [Fact]
    public void Load_MeshInASubfolderThatIsALinkOutOfTheFolder_ThrowsNamingTheLink()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = folder.PathOf("case");
        fixture.Package.Save(caseFolder);
        // The file itself is regular; the folder it lies in is a link to a folder outside the case.
        Directory.CreateDirectory(folder.PathOf("outside"));
        File.Move(Path.Combine(caseFolder, "L3.glb"), folder.PathOf("outside/L3.glb"));
        Directory.CreateSymbolicLink(Path.Combine(caseFolder, "meshes"), folder.PathOf("outside"));
        SetMeshFile(caseFolder, 0, "meshes/L3.glb");

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(caseFolder));

        Assert.Equal($"{Path.Combine(caseFolder, "meshes", "L3.glb")}: vertebrae[0].meshFile: expected a regular file inside the case folder. Was 'a file under the symbolic link meshes'.", error.Message);
    }

    [Fact]
    public void Load_MeshTwoFoldersDownBelowALinkedFolder_ThrowsNamingTheLink()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = folder.PathOf("case");
        fixture.Package.Save(caseFolder);
        Directory.CreateDirectory(folder.PathOf("outside/deep"));
        File.Move(Path.Combine(caseFolder, "L3.glb"), folder.PathOf("outside/deep/L3.glb"));
        Directory.CreateDirectory(Path.Combine(caseFolder, "meshes"));
        Directory.CreateSymbolicLink(Path.Combine(caseFolder, "meshes", "lumbar"), folder.PathOf("outside"));
        SetMeshFile(caseFolder, 0, "meshes/lumbar/deep/L3.glb");

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(caseFolder));

        Assert.EndsWith($"Was 'a file under the symbolic link {Path.Combine("meshes", "lumbar")}'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MeshInARealSubfolder_Loads()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = folder.PathOf("case");
        fixture.Package.Save(caseFolder);
        Directory.CreateDirectory(Path.Combine(caseFolder, "meshes"));
        File.Move(Path.Combine(caseFolder, "L3.glb"), Path.Combine(caseFolder, "meshes", "L3.glb"));
        SetMeshFile(caseFolder, 0, "meshes/L3.glb");

        CasePackage loaded = CasePackage.Load(caseFolder);

        AssertSameMesh(fixture.Package.VertebraMeshes[0], loaded.VertebraMeshes[0], "L3");
    }

    [Fact]
    public void Load_CaseFolderReachedThroughALink_Loads()
    {
        using var folder = new TemporaryFolder();
        fixture.Package.Save(folder.PathOf("case"));
        // The case folder itself may be a link (a mounted share, /tmp on some systems): only what lies below it must be regular.
        Directory.CreateSymbolicLink(folder.PathOf("linked-case"), folder.PathOf("case"));

        CasePackage loaded = CasePackage.Load(folder.PathOf("linked-case"));

        Assert.Equal(fixture.Package.Case.Vertebrae, loaded.Case.Vertebrae);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingIt()
    {
        using var folder = new TemporaryFolder();
        string absent = folder.PathOf("no-case");

        var error = Assert.Throws<InvalidInputException>(() => CasePackage.Load(absent));

        Assert.Equal($"{absent}: expected a case folder (with case.json). Was: no such folder.", error.Message);
    }

    [Fact]
    public void Save_FileNameHoldingThePatientLabel_IsRefusedWithoutEchoingTheLabel()
    {
        using var folder = new TemporaryFolder();
        CasePackage package = fixture.Package;
        package = package with { Case = package.Case with { PatientLabel = "Doe^Jane", SkinMeshFile = "skin-doe^jane.glb" } };

        var error = Assert.Throws<InvalidInputException>(() => package.Save(folder.FolderPath));

        Assert.Contains("skinMeshFile: expected a file name without the patient label", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Doe", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.FolderPath));
    }

    private static void SetMeshFile(string caseFolder, int vertebra, string meshFile)
    {
        string indexPath = Path.Combine(caseFolder, SurgicalCase.FileName);
        JsonNode index = JsonNode.Parse(File.ReadAllText(indexPath))!;
        index["vertebrae"]![vertebra]!["meshFile"] = meshFile;
        File.WriteAllText(indexPath, index.ToJsonString());
    }

    private static void AssertSameMesh(TriangleMesh expected, TriangleMesh actual, string name)
    {
        Assert.Equal(expected.Indices, actual.Indices);
        Assert.Equal(expected.PositionsMm.Length, actual.PositionsMm.Length);
        float worst = 0;
        for (int v = 0; v < expected.PositionsMm.Length; v++)
        {
            worst = MathF.Max(worst, Vector3.Distance(expected.PositionsMm[v], actual.PositionsMm[v]));
        }

        // Metres in float32 and back: a few ULPs of 0.1 m.
        Assert.True(worst < 1e-4f, $"{name}: a vertex moved {worst} mm");
    }
}
