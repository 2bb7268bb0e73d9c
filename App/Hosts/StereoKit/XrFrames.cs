using System.Numerics;
using ArSpine.Core.Geometry;

namespace ArSpine.App.Hosts.StereoKit;

/// <summary>
/// The headset boundary's unit and frame conversions, in System.Numerics only so that they build and are tested without StereoKit.
/// The app works in millimetres; StereoKit and OpenXR in metres. Both are right-handed with +Y up and a view looking down −Z, and
/// both use row-vector matrices (StereoKit's <c>Matrix</c> wraps <see cref="Matrix4x4"/>, <c>pB = pA * bFromA</c>), so a transform
/// changes units by scaling its translation and nothing else. Meshes are uploaded in metres (vertices × 0.001), which is why a
/// draw's matrix keeps its linear part (rotation and any scale) as it is. Allocates nothing.
/// </summary>
public static class XrUnits
{
    /// <summary>Metres in one millimetre.</summary>
    public const float MetresPerMm = 0.001f;

    /// <summary>Millimetres in one metre.</summary>
    public const float MmPerMetre = 1000f;

    /// <summary>A point or length vector in metres.</summary>
    public static Vector3 MetresFromMm(Vector3 pointMm) => pointMm * MetresPerMm;

    /// <summary>A point or length vector in millimetres.</summary>
    public static Vector3 MmFromMetres(Vector3 pointM) => pointM * MmPerMetre;

    /// <summary>
    /// <paramref name="aFromBMm"/> (B mm to A mm) as a transform from B metres to A metres: the same linear part, the translation
    /// scaled to metres. Any affine matrix.
    /// </summary>
    public static Matrix4x4 MetreMatrix(Matrix4x4 aFromBMm)
    {
        Matrix4x4 m = aFromBMm;
        m.Translation = aFromBMm.Translation * MetresPerMm;
        return m;
    }

    /// <summary>The inverse of <see cref="MetreMatrix(Matrix4x4)"/>: a metre transform as a millimetre transform.</summary>
    public static Matrix4x4 MmMatrix(Matrix4x4 aFromBM)
    {
        Matrix4x4 m = aFromBM;
        m.Translation = aFromBM.Translation * MmPerMetre;
        return m;
    }

    /// <summary>A headset pose (metres) as a rigid metre matrix, B (the posed thing) to A (its parent).</summary>
    public static Matrix4x4 MetreMatrix(MetrePose aFromB)
    {
        Matrix4x4 m = Matrix4x4.CreateFromQuaternion(aFromB.Orientation);
        m.Translation = aFromB.PositionM;
        return m;
    }

    /// <summary>
    /// A rigid metre matrix (rotation and translation, no scale) as a headset pose; the orientation is normalised, never
    /// <c>default(Quaternion)</c>.
    /// </summary>
    public static MetrePose PoseOf(Matrix4x4 rigidAFromBM) =>
        new(rigidAFromBM.Translation, Quaternion.Normalize(Quaternion.CreateFromRotationMatrix(rigidAFromBM)));

    /// <summary>
    /// OpenCV's camera frame (+X right, +Y down, looking down +Z) in the frame of a view camera that looks down −Z with +Y up
    /// (Windows' photo/video camera, OpenXR views): a half turn about X, its own inverse.
    /// </summary>
    public static Matrix4x4 ViewCameraFromOpenCvCamera => Matrix4x4.CreateScale(1, -1, -1);

    /// <summary>
    /// The pose of the OpenCV camera frame the tracking pipeline uses (<c>WorldFromCamera</c>, mm) from a view camera's pose as the
    /// platform reports it (metres, looking down −Z, +Y up).
    /// </summary>
    public static Matrix4x4 WorldFromOpenCvCameraMm(Matrix4x4 worldFromViewCameraM) =>
        ViewCameraFromOpenCvCamera * MmMatrix(worldFromViewCameraM);
}

/// <summary>
/// Where the app's World sits in StereoKit's world: the pose of a world anchor (metres), so the app's World, and every registration
/// made in it, stays fixed to the room while the headset corrects its tracking drift. Converts points, directions, poses and draw
/// matrices between the app's World (mm) and StereoKit's world (metres). A plain value; allocates nothing.
/// </summary>
public readonly struct XrWorldFrame
{
    private readonly Matrix4x4 skWorldFromAppWorldM;
    private readonly Matrix4x4 appWorldFromSkWorldM;

    /// <summary>Places the app's World at <paramref name="skWorldFromAppWorld"/> (metres, as an anchor's pose reads).</summary>
    public XrWorldFrame(MetrePose skWorldFromAppWorld)
    {
        skWorldFromAppWorldM = XrUnits.MetreMatrix(skWorldFromAppWorld);
        Matrix4x4.Invert(skWorldFromAppWorldM, out appWorldFromSkWorldM);
    }

    /// <summary>The app's World coinciding with StereoKit's world (before an anchor exists).</summary>
    public static XrWorldFrame Identity => new(new MetrePose(Vector3.Zero, Quaternion.Identity));

    /// <summary>An app World point (mm) in StereoKit's world (metres).</summary>
    public Vector3 SkPointFromApp(Vector3 appWorldMm) => Vector3.Transform(XrUnits.MetresFromMm(appWorldMm), skWorldFromAppWorldM);

    /// <summary>A StereoKit world point (metres) in the app's World (mm).</summary>
    public Vector3 AppPointFromSk(Vector3 skWorldM) => XrUnits.MmFromMetres(Vector3.Transform(skWorldM, appWorldFromSkWorldM));

    /// <summary>An app World direction in StereoKit's world (rotated only; length kept).</summary>
    public Vector3 SkDirectionFromApp(Vector3 appWorldDirection) => Vector3.TransformNormal(appWorldDirection, skWorldFromAppWorldM);

    /// <summary>A StereoKit world direction in the app's World (rotated only; length kept).</summary>
    public Vector3 AppDirectionFromSk(Vector3 skWorldDirection) => Vector3.TransformNormal(skWorldDirection, appWorldFromSkWorldM);

    /// <summary>
    /// The matrix StereoKit draws with for a mesh uploaded in metres and placed by <paramref name="appWorldFromMeshMm"/> (mesh mm to
    /// app World mm, any affine matrix): mesh metres to StereoKit world metres.
    /// </summary>
    public Matrix4x4 SkDrawMatrix(Matrix4x4 appWorldFromMeshMm) => XrUnits.MetreMatrix(appWorldFromMeshMm) * skWorldFromAppWorldM;

    /// <summary>A StereoKit world pose (the head, a hand, a camera; metres) as an app World matrix (the thing's frame to World mm).</summary>
    public Matrix4x4 AppMatrixFromSkPose(MetrePose skWorldFromThing) =>
        XrUnits.MmMatrix(XrUnits.MetreMatrix(skWorldFromThing) * appWorldFromSkWorldM);

    /// <summary>An app World placement (rigid, mm) as a StereoKit world pose (metres).</summary>
    public MetrePose SkPoseFromApp(Matrix4x4 appWorldFromThingMm) => XrUnits.PoseOf(SkDrawMatrix(appWorldFromThingMm));

    /// <summary>
    /// The pose StereoKit's <c>UI.WindowBegin</c> takes for a panel whose top-left corner and orientation are
    /// <paramref name="appWorldFromPanelMm"/> (rigid; the panel faces its +Z with +X to the viewer's right), <paramref name="widthMm"/>
    /// wide. StereoKit's window pose is the top centre, and its UI faces the pose's forward (−Z) with +X to the viewer's left, so
    /// the window frame is the panel frame moved to the top centre and turned half way round +Y.
    /// </summary>
    public MetrePose SkWindowPose(Matrix4x4 appWorldFromPanelMm, float widthMm)
    {
        Matrix4x4 panelFromWindow = Matrix4x4.CreateRotationY(MathF.PI) * Matrix4x4.CreateTranslation(widthMm / 2, 0, 0);
        return SkPoseFromApp(panelFromWindow * appWorldFromPanelMm);
    }
}
