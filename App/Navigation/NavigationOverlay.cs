using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Scene;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;

namespace ArSpine.App.Navigation;

/// <summary>
/// What Navigate and Rehearse draw each frame from a <see cref="NavigationStatus"/>: the case in the navigable or the not-tracking
/// look, the instrument, the guidance numbers against the selected trajectory on a panel beside the view, and the banner in front
/// of the head when navigation is off. Numbers go through reused <see cref="TextBuffer"/>s: a frame allocates nothing.
/// </summary>
public sealed class NavigationOverlay
{
    /// <summary>Colour of the green band (and of the navigable probe).</summary>
    public static readonly RgbaColor GreenColor = new(0.15f, 0.85f, 0.25f);

    /// <summary>Colour of the amber band.</summary>
    public static readonly RgbaColor AmberColor = new(1.0f, 0.7f, 0.05f);

    /// <summary>Colour of the red band and of the banner.</summary>
    public static readonly RgbaColor RedColor = new(0.95f, 0.12f, 0.1f);

    /// <summary>Colour of guidance that is not valid (not navigable).</summary>
    public static readonly RgbaColor InvalidColor = new(0.55f, 0.55f, 0.55f);

    /// <summary>Where the banner is drawn, head frame mm (in front of the eyes, a little above the line of sight).</summary>
    public static readonly Vector3 BannerInHeadMm = new(0, 60, -500);

    /// <summary>Height of the banner's capitals, mm.</summary>
    public const float BannerHeightMm = 12;

    /// <summary>The set-up panel's pose in the head frame: its top-left corner 400 mm left, 120 mm up and 600 mm ahead of the eyes.</summary>
    public static readonly Matrix4x4 SetUpPanelInHead = Matrix4x4.CreateTranslation(-400, 120, -600);

    /// <summary>The guidance panel's pose in the head frame: its top-left corner 180 mm right, 120 mm up and 600 mm ahead.</summary>
    public static readonly Matrix4x4 GuidancePanelInHead = Matrix4x4.CreateTranslation(180, 120, -600);

    private readonly TextBuffer offset = new();
    private readonly TextBuffer angle = new();
    private readonly TextBuffer depth = new();
    private readonly TextBuffer entry = new();

    /// <summary>The last guidance reading (valid only when <see cref="GuidanceValid"/>).</summary>
    public GuidanceReading Reading { get; private set; }

    /// <summary>Whether the last frame showed guidance numbers as valid (navigable, a screw selected).</summary>
    public bool GuidanceValid { get; private set; }

    /// <summary>The look the case was drawn in last.</summary>
    public OverlayLook Look { get; private set; } = OverlayLook.NotTracking;

    /// <summary>
    /// Queues the frame: the case at the status's WorldFromCt (nothing when there is none), the probe at
    /// <paramref name="tipWorldMm"/> along <paramref name="axisWorld"/> (labelled <paramref name="instrument"/>, such as which
    /// instrument it is, also on the guidance panel; a NaN tip or axis: no instrument, no guidance), the tracked marker at <paramref name="worldFromMarker"/> when given, guidance against
    /// <paramref name="scene"/>'s selected screw, and the banner.
    /// </summary>
    public void Draw(IHologramPort port, CaseScene scene, in NavigationStatus status, in InputFrame input, Vector3 tipWorldMm, Vector3 axisWorld, ReadOnlySpan<char> title, RigidTransform? worldFromMarker = null, ReadOnlySpan<char> instrument = default)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(scene);
        Look = status.Navigable ? OverlayLook.Navigable : OverlayLook.NotTracking;
        GuidanceValid = false;
        if (status.WorldFromCt is RigidTransform worldFromCt)
        {
            Matrix4x4 worldFromCtMatrix = worldFromCt.ToMatrix4x4();
            scene.Draw(port, worldFromCtMatrix, Look);
            int selected = scene.SelectedScrew;
            if (status.Navigable && selected >= 0 && selected < scene.Package.Case.Plan.Screws.Count)
            {
                ScrewTrajectory screw = scene.Package.Case.Plan.Screws[selected];
                Vector3 entryWorld = Vector3.Transform(screw.EntryCt.ToVector3(), worldFromCtMatrix);
                Vector3 targetWorld = Vector3.Transform(screw.TargetCt.ToVector3(), worldFromCtMatrix);
                Reading = InstrumentGuidance.Read(tipWorldMm, axisWorld, entryWorld, targetWorld);
                GuidanceValid = Reading.Valid;
            }
        }

        RgbaColor bandColor = !GuidanceValid ? InvalidColor : Reading.Band switch
        {
            GuidanceBand.Green => GreenColor,
            GuidanceBand.Amber => AmberColor,
            _ => RedColor,
        };
        bool hasInstrument = float.IsFinite(tipWorldMm.X + tipWorldMm.Y + tipWorldMm.Z) && float.IsFinite(axisWorld.X + axisWorld.Y + axisWorld.Z);
        if (hasInstrument)
        {
            scene.DrawInstrument(port, tipWorldMm, axisWorld, Look, GuidanceValid ? bandColor : null);
        }

        if (worldFromMarker is RigidTransform marker)
        {
            // The marker where tracking sees it: over the physical marker when tracking is right, visibly off when it is not.
            scene.DrawMarker(port, marker.ToMatrix4x4(), Look);
        }

        if (hasInstrument && instrument.Length > 0)
        {
            port.DrawText(instrument, tipWorldMm - axisWorld * (scene.Instrument.ShaftLengthMm + 100), 4, GuidanceValid ? bandColor : InvalidColor);
        }

        Matrix4x4 worldFromHead = input.WorldFromHead;
        Matrix4x4 worldFromPanel = GuidancePanelInHead * worldFromHead;
        port.BeginPanel(title, worldFromPanel, 220);
        if (GuidanceValid)
        {
            port.PanelLabel(offset.Clear().Append("Offset from plan ").Append(Reading.LateralOffsetMm, 1).Append(" mm").Span, bandColor);
            port.PanelLabel(angle.Clear().Append("Angle to plan ").Append(Reading.AngleDeg, 1).Append(" deg").Span, bandColor);
            port.PanelLabel(depth.Clear().Append("Depth to target ").Append(Reading.DepthToTargetMm, 1).Append(" mm").Span, bandColor);
            port.PanelLabel(entry.Clear().Append("Tip to entry ").Append(Reading.TipToEntryMm, 1).Append(" mm").Span, bandColor);
        }
        else
        {
            port.PanelLabel("Offset from plan -- mm", InvalidColor);
            port.PanelLabel("Angle to plan -- deg", InvalidColor);
            port.PanelLabel("Depth to target -- mm", InvalidColor);
            port.PanelLabel("Tip to entry -- mm", InvalidColor);
        }

        if (instrument.Length > 0)
        {
            port.PanelLabel(instrument, hasInstrument ? RgbaColor.White : InvalidColor);
        }

        port.EndPanel();
        if (!status.Navigable)
        {
            port.DrawText(status.Banner, Vector3.Transform(BannerInHeadMm, worldFromHead), BannerHeightMm, RedColor);
        }
    }

    /// <summary>The set-up panel's pose (a mode's own panel, beside the guidance panel), World, for a head at <paramref name="worldFromHead"/>.</summary>
    public static Matrix4x4 SetUpPanelPose(in Matrix4x4 worldFromHead) => SetUpPanelInHead * worldFromHead;

    /// <summary>The guidance panel's title for each planned screw ("Guidance: L3 left"), made once per mode.</summary>
    public static string[] GuidanceTitles(SurgicalPlan plan) => plan.Screws.Select(s => "Guidance: " + s.Label).ToArray();

    /// <summary>Next/Previous in <paramref name="keys"/> step <paramref name="scene"/>'s selected screw through the plan (wrapping); with none selected, selects the first. Allocates nothing.</summary>
    public static void SelectScrew(CaseScene scene, AppKeys keys)
    {
        ArgumentNullException.ThrowIfNull(scene);
        int count = scene.Package.Case.Plan.Screws.Count;
        if (count == 0)
        {
            return;
        }

        if ((keys & AppKeys.Next) != 0)
        {
            scene.SelectedScrew = (scene.SelectedScrew + 1) % count;
        }
        else if ((keys & AppKeys.Previous) != 0)
        {
            scene.SelectedScrew = (Math.Max(scene.SelectedScrew, 0) - 1 + count) % count;
        }
        else if (scene.SelectedScrew < 0)
        {
            scene.SelectedScrew = 0;
        }
    }
}
