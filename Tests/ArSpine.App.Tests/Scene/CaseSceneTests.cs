using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Fakes;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;

namespace ArSpine.App.Tests.Scene;

public sealed class CaseSceneTests
{
    /// <summary>A known WorldFromCt: 35° about a tilted axis, then 120, −40, 900 mm.</summary>
    private static readonly RigidTransform WorldFromCt = RigidTransform.FromAxisAngle(new Vector3d(0.3, 1, 0.2).Normalized(), 35, new Vector3d(120, -40, 900));

    [Fact]
    public void Draw_NavigableAtKnownWorldFromCt_ScrewsAreCylindersOfTrueDiameterAndLengthFromEntryToTarget()
    {
        var port = new RecordingHologramPort();
        CasePackage package = TestCases.TwoBoxes();
        CaseScene scene = CaseScene.Upload(port, package);

        scene.Draw(port, WorldFromCt.ToMatrix4x4(), OverlayLook.Navigable);

        foreach (ScrewTrajectory screw in package.Case.Plan.Screws)
        {
            Vector3 entry = WorldFromCt.Apply(screw.EntryCt).ToVector3(), target = WorldFromCt.Apply(screw.TargetCt).ToVector3();
            RecordingHologramPort.CylinderDraw cylinder = Assert.Single(port.Cylinders, c => Vector3.Distance(c.FromWorldMm, entry) < 1e-3f);
            Assert.Equal(entry.X, cylinder.FromWorldMm.X, 1e-3f);
            Assert.True(Vector3.Distance(cylinder.ToWorldMm, target) < 1e-3f, $"Expected the target at {target}. Was {cylinder.ToWorldMm}.");
            Assert.Equal(6.5f, cylinder.DiameterMm);
            Assert.Equal(45f, Vector3.Distance(cylinder.FromWorldMm, cylinder.ToWorldMm), 1e-3f);
            Assert.Equal(CaseScene.ScrewColor(screw.Side), cylinder.Color);
            Assert.False(cylinder.Color.IsTranslucent);
        }

        Assert.Equal(CaseScene.LeftScrewColor, CaseScene.ScrewColor(BodySide.Left));
        Assert.Equal(CaseScene.RightScrewColor, CaseScene.ScrewColor(BodySide.Right));
    }

    [Fact]
    public void Draw_Navigable_EntryAndTargetMarkedByRingsPerpendicularToTheAxis()
    {
        var port = new RecordingHologramPort();
        CasePackage package = TestCases.TwoBoxes();
        CaseScene scene = CaseScene.Upload(port, package);

        scene.Draw(port, WorldFromCt.ToMatrix4x4(), OverlayLook.Navigable);

        ScrewTrajectory screw = package.Case.Plan.Screws[0];
        Vector3 axis = WorldFromCt.ApplyToDirection(screw.Direction).ToVector3();
        foreach (Vector3d pointCt in new[] { screw.EntryCt, screw.TargetCt })
        {
            Vector3 point = WorldFromCt.Apply(pointCt).ToVector3();
            RecordingHologramPort.MeshDraw ring = Assert.Single(port.MeshDraws, d => Vector3.Distance(d.WorldFromMesh.Translation, point) < 1e-3f);
            // The ring's own Z (its axis) maps onto the screw's axis, scaled by the ring's diameter; it is wider than the screw.
            var ringAxis = new Vector3(ring.WorldFromMesh.M31, ring.WorldFromMesh.M32, ring.WorldFromMesh.M33);
            float innerRadiusMm = port.Meshes[ring.Mesh.Id].PositionsMm.Min(p => new Vector2(p.X, p.Y).Length()) * ringAxis.Length();
            Assert.True(innerRadiusMm > 6.5f / 2, $"Expected the ring's hole wider than the screw. Was {innerRadiusMm} mm in radius.");
            Assert.Equal(1f, Vector3.Dot(Vector3.Normalize(ringAxis), axis), 1e-4f);
        }
    }

    [Fact]
    public void Draw_NotTracking_NoSolidScrewOnlyThinRedAndGreyDashesAlongTheAxesAndGreyBone()
    {
        var port = new RecordingHologramPort();
        CasePackage package = TestCases.TwoBoxes();
        CaseScene scene = CaseScene.Upload(port, package);
        scene.SelectedScrew = 0;

        scene.Draw(port, WorldFromCt.ToMatrix4x4(), OverlayLook.NotTracking);

        Assert.Empty(port.Cylinders);
        Assert.All(port.Lines, l => Assert.True(l.WidthMm <= 1, $"line {l.WidthMm} mm wide"));
        Assert.All(port.Lines, l => Assert.Contains(l.Color, new[] { CaseScene.NotTrackingColor, CaseScene.NotTrackingGrey }));
        foreach (ScrewTrajectory screw in package.Case.Plan.Screws)
        {
            Vector3 entry = WorldFromCt.Apply(screw.EntryCt).ToVector3(), target = WorldFromCt.Apply(screw.TargetCt).ToVector3();
            var dashes = port.Lines.Where(l => DistanceToSegment(l.FromWorldMm, entry, target) < 1e-3f && DistanceToSegment(l.ToWorldMm, entry, target) < 1e-3f).ToList();
            Assert.Equal(45f, dashes.Sum(d => Vector3.Distance(d.FromWorldMm, d.ToWorldMm)), 1e-2f);
            Assert.Contains(dashes, d => d.Color == CaseScene.NotTrackingColor);
            Assert.Contains(dashes, d => d.Color == CaseScene.NotTrackingGrey);
            Assert.Equal(CaseScene.NotTrackingColor, Assert.Single(dashes, d => Vector3.Distance(d.FromWorldMm, entry) < 1e-3f).Color);
            Assert.Equal(CaseScene.NotTrackingColor, Assert.Single(dashes, d => Vector3.Distance(d.ToWorldMm, target) < 1e-3f).Color);
        }

        var bone = port.MeshDraws.Where(d => d.WorldFromMesh == WorldFromCt.ToMatrix4x4()).ToList();
        Assert.Equal(2, bone.Count);
        Assert.All(bone, d => Assert.Equal(CaseScene.NotTrackingGrey.WithAlpha(d.Color.A), d.Color));
    }

    [Fact]
    public void Draw_PlanNavigableNotTracking_ThreeLooksDiffer()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, TestCases.TwoBoxes());
        var signatures = new List<string>();
        foreach (OverlayLook look in Enum.GetValues<OverlayLook>())
        {
            port.NextFrame();
            scene.Draw(port, Matrix4x4.Identity, look);
            signatures.Add($"{port.Cylinders.Count}/{port.Lines.Count}/{string.Join(",", port.MeshDraws.Select(d => d.Color))}");
        }

        Assert.Equal(3, signatures.Distinct().Count());
    }

    [Fact]
    public void Draw_VertebraAndScrewToggledOff_NeitherNorTheirLabelsAreDrawn()
    {
        var port = new RecordingHologramPort();
        CasePackage package = TestCases.TwoBoxes();
        CaseScene scene = CaseScene.Upload(port, package);
        MeshHandle[] vertebraHandles = [.. port.Meshes.Where(m => m.Value == package.VertebraMeshes[0] || m.Value == package.VertebraMeshes[1]).OrderBy(m => m.Key).Select(m => new MeshHandle(m.Key))];

        scene.VertebraVisible[0] = false;
        scene.ScrewVisible[1] = false;
        scene.Draw(port, Matrix4x4.Identity, OverlayLook.Plan);

        Assert.DoesNotContain(port.MeshDraws, d => d.Mesh == vertebraHandles[0]);
        Assert.Contains(port.MeshDraws, d => d.Mesh == vertebraHandles[1]);
        Assert.DoesNotContain(port.Texts, t => t.Text == "L3");
        Assert.Contains(port.Texts, t => t.Text == "L4");
        Assert.Single(port.Cylinders);
        Assert.Equal(new Vector3(5, 0, 8), port.Cylinders[0].FromWorldMm);
        Assert.DoesNotContain(port.Texts, t => t.Text.StartsWith("L4 right", StringComparison.Ordinal));
        Assert.Contains(port.Texts, t => t.Text == "L3 left 6.5x45");
        // No ring at the hidden screw's entry.
        Assert.DoesNotContain(port.MeshDraws, d => Vector3.Distance(d.WorldFromMesh.Translation, new Vector3(-5, 0, -8)) < 1e-3f);
    }

    [Fact]
    public void Draw_Labels_NameEachLevelBesideItsOwnVertebraAndEachScrewByLevelSideAndSize()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, TestCases.TwoBoxes());

        scene.Draw(port, Matrix4x4.Identity, OverlayLook.Plan);

        RecordingHologramPort.TextDraw l3 = Assert.Single(port.Texts, t => t.Text == "L3");
        RecordingHologramPort.TextDraw l4 = Assert.Single(port.Texts, t => t.Text == "L4");
        Assert.Equal(TestCases.L3Centre.Z, l3.AnchorWorldMm.Z, 1e-3f);
        Assert.Equal(TestCases.L4Centre.Z, l4.AnchorWorldMm.Z, 1e-3f);
        Assert.True(l3.AnchorWorldMm.X < TestCases.L3Centre.X - 15, "Expected the level label beside the vertebra on the patient's right (LPS −X).");
        RecordingHologramPort.TextDraw left = Assert.Single(port.Texts, t => t.Text == "L3 left 6.5x45");
        RecordingHologramPort.TextDraw right = Assert.Single(port.Texts, t => t.Text == "L4 right 6.5x45");
        Assert.True(left.AnchorWorldMm.Z > 8 && right.AnchorWorldMm.Z > -8, "Expected screw labels above their entry points.");
        Assert.True(Vector3.Distance(left.AnchorWorldMm, new Vector3(5, 0, 8)) < 12);
    }

    [Fact]
    public void Draw_PhantomCase_LevelLabelsFollowTheCaseOrderSuperiorToInferior()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, TestCases.FiveLevelPhantom);

        scene.Draw(port, Matrix4x4.Identity, OverlayLook.Plan);

        string[] names = [.. TestCases.FiveLevelPhantom.Case.Vertebrae.Select(v => v.Name)];
        Assert.Equal(["L1", "L2", "L3", "L4", "L5"], names.Take(5));
        float[] heights = [.. names.Select(n => Assert.Single(port.Texts, t => t.Text == n).AnchorWorldMm.Z)];
        for (int n = 1; n < heights.Length; n++)
        {
            Assert.True(heights[n] < heights[n - 1], $"Expected {names[n]}'s label below {names[n - 1]}'s. Was {heights[n]} vs {heights[n - 1]} mm.");
        }

        // Each screw's label names its own vertebra: the label sits by its entry, which lies in that vertebra's height range.
        foreach (ScrewTrajectory screw in TestCases.FiveLevelPhantom.Case.Plan.Screws)
        {
            RecordingHologramPort.TextDraw label = Assert.Single(port.Texts, t => t.Text.StartsWith(screw.Label + " ", StringComparison.Ordinal));
            int level = Array.IndexOf(names, screw.Vertebra);
            Assert.Equal(level, Array.IndexOf(heights, heights.MinBy(h => MathF.Abs(h - (float)screw.EntryCt.Z))));
            Assert.Contains(screw.Side == BodySide.Left ? "left" : "right", label.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Draw_SelectedScrew_HighlightedSleeveAndLabel()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, TestCases.TwoBoxes());
        scene.SelectedScrew = 1;

        scene.Draw(port, Matrix4x4.Identity, OverlayLook.Navigable);

        RecordingHologramPort.CylinderDraw sleeve = Assert.Single(port.Cylinders, c => c.Color.IsTranslucent);
        Assert.Equal(CaseScene.SelectedColor.WithAlpha(sleeve.Color.A), sleeve.Color);
        Assert.True(sleeve.DiameterMm > 6.5f);
        Assert.True(sleeve.FromWorldMm.X < 0, "Expected the sleeve on the L4 right screw (LPS −X).");
        Assert.Equal(CaseScene.SelectedColor, Assert.Single(port.Texts, t => t.Text == "L4 right 6.5x45").Color);
    }

    [Fact]
    public void DrawMarker_AtKnownPose_BoardOfTrueSizeCentredOnTheMarkerOrigin()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, TestCases.TwoBoxes());
        Matrix4x4 worldFromMarker = WorldFromCt.ToMatrix4x4();

        scene.DrawMarker(port, worldFromMarker, OverlayLook.Navigable);

        Assert.NotNull(scene.Marker);
        Assert.Equal(50f, scene.Marker.WidthMm, 1e-4f);
        Assert.Equal(1 + 2 * 4, port.MeshDraws.Count);
        RecordingHologramPort.MeshDraw board = port.MeshDraws[0];
        // The board's unit box maps to a (50 + 2 margins)-wide square whose X edge runs along the marker's X.
        var xEdge = new Vector3(board.WorldFromMesh.M11, board.WorldFromMesh.M12, board.WorldFromMesh.M13);
        Assert.Equal(50 + 2 * MarkerHologram.MarginMm, xEdge.Length(), 1e-3f);
        Vector3 markerX = Vector3.TransformNormal(Vector3.UnitX, worldFromMarker);
        Assert.Equal(1f, Vector3.Dot(Vector3.Normalize(xEdge), markerX), 1e-5f);
        Vector3 blackCentres = port.MeshDraws.Where(d => d.Color == new RgbaColor(0.05f, 0.05f, 0.05f)).Aggregate(Vector3.Zero, (sum, d) => sum + d.WorldFromMesh.Translation) / 4;
        Assert.True(Vector3.Distance(blackCentres, Vector3.Transform(new Vector3(0, 0, 0.2f), worldFromMarker)) < 1e-3f);
    }

    [Fact]
    public void DrawInstrument_TrackingAndNot_TipAtTheGivenPointAndNoSolidProbeWhenNotTracking()
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, TestCases.TwoBoxes());
        var tip = new Vector3(10, 20, 30);
        Vector3 axis = Vector3.Normalize(new Vector3(0, -1, -0.2f));

        scene.DrawInstrument(port, tip, axis, OverlayLook.Navigable);

        Assert.Contains(port.Cylinders, c => c.ToWorldMm == tip);
        Assert.All(port.Cylinders, c => Assert.True(Vector3.Dot(c.ToWorldMm - c.FromWorldMm, axis) > 0));
        port.NextFrame();
        scene.DrawInstrument(port, tip, axis, OverlayLook.NotTracking);
        Assert.Empty(port.Cylinders);
        Assert.Contains(port.Lines, l => l.ToWorldMm == tip && l.Color == CaseScene.NotTrackingColor);
    }

    [Fact]
    public void Draw_ManyFrames_AllocatesNothing()
    {
        var port = new CountingHologramPort();
        CaseScene scene = CaseScene.Upload(port, TestCases.TwoBoxes());
        scene.SelectedScrew = 0;
        Matrix4x4 worldFromCt = WorldFromCt.ToMatrix4x4();
        void Frame()
        {
            port.NextFrame();
            scene.Draw(port, worldFromCt, OverlayLook.Navigable);
            scene.Draw(port, worldFromCt, OverlayLook.NotTracking);
            scene.Draw(port, worldFromCt, OverlayLook.Plan);
            scene.DrawMarker(port, worldFromCt, OverlayLook.Navigable);
            scene.DrawInstrument(port, Vector3.Zero, Vector3.UnitZ, OverlayLook.Navigable);
        }

        Frame();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 200; n++)
        {
            Frame();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(port.Cylinders > 0 && port.Lines > 0 && port.Texts > 0);
    }

    private static float DistanceToSegment(Vector3 p, Vector3 a, Vector3 b)
    {
        Vector3 ab = b - a;
        float t = Math.Clamp(Vector3.Dot(p - a, ab) / ab.LengthSquared(), 0, 1);
        return Vector3.Distance(p, a + ab * t);
    }
}
