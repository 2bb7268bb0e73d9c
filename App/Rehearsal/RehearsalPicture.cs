using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Scene;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;

namespace ArSpine.App.Rehearsal;

/// <summary>
/// The rehearsal report's picture and the head's view: the true anatomy at the true WorldFromCt with every placed screw at its
/// true place, coloured by its Gertzbein–Robbins grade (A green, B yellow-green, C amber, D orange, E red).
/// </summary>
public static class RehearsalPicture
{
    /// <summary>Colour of a grade.</summary>
    public static RgbaColor GradeColor(GertzbeinRobbinsGrade grade) => grade switch
    {
        GertzbeinRobbinsGrade.A => new RgbaColor(0.1f, 0.8f, 0.2f),
        GertzbeinRobbinsGrade.B => new RgbaColor(0.6f, 0.85f, 0.1f),
        GertzbeinRobbinsGrade.C => new RgbaColor(1.0f, 0.75f, 0.0f),
        GertzbeinRobbinsGrade.D => new RgbaColor(1.0f, 0.45f, 0.0f),
        _ => new RgbaColor(0.95f, 0.1f, 0.1f),
    };

    /// <summary>Queues the picture: the vertebrae (planned screws hidden) and the graded placed screws, all at <paramref name="trueWorldFromCt"/>.</summary>
    public static void Draw(IHologramPort port, CaseScene scene, RigidTransform trueWorldFromCt, RehearsalReport report)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(report);
        bool[] shown = (bool[])scene.ScrewVisible.Clone();
        Array.Fill(scene.ScrewVisible, false);
        scene.Draw(port, trueWorldFromCt.ToMatrix4x4(), OverlayLook.Plan);
        shown.CopyTo(scene.ScrewVisible, 0);
        IReadOnlyList<ScrewTrajectory> plan = scene.Package.Case.Plan.Screws;
        foreach (PlacedScrewReport screw in report.Screws)
        {
            port.DrawCylinder(trueWorldFromCt.Apply(screw.EntryCt).ToVector3(), trueWorldFromCt.Apply(screw.TipCt).ToVector3(), (float)plan[screw.PlanIndex].DiameterMm, GradeColor(screw.Grade));
        }
    }

    /// <summary>A view from behind and above the prone patient (World +Y up, head toward −Z), framing the planned targets.</summary>
    public static ViewCamera OverviewCamera(RigidTransform trueWorldFromCt, IReadOnlyList<ScrewTrajectory> plan, float verticalFovDeg = 35)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Vector3 centre = Vector3.Zero;
        foreach (ScrewTrajectory s in plan)
        {
            centre += trueWorldFromCt.Apply(s.TargetCt).ToVector3() / plan.Count;
        }

        float radius = 20;
        foreach (ScrewTrajectory s in plan)
        {
            radius = MathF.Max(radius, Vector3.Distance(centre, trueWorldFromCt.Apply(s.EntryCt).ToVector3()) + 25);
        }

        Vector3 direction = Vector3.Normalize(new Vector3(0.35f, 1.0f, 0.3f));
        float distance = radius / MathF.Tan(verticalFovDeg * MathF.PI / 360) * 1.1f;
        return new ViewCamera(centre + direction * distance, centre, -Vector3.UnitZ, verticalFovDeg, distance * 0.2f, distance * 3);
    }

    /// <summary>The view of the head in <paramref name="input"/> (the headset's eye), with a vertical field of view in degrees.</summary>
    public static ViewCamera HeadCamera(in InputFrame input, float verticalFovDeg = 40)
    {
        Vector3 eye = input.HeadWorldMm;
        Vector3 up = Vector3.Normalize(new Vector3(input.WorldFromHead.M21, input.WorldFromHead.M22, input.WorldFromHead.M23));
        return new ViewCamera(eye, eye + input.HeadForwardWorld * 100, up, verticalFovDeg, 50, 5000);
    }
}
