using ArSpine.Core.Cases;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;

namespace ArSpine.App.Cases;

/// <summary>
/// A case package held in memory: its index (<c>case.json</c>) and what the files it names contain. Meshes are in the Ct frame
/// (LPS mm), one per vertebra in the order of <see cref="SurgicalCase.Vertebrae"/>. This is everything the app's modes need.
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
    LabelVolume? Labels);
