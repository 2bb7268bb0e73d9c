namespace ArSpine.Core.Volumes;

/// <summary>A CT volume in Hounsfield units on a <see cref="VolumeGrid"/> (Ct frame: LPS mm).</summary>
public sealed class CtVolume
{
    /// <summary>Wraps HU samples (owned by the volume from here on); throws when their count does not match the grid.</summary>
    public CtVolume(VolumeGrid grid, short[] huSamples)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(huSamples);
        if (huSamples.Length != grid.VoxelCount)
        {
            throw new ArgumentException($"Expected {grid.VoxelCount} HU samples for a {grid.SizeI}x{grid.SizeJ}x{grid.SizeK} grid. Was {huSamples.Length}.", nameof(huSamples));
        }

        Grid = grid;
        Hu = huSamples;
    }

    /// <summary>The sampling grid and its <c>CtFromVoxel</c> affine.</summary>
    public VolumeGrid Grid { get; }

    /// <summary>HU samples, i fastest, then j, then k (see <see cref="VolumeGrid.Index"/>).</summary>
    public short[] Hu { get; }

    /// <summary>The HU at voxel (i, j, k); no bounds check beyond the array's.</summary>
    public short this[int i, int j, int k] => Hu[Grid.Index(i, j, k)];
}
