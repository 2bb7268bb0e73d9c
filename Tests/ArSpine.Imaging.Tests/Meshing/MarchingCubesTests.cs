using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Imaging.Meshing;

namespace ArSpine.Imaging.Tests.Meshing;

public class MarchingCubesTests
{
    [Fact]
    public void TrianglesOfCase_ComplementaryCases_HaveTheSameCountAndEmptyCasesNone()
    {
        Assert.Equal(0, MarchingCubes.TrianglesOfCase(0));
        Assert.Equal(0, MarchingCubes.TrianglesOfCase(255));
        Assert.Equal(1, MarchingCubes.TrianglesOfCase(1));
        Assert.Equal(2, MarchingCubes.TrianglesOfCase(0b0000_0011));
        for (int c = 1; c < 255; c++)
        {
            Assert.True(MarchingCubes.TrianglesOfCase(c) > 0, $"Case {c} has a crossing but no triangle.");
        }
    }

    [Theory]
    [InlineData(1, 0.3)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.7)]
    public void Extract_RandomBinaryBlock_IsWatertightAndEnclosesPositiveVolume(int seed, double density)
    {
        // Every one of the 256 cases occurs in random noise; a closed, manifold, consistently wound result proves the table's faces agree.
        const int size = 18;
        var random = new Random(seed);
        var field = new float[size * size * size];
        for (int k = 1; k < size - 1; k++)
        {
            for (int j = 1; j < size - 1; j++)
            {
                for (int i = 1; i < size - 1; i++)
                {
                    field[i + size * (j + size * k)] = random.NextDouble() < density ? 1 : 0;
                }
            }
        }

        var seen = new HashSet<int>();
        for (int k = 0; k + 1 < size; k++)
        {
            for (int j = 0; j + 1 < size; j++)
            {
                for (int i = 0; i + 1 < size; i++)
                {
                    int c = 0;
                    for (int n = 0; n < 8; n++)
                    {
                        c |= field[i + (n & 1) + size * (j + ((n >> 1) & 1) + size * (k + ((n >> 2) & 1)))] > 0.5f ? 1 << n : 0;
                    }

                    seen.Add(c);
                }
            }
        }

        TriangleMesh mesh = MarchingCubes.Extract(field, size, size, size, 0.5f, new AffineTransform(Matrix3d.Diagonal(0.7, 0.9, 1.3), new Vector3d(-5, 3, 8)));

        Assert.True(seen.Count > 200, $"Only {seen.Count} of the 256 cases occurred.");
        Assert.True(mesh.IsWatertight(), "Expected every edge shared by exactly two triangles in opposite directions.");
        Assert.True(mesh.EnclosedVolumeMm3() > 0, "Expected outward winding (positive enclosed volume).");
    }

    [Fact]
    public void Extract_SingleVoxel_IsAnOctahedronOfTheRightVolume()
    {
        var field = new float[27];
        field[13] = 1;

        TriangleMesh mesh = MarchingCubes.Extract(field, 3, 3, 3, 0.5f, new AffineTransform(Matrix3d.Diagonal(2, 2, 2), Vector3d.Zero));

        Assert.Equal(8, mesh.TriangleCount);
        Assert.Equal(6, mesh.PositionsMm.Length);
        Assert.True(mesh.IsWatertight());
        // Vertices at half a voxel (1 mm) along each axis: an octahedron of volume 4/3 · 1³.
        Assert.Equal(4.0 / 3, mesh.EnclosedVolumeMm3(), 4);
    }
}
