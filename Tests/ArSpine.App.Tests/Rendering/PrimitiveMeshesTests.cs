using System.Numerics;
using ArSpine.App.Scene;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Tests.Rendering;

public sealed class PrimitiveMeshesTests
{
    [Fact]
    public void TryWorldFromUnitCylinder_AxisEndsAndRim_MapToFromToAndRadius()
    {
        var from = new Vector3(10, -20, 5);
        var to = new Vector3(40, 25, -15);

        Assert.True(PrimitiveMeshes.TryWorldFromUnitCylinder(from, to, 6, out Matrix4x4 worldFromCylinder));

        Assert.True(Vector3.Distance(from, Vector3.Transform(Vector3.Zero, worldFromCylinder)) < 1e-4f);
        Assert.True(Vector3.Distance(to, Vector3.Transform(Vector3.UnitZ, worldFromCylinder)) < 1e-4f);
        Vector3 rim = Vector3.Transform(new Vector3(0.5f, 0, 0), worldFromCylinder) - from;
        Assert.Equal(3, rim.Length(), 4);
        Assert.Equal(0, Vector3.Dot(rim, Vector3.Normalize(to - from)), 4);
        Assert.True(worldFromCylinder.GetDeterminant() > 0, "Expected a placement that keeps the winding (positive determinant).");
    }

    [Fact]
    public void TryWorldFromUnitCylinder_CoincidentEnds_ReturnsFalse()
    {
        Assert.False(PrimitiveMeshes.TryWorldFromUnitCylinder(Vector3.One, Vector3.One, 5, out _));
    }

    [Fact]
    public void UnitCylinder_EnclosedVolume_IsTheInscribedPrismsVolume()
    {
        const int segments = 24;
        TriangleMesh cylinder = PrimitiveMeshes.UnitCylinder(segments);

        double prismMm3 = segments / 2.0 * 0.25 * Math.Sin(2 * Math.PI / segments);

        Assert.Equal(prismMm3, cylinder.EnclosedVolumeMm3(), 5);
    }

    [Fact]
    public void Box_Size_HasOutwardNormalsAndVolume()
    {
        TriangleMesh box = PrimitiveMeshes.Box(new Vector3(10, 20, 30));

        Assert.Equal(6000, box.EnclosedVolumeMm3(), 3);
        Vector3[] normals = box.VertexNormals();
        for (int v = 0; v < normals.Length; v++)
        {
            Assert.True(Vector3.Dot(normals[v], box.PositionsMm[v]) > 0, $"Expected vertex {v}'s normal to point outward.");
        }
    }
}
