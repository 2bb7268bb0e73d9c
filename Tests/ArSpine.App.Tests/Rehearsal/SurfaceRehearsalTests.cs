using ArSpine.App.Rehearsal;
using ArSpine.Core.Plans;

namespace ArSpine.App.Tests.Rehearsal;

/// <summary>Rehearsal with the fiducial registration refined by surface ICP: the registration's own error drops to a fraction of a millimetre.</summary>
public sealed class SurfaceRehearsalTests(SurfaceRehearsalFixture rehearsal) : IClassFixture<SurfaceRehearsalFixture>
{
    [Fact]
    public void Rehearse_SurfaceRefinedRegistration_LowersTheOverlayTreToTheTrackingError()
    {
        RegistrationReport registration = rehearsal.Report.Registration!;
        TrackingErrorReport tracking = rehearsal.Report.Tracking;

        Assert.Equal("fiducials + surface", registration.Method);
        Assert.True(registration.Accepted);
        // Measured on this seed, the pointer sweeping random points on the TRUE label surface (raw marching cubes, not the case
        // meshes ICP fits to) with 0.5 mm FLE: the registration 0.19 mm from the truth at the targets (0.03 mm when the sweep took
        // the case meshes' own vertices); overlay median 1.3, p95 1.7, max 2.0 mm, the tracking's error now dominating.
        Assert.True(registration.TrueTreMaxMm < 0.4, $"registration error {registration.TrueTreMaxMm} mm");
        Assert.True(registration.TrueTreMaxMm > 0.05, $"registration error {registration.TrueTreMaxMm} mm: suspiciously exact, is the sweep sampling ICP's own target points?");
        Assert.True(tracking.OverlayTreMedianMm <= 2.0, $"median {tracking.OverlayTreMedianMm} mm");
        Assert.True(tracking.OverlayTreMaxMm <= 2.6, $"max {tracking.OverlayTreMaxMm} mm");
    }

    [Fact]
    public void Rehearse_SurfaceRefined_IdealScrewGradeAAndTheMedialScrewFlagged()
    {
        PlacedScrewReport ideal = rehearsal.Report.Screws.Single(s => s.PlanIndex == 4);
        PlacedScrewReport moved = rehearsal.Report.Screws.Single(s => s.PlanIndex == RehearsalFixture.MedialScrew);

        Assert.Equal(GertzbeinRobbinsGrade.A, ideal.Grade);
        Assert.True(moved.Grade > GertzbeinRobbinsGrade.A);
        Assert.True(moved.MedialBreach);
        Assert.InRange(moved.MedialShiftMm, 3, 5.5);
    }
}
