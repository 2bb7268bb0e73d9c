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

    /// <summary>The smallest and largest voxel index along i, j and k of <paramref name="labelId"/>'s voxels, or null when the label is absent (or not 1..255). Reads the whole volume, a row at a time.</summary>
    public (int I0, int I1, int J0, int J1, int K0, int K1)? BoundingBox(int labelId) => BoundingBox(Grid, Labels, labelId);

    /// <summary>As <see cref="BoundingBox(int)"/>, for raw labels on <paramref name="grid"/> (i fastest, then j, then k).</summary>
    public static (int I0, int I1, int J0, int J1, int K0, int K1)? BoundingBox(VolumeGrid grid, byte[] labels, int labelId)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(labels);
        if (labelId is < 1 or > 255)
        {
            return null;
        }

        byte id = (byte)labelId;
        int i0 = int.MaxValue, j0 = int.MaxValue, k0 = int.MaxValue, i1 = -1, j1 = -1, k1 = -1;
        for (int k = 0; k < grid.SizeK; k++)
        {
            for (int j = 0; j < grid.SizeJ; j++)
            {
                ReadOnlySpan<byte> row = labels.AsSpan(grid.Index(0, j, k), grid.SizeI);
                int first = row.IndexOf(id);
                if (first < 0)
                {
                    continue;
                }

                int last = row.LastIndexOf(id);
                i0 = Math.Min(i0, first); i1 = Math.Max(i1, last);
                j0 = Math.Min(j0, j); j1 = Math.Max(j1, j);
                k0 = Math.Min(k0, k); k1 = Math.Max(k1, k);
            }
        }

        return i1 < 0 ? null : (i0, i1, j0, j1, k0, k1);
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
