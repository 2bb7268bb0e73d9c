using ArSpine.App.CommandLine;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;

namespace ArSpine.App.Tests.CommandLine;

/// <summary>PrepareCommand.SkinOrNull: a skin when the CT has one, and a reason instead of an exception when it has none to mesh.</summary>
public sealed class PrepareCommandSkinTests
{
    [Fact]
    public void SkinOrNull_OnlyIsolatedBrightVoxels_NoSkinAndTheReasonInsteadOfAnException()
    {
        // Air, with single voxels of bone on a 9-voxel lattice: every 4³ block averages at most (−1000·63 + 1000) / 64 ≈ −969 HU.
        CtVolume ct = Air(36);
        int bright = 0;
        for (int k = 4; k < 36; k += 9)
        {
            for (int j = 4; j < 36; j += 9)
            {
                for (int i = 4; i < 36; i += 9)
                {
                    ct.Hu[ct.Grid.Index(i, j, k)] = 1000;
                    bright++;
                }
            }
        }

        Assert.Throws<ArgumentException>(() => SkinSurface.Extract(ct));

        (TriangleMesh? skin, string? missing) = PrepareCommand.SkinOrNull(ct);

        Assert.Null(skin);
        Assert.Equal($"{bright} CT voxels above -500 HU, but too few together for a surface on the skin's coarser grid", missing);
    }

    [Fact]
    public void SkinOrNull_AllAir_NoSkinBecauseNoVoxelIsAbove()
    {
        (TriangleMesh? skin, string? missing) = PrepareCommand.SkinOrNull(Air(16));

        Assert.Null(skin);
        Assert.Equal("no CT voxel above -500 HU", missing);
    }

    [Fact]
    public void SkinOrNull_ABodyOfWater_ASkinAroundIt()
    {
        CtVolume ct = Air(32);
        for (int k = 8; k < 24; k++)
        {
            for (int j = 8; j < 24; j++)
            {
                for (int i = 8; i < 24; i++)
                {
                    ct.Hu[ct.Grid.Index(i, j, k)] = 0;
                }
            }
        }

        (TriangleMesh? skin, string? missing) = PrepareCommand.SkinOrNull(ct);

        Assert.Null(missing);
        Assert.NotNull(skin);
        // A 16 mm water cube: the iso-surface at −500 HU halfway between its blocks and the air's, give or take a block of smoothing.
        double volume = skin.EnclosedVolumeMm3();
        Assert.True(volume is > 16 * 16 * 16 / 2 and < 24 * 24 * 24, $"{volume} mm³");
    }

    private static CtVolume Air(int size)
    {
        var grid = new VolumeGrid(size, size, size, new AffineTransform(Matrix3d.Identity, new Vector3d(0, 0, 0)));
        var hu = new short[grid.VoxelCount];
        Array.Fill(hu, (short)-1000);
        return new CtVolume(grid, hu);
    }
}
