using System.Globalization;
using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Scene;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;

namespace ArSpine.App.Rehearsal;

/// <summary>
/// The rehearsal report's picture: the case's vertebra meshes at the true WorldFromCt with every placed screw at its true place,
/// coloured and labelled by its Gertzbein–Robbins grade against the true labels (A green, B yellow-green, C amber, D orange, E red),
/// and a summary line.
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
            Vector3 entry = trueWorldFromCt.Apply(screw.EntryCt).ToVector3();
            port.DrawCylinder(entry, trueWorldFromCt.Apply(screw.TipCt).ToVector3(), (float)plan[screw.PlanIndex].DiameterMm, GradeColor(screw.Grade));
            // The grade beside the screw's entry, outward past the transverse process (on the right also past the level names CaseScene puts there), reading away from the spine in this posterior view.
            bool left = plan[screw.PlanIndex].Side == BodySide.Left;
            Vector3 outward = trueWorldFromCt.ApplyToDirection(new Vector3d(left ? 1 : -1, 0, 0)).ToVector3();
            string breach = screw.BreachMm > 0 ? string.Create(CultureInfo.InvariantCulture, $" {screw.BreachMm:0.0} mm {screw.BreachDirection.ToString().ToLowerInvariant()}") : "";
            port.DrawText($"{screw.Screw}: {screw.Grade}{breach}", entry + outward * (left ? 30 : 60), 4f, GradeColor(screw.Grade), left ? TextAlignment.Right : TextAlignment.Left);
        }

        int a = report.Screws.Count(s => s.Grade == GertzbeinRobbinsGrade.A);
        string tre = report.Tracking.OverlayTreMedianMm is double median ? string.Create(CultureInfo.InvariantCulture, $"; overlay TRE median {median:0.0} mm") : "";
        if (plan.Count == 0)
        {
            return;
        }

        // 25 mm above the most superior entry (Ct +Z) on the midline of the entries: the head end of the spine.
        double midlineX = plan.Average(screw => screw.EntryCt.X), posteriorY = plan.Max(screw => screw.EntryCt.Y), topZ = plan.Max(screw => screw.EntryCt.Z);
        Vector3 title = trueWorldFromCt.Apply(new Vector3d(midlineX, posteriorY, topZ + 25)).ToVector3();
        port.DrawText($"Rehearsal: {report.Screws.Count} screws placed, {a} grade A{tre}", title, 5f, RgbaColor.White);
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
}
