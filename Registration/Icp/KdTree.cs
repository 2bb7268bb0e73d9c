using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Icp;

/// <summary>
/// A static 3-d tree over a point cloud (mm) for nearest-neighbour queries. Built once in O(n log n); a query costs
/// O(log n) on average. The tree keeps its own copy of the points. Queries are thread-safe and allocate nothing
/// (the k-nearest query writes into caller buffers).
/// </summary>
public sealed class KdTree
{
    private const int LeafSize = 8;
    private readonly Vector3d[] points;
    private readonly int[] order;
    private readonly Node[] nodes;
    private int nodeCount;

    /// <summary>Builds the tree; throws for an empty cloud or a non-finite point.</summary>
    public KdTree(IReadOnlyList<Vector3d> cloudMm)
    {
        ArgumentNullException.ThrowIfNull(cloudMm);
        if (cloudMm.Count == 0)
        {
            throw new ArgumentException("Expected at least one point. Was an empty cloud.", nameof(cloudMm));
        }

        points = new Vector3d[cloudMm.Count];
        order = new int[cloudMm.Count];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = cloudMm[i];
            if (!points[i].IsFinite)
            {
                throw new ArgumentException($"Expected finite points. Was {points[i]} at index {i}.", nameof(cloudMm));
            }

            order[i] = i;
        }

        // Leaves hold at least LeafSize / 2 points, so there are at most 2n / LeafSize of them and fewer than twice as many nodes.
        nodes = new Node[4 * points.Length / LeafSize + 3];
        Build(0, points.Length);
    }

    /// <summary>Number of points.</summary>
    public int Count => points.Length;

    /// <summary>The point with index <paramref name="index"/> (input order), mm.</summary>
    public Vector3d this[int index] => points[index];

    /// <summary>The index (input order) of the point nearest to <paramref name="queryMm"/> and its squared distance, mm².</summary>
    public (int Index, double DistanceSquaredMm2) Nearest(Vector3d queryMm)
    {
        int best = -1;
        double bestSquared = double.PositiveInfinity;
        NearestIn(0, queryMm, ref best, ref bestSquared);
        return (best, bestSquared);
    }

    /// <summary>
    /// The <c>indices.Length</c> nearest points to <paramref name="queryMm"/>, nearest first, written into
    /// <paramref name="indices"/> and <paramref name="distancesSquaredMm2"/> (same length). Returns how many were found
    /// (fewer when the cloud is smaller).
    /// </summary>
    public int Nearest(Vector3d queryMm, Span<int> indices, Span<double> distancesSquaredMm2)
    {
        int k = Math.Min(indices.Length, points.Length);
        int found = 0;
        KNearestIn(0, queryMm, indices[..k], distancesSquaredMm2[..k], ref found);
        return found;
    }

    private int Build(int start, int end)
    {
        int nodeIndex = nodeCount++;
        if (end - start <= LeafSize)
        {
            nodes[nodeIndex] = new Node(start, end, -1, 0, -1, -1);
            return nodeIndex;
        }

        // Split on the axis of largest extent at the median.
        Vector3d min = points[order[start]], max = min;
        for (int i = start + 1; i < end; i++)
        {
            Vector3d p = points[order[i]];
            min = new Vector3d(Math.Min(min.X, p.X), Math.Min(min.Y, p.Y), Math.Min(min.Z, p.Z));
            max = new Vector3d(Math.Max(max.X, p.X), Math.Max(max.Y, p.Y), Math.Max(max.Z, p.Z));
        }

        Vector3d extent = max - min;
        int axis = extent.X >= extent.Y && extent.X >= extent.Z ? 0 : extent.Y >= extent.Z ? 1 : 2;
        int middle = (start + end) / 2;
        Select(start, end - 1, middle, axis);
        double split = points[order[middle]][axis];
        int left = Build(start, middle);
        int right = Build(middle, end);
        nodes[nodeIndex] = new Node(start, end, axis, split, left, right);
        return nodeIndex;
    }

    /// <summary>Quickselect: puts the k-th smallest (by <paramref name="axis"/>) at position k of order[lo..hi].</summary>
    private void Select(int lo, int hi, int k, int axis)
    {
        while (hi > lo)
        {
            double pivot = points[order[(lo + hi) / 2]][axis];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (points[order[i]][axis] < pivot)
                {
                    i++;
                }

                while (points[order[j]][axis] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (order[i], order[j]) = (order[j], order[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    private void NearestIn(int nodeIndex, Vector3d q, ref int best, ref double bestSquared)
    {
        Node node = nodes[nodeIndex];
        if (node.Axis < 0)
        {
            for (int i = node.Start; i < node.End; i++)
            {
                double d = (points[order[i]] - q).LengthSquared;
                if (d < bestSquared)
                {
                    bestSquared = d;
                    best = order[i];
                }
            }

            return;
        }

        double delta = q[node.Axis] - node.Split;
        int near = delta < 0 ? node.Left : node.Right;
        int far = delta < 0 ? node.Right : node.Left;
        NearestIn(near, q, ref best, ref bestSquared);
        if (delta * delta < bestSquared)
        {
            NearestIn(far, q, ref best, ref bestSquared);
        }
    }

    private void KNearestIn(int nodeIndex, Vector3d q, Span<int> indices, Span<double> distances, ref int found)
    {
        Node node = nodes[nodeIndex];
        if (node.Axis < 0)
        {
            for (int i = node.Start; i < node.End; i++)
            {
                double d = (points[order[i]] - q).LengthSquared;
                if (found < indices.Length || d < distances[found - 1])
                {
                    // Insertion into the sorted list of the best so far.
                    int slot = found < indices.Length ? found++ : found - 1;
                    while (slot > 0 && distances[slot - 1] > d)
                    {
                        distances[slot] = distances[slot - 1];
                        indices[slot] = indices[slot - 1];
                        slot--;
                    }

                    distances[slot] = d;
                    indices[slot] = order[i];
                }
            }

            return;
        }

        double delta = q[node.Axis] - node.Split;
        int near = delta < 0 ? node.Left : node.Right;
        int far = delta < 0 ? node.Right : node.Left;
        KNearestIn(near, q, indices, distances, ref found);
        if (found < indices.Length || delta * delta < distances[found - 1])
        {
            KNearestIn(far, q, indices, distances, ref found);
        }
    }

    private readonly record struct Node(int Start, int End, int Axis, double Split, int Left, int Right);
}
