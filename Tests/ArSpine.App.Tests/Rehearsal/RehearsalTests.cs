using System.Text.Json;
using ArSpine.App.Rehearsal;
using ArSpine.Core.Plans;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Rehearsal;

/// <summary>Rehearsal end to end on the phantom: simulated frames → detection → registration → overlay, graded against the truth.</summary>
public sealed class RehearsalTests(RehearsalFixture rehearsal) : IClassFixture<RehearsalFixture>
{
    [Fact]
    public void Rehearse_ThroughTheRealPipeline_FindsTheMarkerInEveryFrameAndRegistersWithinThresholds()
    {
        TrackingErrorReport tracking = rehearsal.Report.Tracking;

        Assert.True(tracking.CameraFrames > 30, $"camera frames {tracking.CameraFrames}");
        Assert.Equal(tracking.CameraFrames, tracking.DetectedFrames);
        Assert.True(tracking.NavigableFrames > tracking.Frames * 3 / 4, $"{tracking.NavigableFrames} of {tracking.Frames} frames navigable");
        Assert.NotNull(rehearsal.Report.Registration);
        Assert.True(rehearsal.Report.Registration!.Accepted);
        Assert.True(rehearsal.Report.Registration.FreMm < 1.0);
        // The marker is clamped within the 10–20 cm of the targets that the room promises.
        Assert.InRange(tracking.MarkerToTargetsMinMm, 100, 200);
        Assert.InRange(tracking.MarkerToTargetsMaxMm, 100, 200);
    }

    [Fact]
    public void Rehearse_OverlayTreAtThePlannedTargets_IsWithinTheMeasuredBound()
    {
        TrackingErrorReport tracking = rehearsal.Report.Tracking;

        // Measured on this seed: median 2.2 mm, 95th percentile 2.6 mm, max 2.9 mm (registration about 1 mm of it, and a depth bias
        // of the board pose of about 1.5 mm at half a metre). The bound leaves a little room and still fails a centimetre-class error.
        Assert.NotNull(tracking.OverlayTreMedianMm);
        Assert.InRange(tracking.OverlayTreMedianMm!.Value, 0.3, 3.0);
        Assert.True(tracking.OverlayTreP95Mm <= 3.2, $"p95 {tracking.OverlayTreP95Mm} mm");
        Assert.True(tracking.OverlayTreMaxMm <= 3.5, $"max {tracking.OverlayTreMaxMm} mm");
        Assert.Equal(rehearsal.Mode.OverlayTreSamplesMm.Length, tracking.NavigableFrames * rehearsal.Case.Package.Case.Plan.Screws.Count);
    }

    [Fact]
    public void Rehearse_ScriptedTrainee_PlacesEveryPlannedScrewOnce()
    {
        IReadOnlyList<ScrewTrajectory> plan = rehearsal.Case.Package.Case.Plan.Screws;

        Assert.Empty(rehearsal.Report.NotPlaced);
        Assert.Equal(plan.Count, rehearsal.Report.Screws.Count);
        Assert.Equal(plan.Select(s => s.Label).Order(), rehearsal.Report.Screws.Select(s => s.Screw).Order());
        Assert.All(rehearsal.Report.Screws, s => Assert.True(s.NavigableWhenPlaced));
        Assert.Empty(rehearsal.Report.Collisions);
    }

    [Fact]
    public void Rehearse_IdealScrewAimedOnTheOverlay_IsGradeAWithin3MmOfThePlan()
    {
        // L3 left (plan index 4): no deliberate error; its error is the pipeline's.
        PlacedScrewReport screw = rehearsal.Report.Screws.Single(s => s.PlanIndex == 4);

        Assert.Equal(GertzbeinRobbinsGrade.A, screw.Grade);
        Assert.Equal(0, screw.BreachMm);
        Assert.False(screw.MedialBreach);
        Assert.True(screw.TipErrorMm < 3, $"tip {screw.TipErrorMm} mm from the plan");
        Assert.True(screw.AngleErrorDeg < 2, $"angle {screw.AngleErrorDeg} deg from the plan");
        // Every undisturbed screw stays under a 2 mm breach (grade A or B) with a 2–3 mm overlay error.
        Assert.All(rehearsal.Report.Screws.Where(s => s.PlanIndex != RehearsalFixture.MedialScrew), s => Assert.True(s.Grade <= GertzbeinRobbinsGrade.B, $"{s.Screw}: grade {s.Grade}, breach {s.BreachMm} mm"));
    }

    [Fact]
    public void Rehearse_ScrewMovedFourMmMedially_IsGradedWorseAndFlaggedMedial()
    {
        PlacedScrewReport moved = rehearsal.Report.Screws.Single(s => s.PlanIndex == RehearsalFixture.MedialScrew);
        PlacedScrewReport sameSideIdeal = rehearsal.Report.Screws.Single(s => s.PlanIndex == 4);

        Assert.True(moved.Grade > GertzbeinRobbinsGrade.A, $"grade {moved.Grade}");
        Assert.True(moved.BreachMm > sameSideIdeal.BreachMm);
        Assert.True(moved.MedialBreach);
        Assert.Equal(BreachDirection.Medial, moved.BreachDirection);
        // The true shift is the deliberate 4 mm plus the overlay's error, measured in the true Ct frame.
        Assert.InRange(moved.MedialShiftMm, RehearsalFixture.MedialShiftMm - 3, RehearsalFixture.MedialShiftMm + 3);
    }

    [Fact]
    public void Save_Report_WritesVersionedJsonWithTheFieldsTheReaderNeeds_AndLoadsBack()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf(RehearsalReport.FileName);

        rehearsal.Report.Save(path);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = json.RootElement;
        Assert.Equal(RehearsalReport.Format, root.GetProperty("format").GetString());
        Assert.Equal(RehearsalReport.Version, root.GetProperty("version").GetInt32());
        JsonElement tracking = root.GetProperty("tracking");
        Assert.Equal(rehearsal.Report.Tracking.OverlayTreMedianMm, tracking.GetProperty("overlayTreMedianMm").GetDouble());
        JsonElement registration = root.GetProperty("registration");
        Assert.True(registration.GetProperty("accepted").GetBoolean());
        Assert.Equal("fiducials", registration.GetProperty("method").GetString());
        JsonElement[] screws = [.. root.GetProperty("screws").EnumerateArray()];
        Assert.Equal(rehearsal.Report.Screws.Count, screws.Length);
        JsonElement moved = screws.Single(s => s.GetProperty("planIndex").GetInt32() == RehearsalFixture.MedialScrew);
        Assert.Equal(rehearsal.Report.Screws.Single(s => s.PlanIndex == RehearsalFixture.MedialScrew).Grade.ToString(), moved.GetProperty("grade").GetString());
        Assert.True(moved.GetProperty("medialBreach").GetBoolean());
        Assert.Equal("medial", moved.GetProperty("breachDirection").GetString());
        Assert.Equal(3, moved.GetProperty("entryCt").GetArrayLength());
        foreach (string field in new[] { "screw", "tipCt", "breachMm", "entryErrorMm", "tipErrorMm", "angleErrorDeg", "lateralErrorMm", "medialShiftMm", "navigableWhenPlaced", "overlayTreMmWhenPlaced" })
        {
            Assert.True(moved.TryGetProperty(field, out _), field);
        }

        Assert.DoesNotContain("Phantom", File.ReadAllText(path), StringComparison.Ordinal); // no patient label
        RehearsalReport loaded = RehearsalReport.Load(path);
        Assert.Equal(rehearsal.Report.Screws.Select(s => s.Grade), loaded.Screws.Select(s => s.Grade));
        Assert.DoesNotContain(Directory.GetFiles(folder.FolderPath), f => !f.EndsWith(RehearsalReport.FileName, StringComparison.Ordinal)); // no temporary file left
    }

    [Fact]
    public void Grade_PlacedScrewMappedWithTheTrueTransform_NotTheEstimatedOne()
    {
        // Grading happens in the true Ct frame: the placed screws as stored differ from what the overlay's estimate would give.
        IReadOnlyList<ScrewTrajectory> placedCt = rehearsal.Mode.PlacedScrewsCt();
        PlacedScrewReport first = rehearsal.Report.Screws[0];

        Assert.Equal(placedCt[0].EntryCt, first.EntryCt);
        Assert.Equal(placedCt[0].TargetCt, first.TipCt);
    }
}
