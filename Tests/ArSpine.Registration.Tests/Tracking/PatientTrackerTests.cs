using ArSpine.Core.Geometry;
using ArSpine.Registration.PointRegistration;
using ArSpine.Registration.Tracking;

namespace ArSpine.Registration.Tests.Tracking;

public class PatientTrackerTests
{
    private static readonly RigidTransform WorldFromCamera = RigidTransform.FromAxisAngle(new Vector3d(0, 1, 0), 20, new Vector3d(100, 1600, -300));
    private static readonly RigidTransform CameraFromMarker = RigidTransform.FromAxisAngle(new Vector3d(1, 0, 0), 150, new Vector3d(10, 30, 500));
    private static readonly RigidTransform MarkerFromCt = RigidTransform.FromAxisAngle(new Vector3d(0, 0, 1), 90, new Vector3d(-120, 40, 15));

    [Fact]
    public void WorldFromCt_KnownChain_AppliesMarkerFromCtFirstThenCameraFromMarkerThenWorldFromCamera()
    {
        var pointCt = new Vector3d(12, -34, 56);
        Vector3d expected = WorldFromCamera.Apply(CameraFromMarker.Apply(MarkerFromCt.Apply(pointCt)));

        RigidTransform worldFromCt = PatientPose.WorldFromCt(WorldFromCamera, CameraFromMarker, MarkerFromCt);

        Assert.True(Vector3d.Distance(worldFromCt.Apply(pointCt), expected) < 1e-9);
        RigidTransform wrongOrder = MarkerFromCt * CameraFromMarker * WorldFromCamera;
        Assert.True(Vector3d.Distance(wrongOrder.Apply(pointCt), expected) > 10);
    }

    [Fact]
    public void Step_AcceptedRegistrationAndMarkerSeen_IsNavigableAtTruth()
    {
        var tracker = new PatientTracker(new PoseFilterSettings(), MarkerFromCt, new RegistrationAcceptance(true, []));
        NavigationFrame frame = default;
        for (int f = 0; f < 5; f++)
        {
            // The head moves; the patient does not: CameraFromMarker follows the head.
            RigidTransform worldFromCamera = RigidTransform.FromTranslation(new Vector3d(f * 3, 0, 0)) * WorldFromCamera;
            RigidTransform cameraFromMarker = worldFromCamera.Inverse() * WorldFromCamera * CameraFromMarker;
            frame = tracker.Step(f / 30.0, worldFromCamera, cameraFromMarker);
        }

        RigidTransform truth = WorldFromCamera * CameraFromMarker * MarkerFromCt;
        Assert.True(frame.Navigable);
        Assert.Equal("", frame.Banner);
        Assert.True(Vector3d.Distance(frame.WorldFromCt!.Value.TranslationMm, truth.TranslationMm) < 1e-6);
    }

    [Fact]
    public void Step_MarkerUnseenPastStaleness_IsNotNavigableWithBanner()
    {
        var tracker = new PatientTracker(new PoseFilterSettings { StalenessLimitS = 0.5 }, MarkerFromCt, new RegistrationAcceptance(true, []));
        tracker.Step(0, WorldFromCamera, CameraFromMarker);

        NavigationFrame coasting = tracker.Step(0.3, WorldFromCamera, null);
        NavigationFrame lost = tracker.Step(0.6, WorldFromCamera, null);

        Assert.True(coasting.Navigable);
        Assert.Equal(TrackingState.Coasting, coasting.Tracking.State);
        Assert.False(lost.Navigable);
        Assert.Equal(PatientTracker.LostBanner, lost.Banner);
    }

    [Fact]
    public void Step_RefusedRegistration_IsNeverNavigable()
    {
        var tracker = new PatientTracker(new PoseFilterSettings(), MarkerFromCt, new RegistrationAcceptance(false, ["FRE 3.00 mm is above the limit of 2.00 mm"]));

        NavigationFrame frame = tracker.Step(0, WorldFromCamera, CameraFromMarker);

        Assert.False(frame.Navigable);
        Assert.Equal(PatientTracker.RefusedBanner, frame.Banner);
        // The pose is still computed (for the not-tracking look), and it is the right one.
        RigidTransform truth = WorldFromCamera * CameraFromMarker * MarkerFromCt;
        Assert.True(Vector3d.Distance(frame.WorldFromCt!.Value.TranslationMm, truth.TranslationMm) < 1e-6);
    }
}
