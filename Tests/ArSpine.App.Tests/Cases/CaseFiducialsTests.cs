using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.Core.Cases;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Tests.Cases;

public sealed class CaseFiducialsTests
{
    [Fact]
    public void SpinousProcessTips_TwoMeshes_TheMostPosteriorVertexOfEachNamedByLevel()
    {
        CaseVertebra[] vertebrae = [new("L1", 20, "L1.glb"), new("L2", 21, "L2.glb")];
        TriangleMesh[] meshes =
        [
            new([new(0, 10, 5), new(1, 42, 6), new(2, -30, 7)], [0, 1, 2]),
            new([new(5, 60, -20), new(1, 2, 3), new(4, 59.5f, 9)], [0, 1, 2]),
        ];

        IReadOnlyList<CaseFiducial> tips = CaseFiducials.SpinousProcessTips(vertebrae, meshes);

        Assert.Equal(["L1 spinous process tip", "L2 spinous process tip"], tips.Select(t => t.Name));
        Assert.Equal(new Vector3(1, 42, 6), tips[0].PositionCt.ToVector3());
        Assert.Equal(new Vector3(5, 60, -20), tips[1].PositionCt.ToVector3());
    }

    [Fact]
    public void SpinousProcessTips_EmptyMesh_ThrowsNamingTheLevel()
    {
        var error = Assert.Throws<ArgumentException>(() => CaseFiducials.SpinousProcessTips([new CaseVertebra("L4", 23, "L4.glb")], [new TriangleMesh([], [])]));

        Assert.StartsWith("Expected a mesh with vertices for L4. Was empty.", error.Message);
    }
}
