using System.Numerics;
using ArSpine.App.Input;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;

namespace ArSpine.App.Simulation;

/// <summary>
/// The virtual pedicle probe the trainee steers: its tip at the hand's point, its axis along the pointer ray (toward where it
/// advances). A placed screw starts where the probe's axis enters the planned vertebra's bone, judged on the TRUE anatomy (the
/// case's labels in the true Ct frame), and runs along the axis with the planned screw's length and diameter.
/// </summary>
public static class VirtualProbe
{
    private const double StepMm = 0.25;

    /// <summary>The probe's tip (World mm) and unit axis (World) from the input.</summary>
    public static (Vector3 TipWorldMm, Vector3 AxisWorld) Pose(in InputFrame input) => (input.HandWorldMm, input.PointerDirectionWorld);

    /// <summary>
    /// The screw the probe places: the tip and axis mapped to the Ct frame by the TRUE <paramref name="trueCtFromWorld"/>; the entry is
    /// the first point of the planned vertebra's bone (<paramref name="labelId"/> in <paramref name="labels"/>) met along the axis,
    /// searched from twice the planned length behind the tip to one length beyond it (the tip itself when there is none); then the
    /// planned length along the axis, the planned diameter. Ct mm.
    /// </summary>
    public static ScrewTrajectory Place(Vector3 tipWorldMm, Vector3 axisWorld, ScrewTrajectory planned, RigidTransform trueCtFromWorld, LabelVolume labels, int labelId)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(labels);
        Vector3d tipCt = trueCtFromWorld.Apply(Vector3d.From(tipWorldMm));
        Vector3d axisCt = trueCtFromWorld.ApplyToDirection(Vector3d.From(axisWorld)).Normalized();
        Vector3d entryCt = tipCt;
        for (double s = -2 * planned.LengthMm; s <= planned.LengthMm; s += StepMm)
        {
            Vector3d p = tipCt + axisCt * s;
            if (InBone(labels, labelId, p))
            {
                entryCt = p;
                break;
            }
        }

        return ScrewTrajectory.FromDirection(planned.Vertebra, planned.Side, entryCt, axisCt, planned.LengthMm, planned.DiameterMm);
    }

    private static bool InBone(LabelVolume labels, int labelId, Vector3d pointCt) =>
        labels.Grid.NearestVoxel(pointCt) is (int i, int j, int k) && labels[i, j, k] == labelId;
}
