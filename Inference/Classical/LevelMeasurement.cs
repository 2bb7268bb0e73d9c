using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.Inference.Classical;

/// <summary>Levels measured from a label volume in one pass: voxel count, volume and centroid per label.</summary>
public static class LevelMeasurement
{
    /// <summary>
    /// The levels of <paramref name="ids"/> (in that order, names from the volume's names; a label id of 0 or less is skipped),
    /// or, when null, of every label present, ascending. One pass over the volume.
    /// </summary>
    public static List<FoundLevel> Levels(LabelVolume labels, IEnumerable<int>? ids = null) => Levels(labels, ids, -1, out _);

    /// <summary>As <see cref="Levels(LabelVolume, IEnumerable{int}?)"/>, also telling, per label id, whether the label reaches the first or last slice along <paramref name="edgeAxis"/> (none when it is -1).</summary>
    internal static List<FoundLevel> Levels(LabelVolume labels, IEnumerable<int>? ids, int edgeAxis, out bool[] touchesEdge)
    {
        ArgumentNullException.ThrowIfNull(labels);
        VolumeGrid grid = labels.Grid;
        var shape = VolumeShape.Of(grid);
        var count = new long[256];
        var sum = new Vector3d[256];
        touchesEdge = new bool[256];
        int last = edgeAxis < 0 ? -1 : shape.Size(edgeAxis) - 1;
        byte[] data = labels.Labels;
        for (int n = 0; n < data.Length; n++)
        {
            byte id = data[n];
            if (id == 0)
            {
                continue;
            }

            (int i, int j, int k) = shape.Coordinates(n);
            count[id]++;
            sum[id] += grid.CtFromVoxel.Apply(new Vector3d(i, j, k));
            if (edgeAxis >= 0)
            {
                int s = shape.Coordinate(n, edgeAxis);
                touchesEdge[id] |= s == 0 || s == last;
            }
        }

        IEnumerable<int> measured = ids ?? Enumerable.Range(1, 255).Where(id => count[id] > 0);
        double voxelMm3 = grid.VoxelVolumeMm3;
        var levels = new List<FoundLevel>();
        foreach (int id in measured.Where(id => id > 0))
        {
            levels.Add(new FoundLevel(id, labels.Names[id], count[id], count[id] * voxelMm3, sum[id] / Math.Max(1, count[id])));
        }

        return levels;
    }
}
