using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Serialization;

namespace ArSpine.Core.Phantom;

/// <summary>The ideal screw axis of one pedicle and its isthmus, in the Ct frame (LPS mm).</summary>
/// <param name="Side">The pedicle's side.</param>
/// <param name="EntryCt">Where the axis enters the posterior cortex.</param>
/// <param name="TargetCt">80% of the way from the entry to the anterior cortex along the axis.</param>
/// <param name="AnteriorCortexCt">Where the axis leaves the vertebral body's anterior cortex.</param>
/// <param name="IsthmusCentreCt">Centre of the pedicle's narrowest section.</param>
/// <param name="IsthmusWidthMm">Outer transverse width of the pedicle at the isthmus.</param>
/// <param name="IsthmusHeightMm">Outer height of the pedicle at the isthmus.</param>
public sealed record PedicleTruth(
    BodySide Side, Vector3d EntryCt, Vector3d TargetCt, Vector3d AnteriorCortexCt, Vector3d IsthmusCentreCt, double IsthmusWidthMm, double IsthmusHeightMm);

/// <summary>One vertebra of the phantom: its level, label, pose and pedicles.</summary>
/// <param name="Name">Level name, "L1" to "L5" or "S".</param>
/// <param name="LabelId">VerSe label id.</param>
/// <param name="BodyCentreCt">Centre of the vertebral body, LPS mm.</param>
/// <param name="SuperiorAxisCt">Unit normal of the superior endplate, pointing up.</param>
/// <param name="Pedicles">Left and right pedicle (none for the sacrum).</param>
public sealed record VertebraTruth(string Name, int LabelId, Vector3d BodyCentreCt, Vector3d SuperiorAxisCt, IReadOnlyList<PedicleTruth> Pedicles);

/// <summary>The ground truth written beside a phantom (<c>truth.json</c>): its parameters and every vertebra, in the Ct frame (LPS mm).</summary>
/// <param name="Parameters">The parameters that made the phantom.</param>
/// <param name="Vertebrae">Superior to inferior.</param>
public sealed record PhantomTruth(PhantomParameters Parameters, IReadOnlyList<VertebraTruth> Vertebrae)
{
    /// <summary>The document format name.</summary>
    public const string Format = "arspine.phantom-truth";

    /// <summary>The schema version this build writes and reads.</summary>
    public const int Version = 1;

    /// <summary>
    /// Which shapes made the phantom (<see cref="LumbarSpinePhantom.GeneratorVersion"/> when it was made; 0 in files written
    /// before it was recorded): the same parameters give other bytes under another generator.
    /// </summary>
    public int GeneratorVersion { get; init; }

    /// <summary>The ideal screws as a plan (one per pedicle, the given diameter).</summary>
    public SurgicalPlan ToPlan(double diameterMm) => new(
        Vertebrae.SelectMany(v => v.Pedicles.Select(p => new ScrewTrajectory(v.Name, p.Side, p.EntryCt, p.TargetCt, diameterMm))).ToList());

    /// <summary>Saves atomically as versioned JSON.</summary>
    public void Save(string path) => VersionedJson.Save(path, this, Format, Version);

    /// <summary>Loads a truth file.</summary>
    public static PhantomTruth Load(string path) => VersionedJson.Load<PhantomTruth>(path, Format, Version);
}
