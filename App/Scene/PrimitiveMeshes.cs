using System.Numerics;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Scene;

/// <summary>Simple closed meshes hosts upload once and place per draw, and the transforms that place them. Host-independent.</summary>
public static class PrimitiveMeshes
{
    /// <summary>
    /// A capped cylinder 1 mm across and 1 mm long, its axis from (0, 0, 0) to (0, 0, 1) in its own frame, with
    /// <paramref name="segments"/> sides. Caps have their own vertices so per-vertex normals keep the rim sharp (so the shape is
    /// closed, but <see cref="TriangleMesh.IsWatertight"/> is false). Allocates a new mesh: initialization only.
    /// </summary>
    public static TriangleMesh UnitCylinder(int segments = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 3);
        // Side: ring 0 at z = 0, ring 1 at z = 1. Caps: a centre and their own ring each.
        var positions = new Vector3[4 * segments + 2];
        var indices = new List<int>(12 * segments);
        for (int s = 0; s < segments; s++)
        {
            float angle = 2 * MathF.PI * s / segments;
            var rim = new Vector2(0.5f * MathF.Cos(angle), 0.5f * MathF.Sin(angle));
            positions[s] = new Vector3(rim, 0);
            positions[segments + s] = new Vector3(rim, 1);
            positions[2 * segments + s] = new Vector3(rim, 0);
            positions[3 * segments + s] = new Vector3(rim, 1);
        }

        int bottomCentre = 4 * segments, topCentre = 4 * segments + 1;
        positions[bottomCentre] = Vector3.Zero;
        positions[topCentre] = Vector3.UnitZ;
        for (int s = 0; s < segments; s++)
        {
            int next = (s + 1) % segments;
            // Side quad, counter-clockwise seen from outside.
            indices.AddRange([s, next, segments + next, s, segments + next, segments + s]);
            // Bottom cap faces −Z, top cap faces +Z.
            indices.AddRange([bottomCentre, 2 * segments + next, 2 * segments + s]);
            indices.AddRange([topCentre, 3 * segments + s, 3 * segments + next]);
        }

        return new TriangleMesh(positions, [.. indices]);
    }

    /// <summary>An axis-aligned box centred on the origin, <paramref name="sizeMm"/> along each axis, flat-shaded (4 vertices per face). Allocates a new mesh.</summary>
    public static TriangleMesh Box(Vector3 sizeMm)
    {
        Vector3 half = sizeMm / 2;
        var positions = new Vector3[24];
        var indices = new int[36];
        ReadOnlySpan<Vector3> normals = [Vector3.UnitX, -Vector3.UnitX, Vector3.UnitY, -Vector3.UnitY, Vector3.UnitZ, -Vector3.UnitZ];
        for (int face = 0; face < 6; face++)
        {
            Vector3 n = normals[face];
            // Two in-face axes u, v with u × v = n, so the quad winds counter-clockwise seen from outside.
            Vector3 u = MathF.Abs(n.X) > 0 ? new Vector3(0, n.X, 0) : MathF.Abs(n.Y) > 0 ? new Vector3(0, 0, n.Y) : new Vector3(n.Z, 0, 0);
            Vector3 v = Vector3.Cross(n, u);
            int b = 4 * face;
            positions[b] = (n - u - v) * half;
            positions[b + 1] = (n + u - v) * half;
            positions[b + 2] = (n + u + v) * half;
            positions[b + 3] = (n - u + v) * half;
            ReadOnlySpan<int> quad = [b, b + 1, b + 2, b, b + 2, b + 3];
            quad.CopyTo(indices.AsSpan(6 * face));
        }

        return new TriangleMesh(positions, indices);
    }

    /// <summary>
    /// Places <see cref="UnitCylinder"/> so its axis runs from <paramref name="fromWorldMm"/> to <paramref name="toWorldMm"/> with
    /// diameter <paramref name="diameterMm"/> (row-vector convention, unit cylinder frame to World mm). Returns false, and a zero
    /// matrix, for coincident ends. Allocates nothing.
    /// </summary>
    public static bool TryWorldFromUnitCylinder(Vector3 fromWorldMm, Vector3 toWorldMm, float diameterMm, out Matrix4x4 worldFromCylinder)
    {
        Vector3 axis = toWorldMm - fromWorldMm;
        float lengthMm = axis.Length();
        if (!(lengthMm > 0) || !(diameterMm > 0))
        {
            worldFromCylinder = default;
            return false;
        }

        Vector3 w = axis / lengthMm;
        Vector3 helper = MathF.Abs(w.X) < 0.9f ? Vector3.UnitX : Vector3.UnitY;
        Vector3 u = Vector3.Normalize(Vector3.Cross(helper, w));
        Vector3 v = Vector3.Cross(w, u);
        worldFromCylinder = new Matrix4x4(
            u.X * diameterMm, u.Y * diameterMm, u.Z * diameterMm, 0,
            v.X * diameterMm, v.Y * diameterMm, v.Z * diameterMm, 0,
            axis.X, axis.Y, axis.Z, 0,
            fromWorldMm.X, fromWorldMm.Y, fromWorldMm.Z, 1);
        return true;
    }
}
