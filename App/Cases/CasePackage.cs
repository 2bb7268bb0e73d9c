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
    /// <summary>
    /// Writes the package into <paramref name="folder"/> (created if needed): first any old <c>case.json</c> is removed, then every
    /// file it names is written atomically, and <c>case.json</c> comes last, so a crash midway leaves no index naming a half set of
    /// files. The CT is written down-sampled (<see cref="CaseCt.DownSample"/>). Throws an <see cref="ArgumentException"/> when the
    /// package disagrees with its index (mesh count, a file named without its content or content without a file name).
    /// </summary>
    public void Save(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Case.Validate(Path.Combine(folder, SurgicalCase.FileName));
        if (VertebraMeshes.Count != Case.Vertebrae.Count)
        {
            throw new ArgumentException($"Expected one mesh per vertebra of the index ({Case.Vertebrae.Count}). Was {VertebraMeshes.Count}.", nameof(VertebraMeshes));
        }

        RequirePaired(Case.SkinMeshFile, SkinMesh, "skin mesh");
        RequirePaired(Case.CtFile, Ct, "CT");
        RequirePaired(Case.LabelsFile, Labels, "labels");
        Directory.CreateDirectory(folder);
        string index = Path.Combine(folder, SurgicalCase.FileName);
        if (File.Exists(index))
        {
            File.Delete(index);
        }

        for (int v = 0; v < Case.Vertebrae.Count; v++)
        {
            GlbWriter.Write(VertebraMeshes[v], Case.Vertebrae[v].Name, Path.Combine(folder, Case.Vertebrae[v].MeshFile));
        }

        if (SkinMesh is not null)
        {
            GlbWriter.Write(SkinMesh, "skin", Path.Combine(folder, Case.SkinMeshFile!));
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
    /// the folder (no symbolic link) and read cleanly; the labels must hold every vertebra of the index and nothing else. Every problem is an
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
            meshes[v] = GlbReader.ReadCtMesh(Resolve(root, $"vertebrae[{v}].meshFile", index.Vertebrae[v].MeshFile));
        }

        TriangleMesh? skin = index.SkinMeshFile is { } skinFile ? GlbReader.ReadCtMesh(Resolve(root, "skinMeshFile", skinFile)) : null;
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

    /// <summary>The full path of a file the index names; it must lie inside the case folder, exist, and not be a symbolic link.</summary>
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
