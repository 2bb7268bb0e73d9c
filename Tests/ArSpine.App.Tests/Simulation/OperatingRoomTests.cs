using ArSpine.App.Cases;
using ArSpine.App.Navigation;
using ArSpine.App.Simulation;
using ArSpine.App.Tests.Navigation;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Plans;
using ArSpine.Registration.Markers;

namespace ArSpine.App.Tests.Simulation;

[Collection(SampleCaseCollection.Name)]
public sealed class OperatingRoomTests(SampleCaseFixture fixture)
{
    [Fact]
    public void Create_PronePatient_PosteriorIsUpAndTheHeadTowardMinusZ()
    {
        OperatingRoom room = OperatingRoom.Create(fixture.Package);

        Vector3d posteriorWorld = room.TrueWorldFromCt.ApplyToDirection(Vector3d.UnitY);
        Vector3d superiorWorld = room.TrueWorldFromCt.ApplyToDirection(Vector3d.UnitZ);
        Vector3d leftWorld = room.TrueWorldFromCt.ApplyToDirection(Vector3d.UnitX);
        Assert.Equal(1, posteriorWorld.Y, 9);
        Assert.Equal(-1, superiorWorld.Z, 9);
        Assert.Equal(-1, leftWorld.X, 9); // prone: the patient's left is on the World −X side
        Assert.True(room.TrueWorldFromCt.Rotation.IsRotation());
    }

    [Fact]
    public void Create_MarkerClampedAboveASpinousProcess_FacesBackAnd10To20CmFromTheTargets()
    {
        OperatingRoom room = OperatingRoom.Create(fixture.Package);

        (double min, double max) = room.MarkerToTargetsMm();
        Assert.InRange(min, 100, 200);
        Assert.InRange(max, 100, 200);
        Vector3d markerCt = room.TrueMarkerFromCt.Inverse().TranslationMm;
        Vector3d tip = fixture.Package.Case.Fiducials!.Single(f => f.Name.StartsWith(room.MarkerVertebra + " ", StringComparison.Ordinal)).PositionCt;
        Assert.Equal(room.Settings.MarkerPostMm, markerCt.Y - tip.Y, 6);
        Vector3d normalCt = room.TrueMarkerFromCt.Inverse().ApplyToDirection(Vector3d.UnitZ);
        Assert.True(normalCt.Y > 0.8, $"marker normal {normalCt} in Ct");
    }

    [Fact]
    public void DefaultHead_SeesTheMarkerBoardInsideTheImageAtAboutHalfAMetre()
    {
        OperatingRoom room = OperatingRoom.Create(fixture.Package);
        using var source = new SimulatedFrameSource(room);

        RigidTransform cameraFromMarker = source.TrueCameraFromMarker(room.DefaultWorldFromHead);
        var solver = new PlanarPoseSolver(room.Camera);
        PixelPoint[] corners = solver.Project(cameraFromMarker, [new(-25, 25, 0), new(25, 25, 0), new(25, -25, 0), new(-25, -25, 0)]);

        Assert.InRange(cameraFromMarker.TranslationMm.Length, 450, 650);
        Assert.All(corners, c => Assert.True(c.X > 0 && c.X < 1280 && c.Y > 0 && c.Y < 720, $"corner at {c}"));
        // The board faces the camera (its +Z toward the eye: negative camera z).
        Assert.True(cameraFromMarker.ApplyToDirection(Vector3d.UnitZ).Z < -0.5);
    }

    [Fact]
    public void TryCapture_RendersAtTheCameraRateOfTheFrameLoopClock_AndTheDetectorFindsTheBoard()
    {
        OperatingRoom room = OperatingRoom.Create(fixture.Package);
        using var source = new SimulatedFrameSource(room, frameRateHz: 30);
        var clock = new AppClock();
        using var pipeline = new MarkerPipeline(room.Board, room.Camera);
        int frames = 0;
        TrackingResult? last = null;
        for (int f = 0; f < 6; f++)
        {
            clock.Set(f / 60.0);
            source.SetHead(f / 60.0, room.DefaultWorldFromHead);
            if (source.TryCapture(clock, out CameraFrame? frame))
            {
                using (frame)
                {
                    frames++;
                    last = pipeline.Process(frame!);
                }
            }
        }

        Assert.Equal(3, frames);
        Assert.NotNull(last?.CameraFromMarker);
        RigidTransform truth = source.TrueCameraFromMarker(room.DefaultWorldFromHead);
        Assert.True(Vector3d.Distance(last!.CameraFromMarker!.Value.TranslationMm, truth.TranslationMm) < 4);
    }

    [Fact]
    public void Create_CaseWithoutAMarker_FailsAsTheNavigationPipelineDoes()
    {
        CasePackage noMarker = fixture.Package with { Case = fixture.Package.Case with { Marker = null } };

        InvalidInputException room = Assert.Throws<InvalidInputException>(() => OperatingRoom.Create(noMarker));
        InvalidInputException pipeline = Assert.Throws<InvalidInputException>(() => MarkerPipeline.BoardOf(noMarker));

        Assert.Equal(pipeline.Message, room.Message);
        Assert.Equal(MarkerPipeline.BoardOf(fixture.Package).Count, OperatingRoom.Create(fixture.Package).Board.Count);
    }

    [Fact]
    public void SweepPosteriorSurface_TrueLabelSurface_PointsLieOnItsTrianglesNotAtTheCaseMeshVertices()
    {
        OperatingRoom room = OperatingRoom.Create(fixture.Package);
        int[] ids = fixture.Package.Case.Vertebrae.Select(v => v.LabelId).ToArray();
        IReadOnlyList<TriangleMesh> truth = SimulatedPointer.TrueSurfaces(fixture.Package.Labels!, ids);
        var pointer = new SimulatedPointer(room.TrueMarkerFromCt, fleMm: 0, seed: 5);

        IReadOnlyList<Vector3d> swept = pointer.SweepPosteriorSurface(truth, 200);

        RigidTransform ctFromMarker = room.TrueMarkerFromCt.Inverse();
        var caseVertices = fixture.Package.VertebraMeshes.SelectMany(m => m.PositionsMm).Select(Vector3d.From).ToArray();
        var truthVertices = truth.SelectMany(m => m.PositionsMm).Select(Vector3d.From).ToArray();
        int atCaseVertex = 0;
        foreach (Vector3d m in swept)
        {
            Vector3d p = ctFromMarker.Apply(m);
            if (caseVertices.Min(v => Vector3d.Distance(v, p)) < 1e-3)
            {
                atCaseVertex++;
            }

            // On a triangle of the raw label surface: within one voxel diagonal of its nearest vertex, and facing back (posterior Ct +Y half).
            Assert.True(truthVertices.Min(v => Vector3d.Distance(v, p)) < 1.8, $"{p} is off the true surface");
        }

        Assert.True(atCaseVertex <= 2, $"{atCaseVertex} of 200 swept points sit at vertices of the case meshes that ICP fits to");
    }

    [Fact]
    public void SimulatedPointer_TouchesWithTheSeededError_RmsNearTheFle()
    {
        OperatingRoom room = OperatingRoom.Create(fixture.Package);
        var pointer = new SimulatedPointer(room.TrueMarkerFromCt, fleMm: 1.0, seed: 11);
        var point = new Vector3d(10, 20, 30);
        double sum = 0;
        for (int i = 0; i < 2000; i++)
        {
            sum += (pointer.Touch(point) - room.TrueMarkerFromCt.Apply(point)).LengthSquared;
        }

        Assert.InRange(Math.Sqrt(sum / 2000), 0.93, 1.07);
    }

    [Fact]
    public void VirtualProbe_TipAtThePlannedTargetAlongThePlan_PlacesThePlannedScrew()
    {
        OperatingRoom room = OperatingRoom.Create(fixture.Package);
        RigidTransform ctFromWorld = room.TrueWorldFromCt.Inverse();
        foreach (ScrewTrajectory planned in fixture.Package.Case.Plan.Screws)
        {
            var tip = room.TrueWorldFromCt.Apply(planned.TargetCt).ToVector3();
            var axis = room.TrueWorldFromCt.ApplyToDirection(planned.Direction).ToVector3();
            int labelId = fixture.Package.Case.Vertebrae.Single(v => v.Name == planned.Vertebra).LabelId;

            ScrewTrajectory placed = VirtualProbe.Place(tip, axis, planned, ctFromWorld, fixture.Package.Labels!, labelId);

            // The entry is where the axis meets the planned vertebra's bone: within a voxel or two of the planned entry.
            Assert.True(Vector3d.Distance(placed.EntryCt, planned.EntryCt) < 2.5, $"{planned.Label}: entry {placed.EntryCt} against {planned.EntryCt}");
            Assert.Equal(planned.LengthMm, placed.LengthMm, 3);
            Assert.Equal(planned.DiameterMm, placed.DiameterMm);
            Assert.True(Vector3d.Dot(placed.Direction, planned.Direction) > 0.99999);
        }
    }
}
