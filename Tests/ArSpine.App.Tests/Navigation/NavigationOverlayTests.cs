using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Navigation;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Fakes;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Registration.Tracking;

namespace ArSpine.App.Tests.Navigation;

/// <summary>What the overlay draws besides the case: the tracked marker where tracking sees it, and the instrument in the safety look.</summary>
[Collection(SampleCaseCollection.Name)]
public sealed class NavigationOverlayTests(SampleCaseFixture fixture)
{
    private static readonly RigidTransform WorldFromCt = RigidTransform.FromAxisAngle(new Vector3d(0, 0, 1), 20, new Vector3d(100, 900, -300));

    [Fact]
    public void Draw_WithTheTrackedMarkerPose_DrawsTheMarkerBoardAtThatPose()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, fixture.Package);
        RigidTransform worldFromMarker = WorldFromCt * SampleCaseFixture.MarkerFromCt.Inverse();

        new NavigationOverlay().Draw(port, scene, Navigable(), Input(), Vector3.Zero, -Vector3.UnitY, "Guidance");
        int without = port.MeshDraws.Count;
        port.NextFrame();
        new NavigationOverlay().Draw(port, scene, Navigable(), Input(), Vector3.Zero, -Vector3.UnitY, "Guidance", worldFromMarker);

        Assert.True(port.MeshDraws.Count > without, $"{port.MeshDraws.Count} mesh draws with the marker, {without} without");
        Vector3 markerOrigin = worldFromMarker.TranslationMm.ToVector3();
        // The board and its squares lie within the 50 mm board around the marker's origin.
        int near = port.MeshDraws.Count(d => Vector3.Distance(d.WorldFromMesh.Translation, markerOrigin) < 40);
        Assert.True(near >= port.MeshDraws.Count - without, $"{near} of the {port.MeshDraws.Count - without} marker draws within 40 mm of the marker");
    }

    [Fact]
    public void Draw_NotNavigable_DrawsTheInstrumentOnlyAsThinLinesAndItsLabelGrey()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, fixture.Package);
        var lost = new NavigationStatus(false, WorldFromCt, TrackingState.Lost, 2, "NOT TRACKING", 3);
        Vector3 tip = new(0, 0, 0), axis = -Vector3.UnitY;

        new NavigationOverlay().Draw(port, scene, lost, Input(), tip, axis, "Guidance", null, "Virtual probe (hand ray)");

        Assert.DoesNotContain(port.Cylinders, c => Vector3.Distance(c.ToWorldMm, tip) < 1e-3f);
        Assert.Contains(port.Lines, l => Vector3.Distance(l.ToWorldMm, tip) < 1e-3f && l.WidthMm <= 1);
        RecordingHologramPort.TextDraw label = Assert.Single(port.Texts, t => t.Text == "Virtual probe (hand ray)");
        Assert.Equal(NavigationOverlay.InvalidColor, label.Color);
    }

    [Fact]
    public void Draw_NavigableOnTheSelectedScrew_ColoursTheProbeShaftByItsGuidanceBand()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, fixture.Package);
        scene.SelectedScrew = 0;
        ScrewTrajectory screw = fixture.Package.Case.Plan.Screws[0];
        Vector3 tip = WorldFromCt.Apply(screw.EntryCt + screw.Direction * 5).ToVector3();
        Vector3 axis = WorldFromCt.ApplyToDirection(screw.Direction).ToVector3();

        var overlay = new NavigationOverlay();
        overlay.Draw(port, scene, Navigable(), Input(), tip, axis, "Guidance");

        Assert.Equal(GuidanceBand.Green, overlay.Reading.Band);
        Assert.Contains(port.Cylinders, c => Vector3.Distance(c.ToWorldMm, tip) < 1e-3f && c.Color == NavigationOverlay.GreenColor);
    }

    [Fact]
    public void Draw_NavigableWithAZeroPointerDirection_ShowsNoGuidanceNumbers()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, fixture.Package);
        scene.SelectedScrew = 0;
        var overlay = new NavigationOverlay();

        overlay.Draw(port, scene, Navigable(), Input(), Vector3.Zero, Vector3.Zero, "Guidance");

        Assert.False(overlay.GuidanceValid);
        Assert.Contains("label:Offset from plan -- mm", port.PanelRows);
    }

    private static NavigationStatus Navigable() => new(true, WorldFromCt, TrackingState.Tracking, 0, "", 3);

    private static InputFrame Input() => new(1, Matrix4x4.CreateTranslation(0, 1500, 500), new Vector3(0, 1500, 500), -Vector3.UnitZ, 400, ButtonState.Up, ButtonState.Up, AppKeys.None);
}
