using System.Numerics;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Scene;

/// <summary>
/// The ring that marks a screw's entry and target: a torus uploaded once in unit size and placed per draw, perpendicular to the
/// screw's axis, so the screw shows through its hole. Host-independent geometry; the placement allocates nothing.
/// </summary>
public static class ScrewMarks
{
    /// <summary>Tube radius of <see cref="UnitRing"/> as a fraction of the ring's outer diameter.</summary>
    public const float TubeFraction = 0.08f;

    /// <summary>
    /// A torus in its own XY plane, centred on the origin, 1 mm across the middle of its tube (major radius 0.5 mm), its tube
    /// <see cref="TubeFraction"/> mm in radius, with <paramref name="segments"/> steps around and <paramref name="tubeSegments"/>
    /// around the tube. Closed and watertight. Allocates a new mesh: initialization only.
    /// </summary>
    public static TriangleMesh UnitRing(int segments = 32, int tubeSegments = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(tubeSegments, 3);
        var positions = new Vector3[segments * tubeSegments];
        var indices = new int[6 * segments * tubeSegments];
        int n = 0;
        for (int s = 0; s < segments; s++)
        {
            float around = 2 * MathF.PI * s / segments;
            var radial = new Vector3(MathF.Cos(around), MathF.Sin(around), 0);
            for (int t = 0; t < tubeSegments; t++)
            {
                float tube = 2 * MathF.PI * t / tubeSegments;
                positions[s * tubeSegments + t] = radial * (0.5f + TubeFraction * MathF.Cos(tube)) + Vector3.UnitZ * (TubeFraction * MathF.Sin(tube));
            }
        }

        for (int s = 0; s < segments; s++)
        {
            int s1 = (s + 1) % segments;
            for (int t = 0; t < tubeSegments; t++)
            {
                int t1 = (t + 1) % tubeSegments;
                int a = s * tubeSegments + t, b = s1 * tubeSegments + t, c = s1 * tubeSegments + t1, d = s * tubeSegments + t1;
                // Counter-clockwise seen from outside the tube.
                indices[n++] = a;
                indices[n++] = b;
                indices[n++] = c;
                indices[n++] = a;
                indices[n++] = c;
                indices[n++] = d;
            }
        }

        return new TriangleMesh(positions, indices);
    }

    /// <summary>
    /// Places <see cref="UnitRing"/> centred on <paramref name="centreWorldMm"/>, perpendicular to <paramref name="axisWorld"/>
    /// (unit), <paramref name="diameterMm"/> across the middle of its tube (row-vector convention). Allocates nothing.
    /// </summary>
    public static Matrix4x4 WorldFromUnitRing(Vector3 centreWorldMm, Vector3 axisWorld, float diameterMm)
    {
        // The unit ring is placed as the unit cylinder is: the same basis, its height along the axis scaled like its width.
        PrimitiveMeshes.TryWorldFromUnitCylinder(centreWorldMm, centreWorldMm + axisWorld * diameterMm, diameterMm, out Matrix4x4 worldFromRing);
        return worldFromRing;
    }
}
