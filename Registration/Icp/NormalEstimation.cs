using ArSpine.Core.Geometry;

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
        var neighbourPoints = new List<Vector3d>(neighbours);
        for (int p = 0; p < tree.Count; p++)
        {
            int found = tree.Nearest(tree[p], indices, distances);
            neighbourPoints.Clear();
            for (int i = 0; i < found; i++)
            {
                neighbourPoints.Add(tree[indices[i]]);
            }

            (Matrix3d covariance, _) = SymmetricEigen.Covariance(neighbourPoints);
            normals[p] = SymmetricEigen.Decompose(covariance).VectorsAsColumns.Column(3);
        }

        return normals;
    }
}
