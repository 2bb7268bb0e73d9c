using System.Numerics;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Scene;

/// <summary>
/// The immediate-mode port through which app code draws holograms, implemented by each host (desktop OpenGL, StereoKit).
/// Positions are World-frame millimetres; matrices follow System.Numerics' row-vector convention (<c>pWorld = pMesh * worldFromMesh</c>).
/// Draw calls queue for the current frame only: the host renders the queue once per frame (opaque draws first, then translucent
/// ones back to front) and empties it. Calls are not thread-safe: make them from the frame loop's thread.
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
}
