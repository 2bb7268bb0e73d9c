using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing.Export;
using ArSpine.Imaging.Nifti;

namespace ArSpine.App.Cases;

/// <summary>
/// A case package held in memory: its index (<c>case.json</c>) and what the files it names contain. Meshes are in the Ct frame
/// (LPS mm), one per vertebra in the order of <see cref="SurgicalCase.Vertebrae"/>. This is everything the app's modes need.
/// On disk (<see cref="Save"/>, <see cref="Load"/>): <c>case.json</c>, one <c>.glb</c> per vertebra and the skin (glTF frame,
/// <see cref="GltfFrame"/>), the CT down-sampled by <see cref="CaseCt.DownSample"/> (NIfTI, int16 HU) and the labels at full
/// resolution (NIfTI, uint8, VerSe numbering).
/// </summary>
/// <param name="Folder">The case folder it was loaded from or will be written to.</param>
/// <param name="Case">The index.</param>
/// <param name="VertebraMeshes">One mesh per vertebra, Ct mm, in the index's order.</param>
/// <param name="SkinMesh">The skin surface, Ct mm, when the case has one.</param>
/// <param name="Ct">The (possibly down-sampled) CT for slice views, when the case has one.</param>
/// <param name="Labels">The vertebra labels, when the case has them (rehearsal grades against them).</param>
public sealed record CasePackage(
    string Folder,
    SurgicalCase Case,
    IReadOnlyList<TriangleMesh> VertebraMeshes,
    TriangleMesh? SkinMesh,
    CtVolume? Ct,
    LabelVolume? Labels)
{
    /// <summary>The mesh name of the skin's <c>.glb</c> (a vertebra's is its level's name, <see cref="CaseVertebra.Name"/>).</summary>
    public const string SkinMeshName = "skin";

    /// <summary>
    /// Writes the package as the folder <paramref name="folder"/>: every file is written into a new sibling folder
    /// (<c>.NAME.PID.GUID.tmp</c>, <c>case.json</c> last), which then takes the folder's place by rename (<see cref="SwapIn"/>: on
    /// Linux one atomic exchange of the two names; elsewhere the earlier folder is renamed to a sibling backup
    /// <c>.NAME.PID.GUID.old</c>, the new one into place, and the backup deleted). So the folder holds the old complete case until the
    /// new one is complete; a save that fails removes its temporary folder and leaves the old case as it was. Files of
    /// the earlier folder that the new package does not name (levels no longer present) are gone afterwards: the folder is replaced
    /// whole, so callers must refuse a folder holding someone's other files (as <c>prepare</c> does). The CT is written down-sampled
    /// (<see cref="CaseCt.DownSample"/>). Throws an <see cref="ArgumentException"/> when the package disagrees with its index (mesh
    /// count, a file named without its content or content without a file name), or a writer's exception, before touching the folder.
    /// </summary>
    public void Save(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        Case.Validate(Path.Combine(target, SurgicalCase.FileName));
        if (VertebraMeshes.Count != Case.Vertebrae.Count)
        {
            throw new ArgumentException($"Expected one mesh per vertebra of the index ({Case.Vertebrae.Count}). Was {VertebraMeshes.Count}.", nameof(VertebraMeshes));
        }

        RequirePaired(Case.SkinMeshFile, SkinMesh, "skin mesh");
        RequirePaired(Case.CtFile, Ct, "CT");
        RequirePaired(Case.LabelsFile, Labels, "labels");
        string parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"Expected a case folder below a parent folder. Was {target}.", nameof(folder));
        Directory.CreateDirectory(parent);
        string stem = $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        string staging = Path.Combine(parent, stem + ".tmp");
        Directory.CreateDirectory(staging);
        try
        {
            WriteFiles(staging);
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }

        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }

        SwapIn(staging, target, Path.Combine(parent, stem + ".old"), exchange: OperatingSystem.IsLinux());
    }

    /// <summary>
    /// Puts the complete folder <paramref name="staging"/> in the place of the existing folder <paramref name="target"/> and removes
    /// the old one. With <paramref name="exchange"/> (Linux), one <c>renameat2(RENAME_EXCHANGE)</c> swaps the two names atomically,
    /// so there is no moment without a complete case at <paramref name="target"/>; where the call or the file system does not
    /// support it, and without <paramref name="exchange"/>, the old folder is renamed to <paramref name="backup"/> and the new one
    /// into place (a crash between the two renames leaves the old case complete at <paramref name="backup"/>).
    /// </summary>
    internal static void SwapIn(string staging, string target, string backup, bool exchange)
    {
        if (exchange && LinuxRename.TryExchange(staging, target))
        {
            // staging now names the old case.
            Directory.Delete(staging, recursive: true);
            return;
        }

        Directory.Move(target, backup);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(backup, target);
            Directory.Delete(staging, recursive: true);
            throw;
        }

        Directory.Delete(backup, recursive: true);
    }

    /// <summary>Linux's atomic exchange of two paths (glibc 2.28 and later).</summary>
    internal static class LinuxRename
    {
        private const int AtFdCwd = -100;
        private const uint RenameExchange = 2;

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
        private static extern int RenameAt2(int oldDirectory, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string oldPath, int newDirectory, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string newPath, uint flags);

        /// <summary>Swaps the names of two existing paths atomically; false (nothing changed) where the C library or the file system cannot.</summary>
        public static bool TryExchange(string a, string b)
        {
            try
            {
                return RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
    }

    /// <summary>Writes every file of the package into <paramref name="folder"/> (an empty staging folder), <c>case.json</c> last.</summary>
    private void WriteFiles(string folder)
    {
        for (int v = 0; v < Case.Vertebrae.Count; v++)
        {
            GlbWriter.Write(VertebraMeshes[v], Case.Vertebrae[v].Name, Path.Combine(folder, Case.Vertebrae[v].MeshFile));
        }

        if (SkinMesh is not null)
        {
            GlbWriter.Write(SkinMesh, SkinMeshName, Path.Combine(folder, Case.SkinMeshFile!));
        }

        if (Ct is not null)
        {
            NiftiWriter.WriteCt(CaseCt.DownSample(Ct), Path.Combine(folder, Case.CtFile!));
        }

        if (Labels is not null)
        {
            NiftiWriter.WriteLabels(Labels, Path.Combine(folder, Case.LabelsFile!));
        }

        Case.Save(folder);
    }

    /// <summary>
    /// Loads and validates a case folder: <c>case.json</c>, then every file it names, each of which must be a regular file inside
    /// the folder (no symbolic link, neither the file nor a folder on its way) and read cleanly; each mesh must carry the name it
    /// was written under (the vertebra's level, or <see cref="SkinMeshName"/>), so swapped level files are refused; the labels must hold every vertebra of the index and nothing else. Every problem is an
    /// <see cref="InvalidInputException"/> naming the file (and the index field that names it). Cost: reads every file once.
    /// </summary>
    public static CasePackage Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new InvalidInputException($"{root}: expected a case folder (with {SurgicalCase.FileName}). Was: no such folder.");
        }

        SurgicalCase index = SurgicalCase.Load(root);
        var meshes = new TriangleMesh[index.Vertebrae.Count];
        for (int v = 0; v < meshes.Length; v++)
        {
            meshes[v] = ReadNamedMesh(root, $"vertebrae[{v}].meshFile", index.Vertebrae[v].MeshFile, index.Vertebrae[v].Name);
        }

        TriangleMesh? skin = index.SkinMeshFile is { } skinFile ? ReadNamedMesh(root, "skinMeshFile", skinFile, SkinMeshName) : null;
        CtVolume? ct = index.CtFile is { } ctFile ? NiftiReader.ReadCt(Resolve(root, "ctFile", ctFile)) : null;
        LabelVolume? labels = null;
        if (index.LabelsFile is { } labelsFile)
        {
            string path = Resolve(root, "labelsFile", labelsFile);
            labels = NiftiReader.ReadLabels(path, index.Vertebrae.ToDictionary(v => v.LabelId, v => v.Name));
            long[] counts = labels.VoxelCounts();
            foreach (CaseVertebra vertebra in index.Vertebrae)
            {
                if (vertebra.LabelId is < 1 or > 255 || counts[vertebra.LabelId] == 0)
                {
                    throw InvalidInputException.Field(path, $"label {vertebra.LabelId}", $"the voxels of {vertebra.Name}, a vertebra of {SurgicalCase.FileName}", "none");
                }
            }
        }

        return new CasePackage(root, index, meshes, skin, ct, labels);
    }

    /// <summary>Reads a mesh the index names and requires its glTF mesh name to be <paramref name="name"/> (GlbWriter writes it).</summary>
    private static TriangleMesh ReadNamedMesh(string root, string field, string relativePath, string name)
    {
        string path = Resolve(root, field, relativePath);
        GlbMesh mesh = GlbReader.Read(path);
        if (!string.Equals(mesh.Name, name, StringComparison.Ordinal))
        {
            throw InvalidInputException.Field(path, $"{field} (meshes[0].name)", $"the mesh of {name}, as {SurgicalCase.FileName} names it", mesh.Name);
        }

        return mesh.ToCtMesh();
    }

    /// <summary>
    /// The full path of a file the index names; it must lie inside the case folder, exist, and neither it nor any folder between
    /// it and the case folder may be a symbolic link (so its real path lies under the case folder's real path).
    /// </summary>
    private static string Resolve(string root, string field, string relativePath)
    {
        string indexPath = Path.Combine(root, SurgicalCase.FileName);
        string full = Path.GetFullPath(Path.Combine(root, relativePath));
        string rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw InvalidInputException.Field(indexPath, field, "a path inside the case folder", relativePath);
        }

        if (!File.Exists(full))
        {
            throw new InvalidInputException($"{full}: expected the file that {SurgicalCase.FileName} names in {field}. Was: no such file.");
        }

        // A link could lead out of the folder: the package is self-contained.
        if (new FileInfo(full).LinkTarget is not null)
        {
            throw InvalidInputException.Field(full, field, "a regular file inside the case folder", "a symbolic link");
        }

        // Each folder on the way, from the case folder down: a linked folder would lead out of it as well.
        for (string? folder = Path.GetDirectoryName(full); folder is not null && folder.Length >= rootWithSeparator.Length; folder = Path.GetDirectoryName(folder))
        {
            if (new DirectoryInfo(folder).LinkTarget is not null)
            {
                throw InvalidInputException.Field(full, field, "a regular file inside the case folder", $"a file under the symbolic link {Path.GetRelativePath(root, folder)}");
            }
        }

        return full;
    }

    private static void RequirePaired(string? file, object? content, string what)
    {
        if ((file is null) != (content is null))
        {
            throw new ArgumentException(file is null
                ? $"Expected a file name in the index for the package's {what}. Was none."
                : $"Expected the {what} that the index names ({file}). Was none.");
        }
    }
}
