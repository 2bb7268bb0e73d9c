using System.Numerics;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using Xunit.Abstractions;

namespace ArSpine.Imaging.Tests.Meshing;

/// <summary>
/// SkinSurface on the phantom, whose torso is an elliptic cylinder through every slice (LumbarSpinePhantom: centre (0, −5) mm,
/// semi-axes min(98, width/2 − 4) and min(80, depth/2 − 4) mm): the surface follows the ellipse within a stride and is closed
/// by caps where the body leaves the scan.
/// </summary>
public sealed class SkinSurfaceTests(ITestOutputHelper output)
{
    private const int Stride = 4;

    private static readonly Lazy<PhantomCase> Phantom = new(() => LumbarSpinePhantom.Generate(new PhantomParameters
    {
        Seed = 3, LevelIds = VertebraLevels.ParseRange("L3-L4"), SpacingMm = new(1.0, 1.0, 1.25), SizeI = 160, SizeJ = 150,
    }));

    [Fact]
    public void Extract_Phantom_SideVerticesWithinAStrideOfTheTorsoEllipse_CapsAtTheScanEnds()
    {
        CtVolume ct = Phantom.Value.Ct;
        VolumeGrid grid = ct.Grid;
        double a = Math.Min(98, grid.SizeI * grid.SpacingMm.X / 2 - 4), b = Math.Min(80, grid.SizeJ * grid.SpacingMm.Y / 2 - 4);
        double zBottom = grid.CtFromVoxel.Apply(new Vector3d(0, 0, -0.5)).Z, zTop = grid.CtFromVoxel.Apply(new Vector3d(0, 0, grid.SizeK - 0.5)).Z;
        double tolerance = Stride * Math.Max(grid.SpacingMm.X, grid.SpacingMm.Y);

        TriangleMesh skin = SkinSurface.Extract(ct, stride: Stride);

        // Every vertex lies within a stride of the ellipse (the sides), or inside it within a stride of an end face (the caps).
        int side = 0, cap = 0;
        double worst = 0, worstCap = 0;
        foreach (Vector3 p in skin.PositionsMm)
        {
            double d = EllipseDistanceMm(p.X, p.Y + 5, a, b);
            if (Math.Abs(d) <= tolerance)
            {
                side++;
                if (Math.Min(Math.Abs(p.Z - zBottom), Math.Abs(p.Z - zTop)) > 2 * Stride * grid.SpacingMm.Z)
                {
                    worst = Math.Max(worst, Math.Abs(d));
                }

                continue;
            }

            cap++;
            double fromEnd = Math.Min(Math.Abs(p.Z - zBottom), Math.Abs(p.Z - zTop));
            worstCap = Math.Max(worstCap, fromEnd);
            Assert.True(d < 0 && fromEnd <= Stride * grid.SpacingMm.Z, $"vertex {p}: {d:0.00} mm from the torso ellipse and {fromEnd:0.00} mm from the scan's end faces ({zBottom:0.0}, {zTop:0.0} mm); expected within {tolerance} mm of the ellipse, or inside it within a stride of an end");
        }

        output.WriteLine($"{side} side vertices (worst {worst:0.00} mm from the ellipse away from the ends), {cap} cap vertices (worst {worstCap:0.00} mm from an end face); {skin.TriangleCount} triangles");
        Assert.True(side > 1000 && cap > 100, $"side {side}, cap {cap}");
        // Away from the rounded rims where sides meet caps, the surface is on the ellipse within half a stride.
        Assert.True(worst <= tolerance / 2, $"worst side vertex away from the ends: {worst:0.00} mm from the ellipse, expected within {tolerance / 2} mm");
    }

    [Fact]
    public void Extract_Phantom_IsClosedAndEnclosesTheTorsoVolume()
    {
        CtVolume ct = Phantom.Value.Ct;
        VolumeGrid grid = ct.Grid;
        double a = Math.Min(98, grid.SizeI * grid.SpacingMm.X / 2 - 4), b = Math.Min(80, grid.SizeJ * grid.SpacingMm.Y / 2 - 4);
        double length = grid.SizeK * grid.SpacingMm.Z;

        TriangleMesh skin = SkinSurface.Extract(ct, stride: Stride);

        Assert.True(skin.IsWatertight(), "expected every edge shared by two oppositely wound triangles");
        double expected = Math.PI * a * b * length, volume = skin.EnclosedVolumeMm3();
        output.WriteLine($"enclosed {volume / 1000:0} cm³, elliptic cylinder {expected / 1000:0} cm³");
        // Positive: outward normals. Within 5 %: the surface neither shrinks nor swells by more than about a millimetre.
        Assert.InRange(volume, 0.95 * expected, 1.05 * expected);
    }

    [Fact]
    public void Extract_AirOnly_ThrowsNamingTheThreshold()
    {
        var grid = VolumeGrid.Axial(20, 20, 20, new Vector3d(1, 1, 1), Vector3d.Zero);
        var hu = new short[grid.VoxelCount];
        Array.Fill(hu, (short)-1000);

        var error = Assert.Throws<ArgumentException>(() => SkinSurface.Extract(new CtVolume(grid, hu)));

        Assert.StartsWith("Expected CT voxels above -500 HU for the skin surface. Was none.", error.Message);
    }

    /// <summary>Signed distance (mm, negative inside) from the ellipse x²/a² + y²/b² = 1, by Newton's method on the nearest-point parameter.</summary>
    private static double EllipseDistanceMm(double x, double y, double a, double b)
    {
        double px = Math.Abs(x), py = Math.Abs(y);
        double t = Math.Atan2(a * py, b * px);
        for (int n = 0; n < 30; n++)
        {
            double cx = a * Math.Cos(t), cy = b * Math.Sin(t);
            double dx = -a * Math.Sin(t), dy = b * Math.Cos(t);
            double f = (cx - px) * dx + (cy - py) * dy;
            double df = dx * dx + dy * dy + (cx - px) * (-a * Math.Cos(t)) + (cy - py) * (-b * Math.Sin(t));
            t = Math.Clamp(t - f / df, 0, Math.PI / 2);
        }

        double distance = Math.Sqrt(Math.Pow(a * Math.Cos(t) - px, 2) + Math.Pow(b * Math.Sin(t) - py, 2));
        return (px * px / (a * a)) + (py * py / (b * b)) < 1 ? -distance : distance;
    }
}
