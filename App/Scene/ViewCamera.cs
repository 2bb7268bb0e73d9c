using System.Numerics;

namespace ArSpine.App.Scene;

/// <summary>
/// A pinhole view of the World frame (mm): where the eye is, what it looks at, which way is up, and its frustum. Renderers and
/// <see cref="Project"/> use the same matrices, so a test can find on screen where a World point was drawn. Right-handed,
/// looking down the view frame's −Z; the clip space is OpenGL's (depth −1 at the near plane, +1 at the far plane).
/// </summary>
/// <param name="EyeWorldMm">The eye's position, World mm.</param>
/// <param name="TargetWorldMm">A point the eye looks at, World mm; must differ from the eye.</param>
/// <param name="UpWorld">Which way is up on screen, World direction (any length, not parallel to the view direction).</param>
/// <param name="VerticalFovDeg">The full vertical field of view, degrees, in (0, 180).</param>
/// <param name="NearMm">Distance of the near clip plane from the eye, mm, &gt; 0.</param>
/// <param name="FarMm">Distance of the far clip plane from the eye, mm, &gt; <paramref name="NearMm"/>.</param>
public readonly record struct ViewCamera(Vector3 EyeWorldMm, Vector3 TargetWorldMm, Vector3 UpWorld, float VerticalFovDeg, float NearMm, float FarMm)
{
    /// <summary>The default interpupillary distance of <see cref="StereoPair"/>, mm (an adult's mean).</summary>
    public const float DefaultIpdMm = 63f;

    /// <summary>
    /// The view from a head pose (OpenXR's convention: the eye at the head's origin, looking down its −Z, +Y up), the eye moved
    /// <paramref name="eyeOffsetMm"/> along the head's +X (negative: to the left; ±IPD/2 for a stereo eye). Allocates nothing.
    /// </summary>
    /// <param name="worldFromHead">Head frame to World mm, row-vector convention; rotation rows need not be unit length.</param>
    /// <param name="verticalFovDeg">Full vertical field of view, degrees.</param>
    /// <param name="nearMm">Near plane distance, mm.</param>
    /// <param name="farMm">Far plane distance, mm.</param>
    /// <param name="eyeOffsetMm">Offset of the eye along the head's X axis, mm.</param>
    public static ViewCamera FromHead(Matrix4x4 worldFromHead, float verticalFovDeg, float nearMm, float farMm, float eyeOffsetMm = 0f)
    {
        Vector3 right = Vector3.Normalize(new Vector3(worldFromHead.M11, worldFromHead.M12, worldFromHead.M13));
        Vector3 up = new(worldFromHead.M21, worldFromHead.M22, worldFromHead.M23);
        Vector3 back = Vector3.Normalize(new Vector3(worldFromHead.M31, worldFromHead.M32, worldFromHead.M33));
        Vector3 eye = worldFromHead.Translation + right * eyeOffsetMm;
        return new ViewCamera(eye, eye - back * 1000f, up, verticalFovDeg, nearMm, farMm);
    }

    /// <summary>
    /// The left and right eyes of a head pose for side-by-side stereo: each <see cref="FromHead"/> with the eye ∓<paramref name="ipdMm"/>/2
    /// along the head's X, looking parallel (no toe-in). Allocates nothing.
    /// </summary>
    public static (ViewCamera Left, ViewCamera Right) StereoPair(Matrix4x4 worldFromHead, float verticalFovDeg, float nearMm, float farMm, float ipdMm = DefaultIpdMm) =>
        (FromHead(worldFromHead, verticalFovDeg, nearMm, farMm, -ipdMm / 2), FromHead(worldFromHead, verticalFovDeg, nearMm, farMm, ipdMm / 2));

    /// <summary>The view's unit right direction on screen, World (the view frame's +X).</summary>
    public Vector3 RightWorld
    {
        get
        {
            Matrix4x4 view = ViewFromWorld();
            return new Vector3(view.M11, view.M21, view.M31);
        }
    }

    /// <summary>The view's unit up direction on screen, World (the view frame's +Y).</summary>
    public Vector3 UpOnScreenWorld
    {
        get
        {
            Matrix4x4 view = ViewFromWorld();
            return new Vector3(view.M12, view.M22, view.M32);
        }
    }

    /// <summary>The World-to-view matrix (row-vector convention: <c>pView = pWorld * ViewFromWorld()</c>). Cheap, allocates nothing.</summary>
    public Matrix4x4 ViewFromWorld() => Matrix4x4.CreateLookAt(EyeWorldMm, TargetWorldMm, UpWorld);

    /// <summary>
    /// The view-to-clip projection for an image <paramref name="width"/> × <paramref name="height"/> pixels, in OpenGL's clip
    /// convention (NDC depth −1..1), row-vector form; its memory layout is what a GLSL <c>mat4</c> expects untransposed.
    /// Throws for a frustum that is not valid. Cheap, allocates nothing.
    /// </summary>
    public Matrix4x4 ClipFromView(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Validate();
        float f = 1f / MathF.Tan(VerticalFovDeg * MathF.PI / 360f);
        float aspect = (float)width / height;
        return new Matrix4x4(
            f / aspect, 0, 0, 0,
            0, f, 0, 0,
            0, 0, (FarMm + NearMm) / (NearMm - FarMm), -1,
            0, 0, 2 * FarMm * NearMm / (NearMm - FarMm), 0);
    }

    /// <summary>The World-to-clip matrix, <c>ViewFromWorld() * ClipFromView(width, height)</c> (row-vector order). Cheap, allocates nothing.</summary>
    public Matrix4x4 ClipFromWorld(int width, int height) => ViewFromWorld() * ClipFromView(width, height);

    /// <summary>
    /// Where a World point (mm) lands in a <paramref name="width"/> × <paramref name="height"/> image: pixel coordinates with the
    /// origin at the top-left corner of the top-left pixel, x to the right, y down, so pixel (column c, row r) covers
    /// [c, c + 1) × [r, r + 1). Meaningless for a point at or behind the eye (check <see cref="ViewDepthMm"/> first).
    /// </summary>
    public Vector2 Project(Vector3 worldMm, int width, int height)
    {
        Vector4 clip = Vector4.Transform(new Vector4(worldMm, 1), ClipFromWorld(width, height));
        float ndcX = clip.X / clip.W, ndcY = clip.Y / clip.W;
        return new Vector2((ndcX + 1) * 0.5f * width, (1 - ndcY) * 0.5f * height);
    }

    /// <summary>How far in front of the eye a World point is along the view direction, mm (negative behind the eye).</summary>
    public float ViewDepthMm(Vector3 worldMm) => -Vector3.Transform(worldMm, ViewFromWorld()).Z;

    private void Validate()
    {
        if (!(VerticalFovDeg > 0 && VerticalFovDeg < 180))
        {
            throw new ArgumentOutOfRangeException(nameof(VerticalFovDeg), VerticalFovDeg, "Expected a vertical field of view in (0, 180) degrees.");
        }

        if (!(NearMm > 0 && FarMm > NearMm))
        {
            throw new ArgumentOutOfRangeException(nameof(NearMm), $"Expected 0 < near < far. Was near {NearMm} mm, far {FarMm} mm.");
        }

        Vector3 forward = TargetWorldMm - EyeWorldMm;
        if (forward.LengthSquared() == 0 || Vector3.Cross(forward, UpWorld).LengthSquared() == 0)
        {
            throw new ArgumentException($"Expected an eye apart from the target and an up direction not along the view. Was eye {EyeWorldMm}, target {TargetWorldMm}, up {UpWorld}.");
        }
    }
}
