using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Tracking;

/// <summary>
/// The one place where the patient's pose in the world is assembled:
/// <c>WorldFromCt = WorldFromCamera * CameraFromMarker * MarkerFromCt</c>. The marker's pose is filtered in the World
/// frame (the patient is still while the head moves), between the first product and the second.
/// </summary>
public static class PatientPose
{
    /// <summary><c>WorldFromMarker = WorldFromCamera * CameraFromMarker</c>: a measured marker pose in the World frame, mm.</summary>
    public static RigidTransform WorldFromMarker(RigidTransform worldFromCamera, RigidTransform cameraFromMarker) => worldFromCamera * cameraFromMarker;

    /// <summary><c>WorldFromCt = WorldFromMarker * MarkerFromCt</c>, with <paramref name="worldFromMarker"/> the (filtered) marker pose and <paramref name="markerFromCt"/> the registration.</summary>
    public static RigidTransform WorldFromCt(RigidTransform worldFromMarker, RigidTransform markerFromCt) => worldFromMarker * markerFromCt;

    /// <summary>The unfiltered chain in one call: <c>WorldFromCamera * CameraFromMarker * MarkerFromCt</c>.</summary>
    public static RigidTransform WorldFromCt(RigidTransform worldFromCamera, RigidTransform cameraFromMarker, RigidTransform markerFromCt) =>
        WorldFromCt(WorldFromMarker(worldFromCamera, cameraFromMarker), markerFromCt);
}
