using ArSpine.Core.Geometry;
using ArSpine.Registration.Numerics;

namespace ArSpine.Registration.Icp;

/// <summary>Surface normals of a point cloud from its local shape: the direction of least spread among each point's k nearest neighbours (unoriented).</summary>
public static class NormalEstimation
{
    /// <summary>Unit normals, one per point of the tree, from <paramref name="neighbours"/> nearest neighbours (at least 3). Cost O(n k log n).</summary>
    public static Vector3d[] Estimate(KdTree tree, int neighbours = 12)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 3);
        var normals = new Vector3d[tree.Count];
        var indices = new int[neighbours];
        var distances = new double[neighbours];
        var covariance = new double[3, 3];
        for (int p = 0; p < tree.Count; p++)
        {
            int found = tree.Nearest(tree[p], indices, distances);
            Vector3d mean = Vector3d.Zero;
            for (int i = 0; i < found; i++)
            {
                mean += tree[indices[i]];
            }

            mean /= found;
            Array.Clear(covariance);
            for (int i = 0; i < found; i++)
            {
                Vector3d d = tree[indices[i]] - mean;
                for (int r = 0; r < 3; r++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        covariance[r, c] += d[r] * d[c];
                    }
                }
            }

            (_, double[,] vectors) = SymmetricEigen.Decompose(covariance);
            normals[p] = new Vector3d(vectors[0, 2], vectors[1, 2], vectors[2, 2]);
        }

        return normals;
    }
}
