using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.Planning.Anatomy;

/// <summary>One label of a label volume seen as a solid in the Ct frame (LPS mm), sampled at the nearest voxel.</summary>
public sealed class LabelMask
{
    private readonly LabelVolume _labels;

    /// <summary>Wraps label <paramref name="labelId"/> of <paramref name="labels"/>; reads nothing yet.</summary>
    public LabelMask(LabelVolume labels, int labelId)
    {
        _labels = labels;
        LabelId = labelId;
    }

    /// <summary>The label id, VerSe numbering for vertebrae.</summary>
    public int LabelId { get; }

    /// <summary>The label's name in the volume, or its number.</summary>
    public string Name => _labels.Names.TryGetValue(LabelId, out string? name) ? name : LabelId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Smallest voxel spacing of the grid, mm.</summary>
    public double FinestSpacingMm
    {
        get
        {
            Vector3d s = _labels.Grid.SpacingMm;
            return Math.Min(s.X, Math.Min(s.Y, s.Z));
        }
    }

    /// <summary>True when the voxel nearest to a point (LPS mm) carries the label.</summary>
    public bool Contains(Vector3d ctMm)
    {
        Vector3d v = _labels.Grid.VoxelFromCt.Apply(ctMm);
        int i = (int)Math.Round(v.X), j = (int)Math.Round(v.Y), k = (int)Math.Round(v.Z);
        return _labels.Grid.Contains(i, j, k) && _labels[i, j, k] == LabelId;
    }

    /// <summary>The centres of the label's voxels, LPS mm. Reads the whole volume.</summary>
    public List<Vector3d> VoxelCentres()
    {
        VolumeGrid g = _labels.Grid;
        byte[] data = _labels.Labels;
        var points = new List<Vector3d>();
        for (int k = 0, n = 0; k < g.SizeK; k++)
        {
            for (int j = 0; j < g.SizeJ; j++)
            {
                for (int i = 0; i < g.SizeI; i++, n++)
                {
                    if (data[n] == LabelId)
                    {
                        points.Add(g.CtFromVoxel.Apply(new Vector3d(i, j, k)));
                    }
                }
            }
        }

        return points;
    }

    /// <summary>
    /// How far from <paramref name="start"/> along the unit <paramref name="direction"/> the label reaches at most, mm, within
    /// <paramref name="limitMm"/> (gaps inside, such as voids in a body's mask, are crossed), in steps of a quarter of the finest
    /// spacing; 0 when no sample is inside.
    /// </summary>
    public double FarthestAlong(Vector3d start, Vector3d direction, double limitMm)
    {
        double step = FinestSpacingMm / 4, farthest = -1;
        for (double t = 0; t <= limitMm; t += step)
        {
            if (Contains(start + direction * t))
            {
                farthest = t;
            }
        }

        return farthest < 0 ? 0 : farthest + step / 2;
    }

    /// <summary>
    /// How far from <paramref name="start"/> along the unit <paramref name="direction"/> the label continues without a gap, mm
    /// (0 when <paramref name="start"/> is outside), found in steps of a quarter of the finest spacing.
    /// </summary>
    public double RunLength(Vector3d start, Vector3d direction, double limitMm = 200)
    {
        double step = FinestSpacingMm / 4, inside = 0;
        if (!Contains(start))
        {
            return 0;
        }

        while (inside < limitMm && Contains(start + direction * (inside + step)))
        {
            inside += step;
        }

        return inside + step / 2;
    }
}
