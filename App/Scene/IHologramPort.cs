using System.Numerics;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Scene;

/// <summary>
/// The immediate-mode port through which app code draws holograms, implemented by each host (desktop OpenGL, StereoKit).
/// Positions are World-frame millimetres; matrices follow System.Numerics' row-vector convention (<c>pWorld = pMesh * worldFromMesh</c>).
/// Draw calls queue for the current frame only: the host renders the queue once per frame (opaque draws first, then translucent
/// ones back to front) and empties it. Calls are not thread-safe: make them from the frame loop's thread. Once the host's queues
/// have grown, no call allocates: text comes in as spans, so callers can format numbers into a reused buffer.
/// </summary>
public interface IHologramPort
{
    /// <summary>Copies a mesh (mm, with its per-vertex normals) to the host's GPU memory; the mesh may be dropped afterwards. Costs an upload: do it during initialization, not per frame.</summary>
    MeshHandle UploadMesh(TriangleMesh mesh);

    /// <summary>Frees a mesh's GPU memory; the handle is invalid afterwards. Releasing an unknown handle throws.</summary>
    void ReleaseMesh(MeshHandle mesh);

    /// <summary>Queues an uploaded mesh placed by <paramref name="worldFromMesh"/> (mesh mm to World mm), lit and tinted by <paramref name="color"/>. Allocates nothing once the queue has grown.</summary>
    void DrawMesh(MeshHandle mesh, Matrix4x4 worldFromMesh, RgbaColor color);

    /// <summary>Queues a capped cylinder (a screw, a trajectory, a thick line) from <paramref name="fromWorldMm"/> to <paramref name="toWorldMm"/>, <paramref name="diameterMm"/> across. A zero-length cylinder draws nothing.</summary>
    void DrawCylinder(Vector3 fromWorldMm, Vector3 toWorldMm, float diameterMm, RgbaColor color);

    /// <summary>Queues an unlit line <paramref name="widthMm"/> wide from one World point to another (a dashed or outline look is made of several). Depth-tested.</summary>
    void DrawLine(Vector3 fromWorldMm, Vector3 toWorldMm, float widthMm, RgbaColor color);

    /// <summary>
    /// Queues a text label facing the viewer, anchored at <paramref name="anchorWorldMm"/> as <paramref name="alignment"/> says,
    /// with capital letters <paramref name="heightMm"/> tall. Drawn after the 3D content and not hidden by it, so labels and banners
    /// stay readable. Printable ASCII; other characters show as '?'. Copies the text: the span may be reused at once.
    /// </summary>
    void DrawText(ReadOnlySpan<char> text, Vector3 anchorWorldMm, float heightMm, RgbaColor color, TextAlignment alignment = TextAlignment.Centre);

    /// <summary>Creates a greyscale image (<paramref name="widthPx"/> × <paramref name="heightPx"/>, 8 bits) to show on quads and panels, initially black. Initialization only.</summary>
    ImageHandle CreateImage(int widthPx, int heightPx);

    /// <summary>Replaces an image's pixels: <paramref name="grey8TopRowFirst"/> is width × height bytes, row by row from the top. Costs an upload; allocates nothing.</summary>
    void UpdateImage(ImageHandle image, ReadOnlySpan<byte> grey8TopRowFirst);

    /// <summary>Queues an image on a flat quad <paramref name="widthMm"/> × <paramref name="heightMm"/> centred on the origin of its own frame, in its XY plane (+X right, +Y up, the image's top row toward +Y), facing +Z, placed by <paramref name="worldFromQuad"/>. Unlit, opaque.</summary>
    void DrawImage(ImageHandle image, Matrix4x4 worldFromQuad, float widthMm, float heightMm);

    /// <summary>
    /// Starts a panel (a flat window of labels and buttons, StereoKit's UI window) <paramref name="widthMm"/> wide whose top-left
    /// corner is the origin of <paramref name="worldFromPanel"/>, laid out downward along its −Y, facing its +Z. Its height follows
    /// its content. Every <c>Panel*</c> call between this and <see cref="EndPanel"/> adds one row. Panels are not nested.
    /// </summary>
    void BeginPanel(ReadOnlySpan<char> title, Matrix4x4 worldFromPanel, float widthMm);

    /// <summary>Adds a row of text to the open panel.</summary>
    void PanelLabel(ReadOnlySpan<char> text, RgbaColor color);

    /// <summary>Adds a button to the open panel; true in the one frame in which the user pressed it (pinch on it, or a click).</summary>
    bool PanelButton(ReadOnlySpan<char> label);

    /// <summary>Adds an on/off toggle to the open panel and flips <paramref name="value"/> in the frame in which the user presses it; true in that frame.</summary>
    bool PanelToggle(ReadOnlySpan<char> label, ref bool value);

    /// <summary>Adds an image row <paramref name="heightMm"/> tall, as wide as its aspect ratio says, to the open panel.</summary>
    void PanelImage(ImageHandle image, float heightMm);

    /// <summary>Closes the open panel.</summary>
    void EndPanel();
}

/// <summary>Where a text label sits relative to its anchor point.</summary>
public enum TextAlignment
{
    /// <summary>The anchor is the centre of the text.</summary>
    Centre,

    /// <summary>The anchor is the middle of the text's left edge.</summary>
    Left,

    /// <summary>The anchor is the middle of the text's right edge.</summary>
    Right,
}

/// <summary>Names an image made by <see cref="IHologramPort.CreateImage"/>; <c>default</c> names none.</summary>
public readonly record struct ImageHandle(int Id)
{
    /// <summary>Whether the handle was issued by a port (a non-zero id).</summary>
    public bool IsValid => Id > 0;
}
