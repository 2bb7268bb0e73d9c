namespace ArSpine.App.Scene;

/// <summary>
/// Names a mesh uploaded through <see cref="IHologramPort.UploadMesh"/>; valid for the port that issued it until it is released or disposed.
/// <c>default(MeshHandle)</c> names no mesh: drawing it throws.
/// </summary>
public readonly record struct MeshHandle(int Id)
{
    /// <summary>Whether the handle was issued by a port (a non-zero id); says nothing about whether it has been released since.</summary>
    public bool IsValid => Id > 0;
}
