using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;

namespace ArSpine.Planning.Screws;

/// <summary>The CT's density along a screw: the mean HU on its axis, a measure of the bone the threads will hold in.</summary>
public static class ScrewBoneDensity
{
    /// <summary>
    /// Mean HU of the CT at the voxels nearest to the screw's axis, sampled every 0.5 mm from entry to tip (Ct frame, any grid);
    /// null when no sample falls inside the CT.
    /// </summary>
    public static double? MeanHuAlongAxis(CtVolume ct, ScrewTrajectory screw)
    {
        double sum = 0;
        int count = 0;
        for (double s = 0; s <= screw.LengthMm; s += 0.5)
        {
            if (ct.Grid.NearestVoxel(screw.EntryCt + screw.Direction * s) is (int i, int j, int k))
            {
                sum += ct[i, j, k];
                count++;
            }
        }

        return count == 0 ? null : sum / count;
    }
}
