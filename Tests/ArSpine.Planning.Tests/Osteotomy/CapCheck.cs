using System.Numerics;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Planning.Osteotomy;

namespace ArSpine.Planning.Tests.Osteotomy;

/// <summary>Checks that a piece's cap is a proper triangulation: no triangle in the cut plane faces into the piece, so none overlap or fold.</summary>
internal static class CapCheck
{
    /// <summary>Sums the areas of the triangles lying in <paramref name="plane"/> (all corners within 1 µm·scale): those facing <paramref name="outward"/> and those facing back, mm².</summary>
    public static (double Facing, double Folded) CapAreas(TriangleMesh piece, CutPlane plane, Vector3d outward)
    {
        double facing = 0, folded = 0;
        for (int t = 0; t < piece.Indices.Length; t += 3)
        {
            var a = Vector3d.From(piece.PositionsMm[piece.Indices[t]]);
            var b = Vector3d.From(piece.PositionsMm[piece.Indices[t + 1]]);
            var c = Vector3d.From(piece.PositionsMm[piece.Indices[t + 2]]);
            if (Math.Abs(plane.SignedDistanceMm(a)) > 1e-4 || Math.Abs(plane.SignedDistanceMm(b)) > 1e-4 || Math.Abs(plane.SignedDistanceMm(c)) > 1e-4)
            {
                continue;
            }

            double area = 0.5 * Vector3d.Dot(Vector3d.Cross(b - a, c - a), outward);
            if (area >= 0)
            {
                facing += area;
            }
            else
            {
                folded -= area;
            }
        }

        return (facing, folded);
    }

    /// <summary>Asserts that both caps of a split face outward everywhere, up to round-off.</summary>
    public static void AssertProperCaps(MeshSplit split, CutPlane plane)
    {
        (double facing, double folded) = CapAreas(split.Negative, plane, plane.NormalCt);
        Assert.True(folded <= 1e-6 * Math.Max(facing, 1), $"The negative piece's cap folds back over {folded:0.######} mm² of {facing:0.###} mm².");
        Assert.True(Math.Abs(facing - split.CapAreaMm2) <= 1e-3 * Math.Max(facing, 1) + 1e-6, $"Cap triangles cover {facing:0.###} mm², the section is {split.CapAreaMm2:0.###} mm².");
        (facing, folded) = CapAreas(split.Positive, plane, -plane.NormalCt);
        Assert.True(folded <= 1e-6 * Math.Max(facing, 1), $"The positive piece's cap folds back over {folded:0.######} mm² of {facing:0.###} mm².");
    }
}
