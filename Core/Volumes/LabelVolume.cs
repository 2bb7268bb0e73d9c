using ArSpine.Core.Errors;

namespace ArSpine.Core.Volumes;

/// <summary>
/// A label map on a <see cref="VolumeGrid"/>: 0 is background, other values are structures named in <see cref="Names"/>
/// (for vertebrae, VerSe numbering: see <see cref="VertebraLevels"/>).
/// </summary>
public sealed class LabelVolume
{
    /// <summary>Wraps labels (owned by the volume from here on) and their names; throws when the count does not match the grid or a label present has no name.</summary>
    public LabelVolume(VolumeGrid grid, byte[] labels, IReadOnlyDictionary<int, string> names)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(names);
        if (labels.Length != grid.VoxelCount)
        {
            throw new ArgumentException($"Expected {grid.VoxelCount} labels for a {grid.SizeI}x{grid.SizeJ}x{grid.SizeK} grid. Was {labels.Length}.", nameof(labels));
        }

        Grid = grid;
        Labels = labels;
        Names = new SortedDictionary<int, string>(names.ToDictionary());
        foreach (int id in PresentLabels())
        {
            if (!Names.ContainsKey(id))
            {
                throw new InvalidInputException($"Label {id} occurs in the volume but has no name; expected a name for every label present.");
            }
        }
    }

    /// <summary>The sampling grid and its <c>CtFromVoxel</c> affine.</summary>
    public VolumeGrid Grid { get; }

    /// <summary>Labels, i fastest, then j, then k.</summary>
    public byte[] Labels { get; }

    /// <summary>The name of each label id, for example 22 → "L3".</summary>
    public IReadOnlyDictionary<int, string> Names { get; }

    /// <summary>The label at voxel (i, j, k).</summary>
    public byte this[int i, int j, int k] => Labels[Grid.Index(i, j, k)];

    /// <summary>The non-zero label ids that occur, ascending. Reads the whole volume.</summary>
    public IReadOnlyList<int> PresentLabels()
    {
        Span<bool> seen = stackalloc bool[256];
        foreach (byte label in Labels)
        {
            seen[label] = true;
        }

        var present = new List<int>();
        for (int id = 1; id < 256; id++)
        {
            if (seen[id])
            {
                present.Add(id);
            }
        }

        return present;
    }

    /// <summary>The number of voxels of each label id (index = id). Reads the whole volume.</summary>
    public long[] VoxelCounts()
    {
        var counts = new long[256];
        foreach (byte label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }
}
