namespace ArSpine.Inference.Classical;

/// <summary>Binary volume operations of the classical segmentation: hysteresis thresholding, 2D hole filling, connected components, exact distance transform.</summary>
internal static class Morphology
{
    /// <summary>
    /// Hysteresis: voxels at or above <paramref name="lowHu"/> that are 6-connected, through such voxels, to a voxel at or above
    /// <paramref name="highHu"/>. Cost: one breadth-first pass.
    /// </summary>
    public static bool[] Hysteresis(short[] hu, VolumeShape shape, double lowHu, double highHu)
    {
        var mask = new bool[hu.Length];
        var queue = new Queue<int>();
        for (int n = 0; n < hu.Length; n++)
        {
            if (hu[n] >= highHu)
            {
                mask[n] = true;
                queue.Enqueue(n);
            }
        }

        Span<int> neighbours = stackalloc int[6];
        while (queue.TryDequeue(out int n))
        {
            int count = Neighbours6(n, shape, neighbours);
            for (int t = 0; t < count; t++)
            {
                int m = neighbours[t];
                if (!mask[m] && hu[m] >= lowHu)
                {
                    mask[m] = true;
                    queue.Enqueue(m);
                }
            }
        }

        return mask;
    }

    /// <summary>The 6-neighbours of a voxel inside the block; returns how many were written.</summary>
    public static int Neighbours6(int n, VolumeShape shape, Span<int> into)
    {
        (int i, int j, int k) = shape.Coordinates(n);
        int count = 0;
        if (i > 0) { into[count++] = n - 1; }
        if (i + 1 < shape.SizeI) { into[count++] = n + 1; }
        if (j > 0) { into[count++] = n - shape.SizeI; }
        if (j + 1 < shape.SizeJ) { into[count++] = n + shape.SizeI; }
        if (k > 0) { into[count++] = n - shape.SizeI * shape.SizeJ; }
        if (k + 1 < shape.SizeK) { into[count++] = n + shape.SizeI * shape.SizeJ; }
        return count;
    }

    /// <summary>
    /// Fills, in place, the holes of every 2D plane normal to <paramref name="normalAxis"/>: background pixels not 4-connected
    /// to the plane's border within the plane, in holes of at most <paramref name="maxHoleMm2"/>; or, with
    /// <paramref name="holesOut"/>, marks them there and leaves the mask alone. The plane's edges at the ends of
    /// <paramref name="openAxis"/> (where a scan cuts anatomy off) do not count as border. Planes run in parallel.
    /// </summary>
    public static void FillPlaneHoles(bool[] mask, VolumeShape shape, int normalAxis, double maxHoleMm2 = double.PositiveInfinity, bool[]? holesOut = null, int openAxis = -1)
    {
        double pixelMm2 = shape.Spacing((normalAxis + 1) % 3) * shape.Spacing((normalAxis + 2) % 3);
        int maxHolePixels = (int)Math.Min(int.MaxValue, Math.Floor(maxHoleMm2 / pixelMm2));
        int u = (normalAxis + 1) % 3, w = (normalAxis + 2) % 3;
        if (BoundingBox(mask, shape) is not var (lo, hi))
        {
            return;
        }

        // Holes lie within the mask's bounding box: work on it plus one voxel of background, which joins the plane's border,
        // except at the volume's own ends along the open axis.
        int uStart = Math.Max(0, lo[u] - 1), uEnd = Math.Min(shape.Size(u) - 1, hi[u] + 1);
        int wStart = Math.Max(0, lo[w] - 1), wEnd = Math.Min(shape.Size(w) - 1, hi[w] + 1);
        bool seedLowU = !(u == openAxis && uStart == 0), seedHighU = !(u == openAxis && uEnd == shape.Size(u) - 1);
        bool seedLowW = !(w == openAxis && wStart == 0), seedHighW = !(w == openAxis && wEnd == shape.Size(w) - 1);
        int sizeU = uEnd - uStart + 1, sizeW = wEnd - wStart + 1, strideU = shape.Stride(u), strideW = shape.Stride(w), strideN = shape.Stride(normalAxis);
        Parallel.For(lo[normalAxis], hi[normalAxis] + 1, () => (new bool[sizeU * sizeW], new Stack<int>()), (plane, _, scratch) =>
        {
            (bool[] outside, Stack<int> stack) = scratch;
            Array.Clear(outside);
            int origin = plane * strideN + uStart * strideU + wStart * strideW;
            bool Bone(int a, int b) => mask[origin + a * strideU + b * strideW];
            void Seed(int a, int b)
            {
                int p = a + sizeU * b;
                if (!outside[p] && !Bone(a, b))
                {
                    outside[p] = true;
                    stack.Push(p);
                }
            }

            for (int a = 0; a < sizeU; a++)
            {
                if (seedLowW) { Seed(a, 0); }
                if (seedHighW) { Seed(a, sizeW - 1); }
            }

            for (int b = 0; b < sizeW; b++)
            {
                if (seedLowU) { Seed(0, b); }
                if (seedHighU) { Seed(sizeU - 1, b); }
            }

            while (stack.TryPop(out int p))
            {
                int a = p % sizeU, b = p / sizeU;
                if (a > 0) { Seed(a - 1, b); }
                if (a + 1 < sizeU) { Seed(a + 1, b); }
                if (b > 0) { Seed(a, b - 1); }
                if (b + 1 < sizeW) { Seed(a, b + 1); }
            }

            // What is left of the background are holes: flood each, and fill it when it is small enough.
            var hole = new List<int>();
            for (int start = 0; start < sizeU * sizeW; start++)
            {
                int sa = start % sizeU, sb = start / sizeU;
                if (outside[start] || Bone(sa, sb))
                {
                    continue;
                }

                hole.Clear();
                outside[start] = true;
                stack.Push(start);
                while (stack.TryPop(out int p))
                {
                    hole.Add(p);
                    int a = p % sizeU, b = p / sizeU;
                    if (a > 0) { Seed(a - 1, b); }
                    if (a + 1 < sizeU) { Seed(a + 1, b); }
                    if (b > 0) { Seed(a, b - 1); }
                    if (b + 1 < sizeW) { Seed(a, b + 1); }
                }

                if (hole.Count > maxHolePixels)
                {
                    continue;
                }

                foreach (int p in hole)
                {
                    int at = origin + (p % sizeU) * strideU + (p / sizeU) * strideW;
                    if (holesOut is null)
                    {
                        mask[at] = true;
                    }
                    else
                    {
                        holesOut[at] = true;
                    }
                }
            }

            return scratch;
        }, _ => { });
    }

    /// <summary>6-connected components of a mask: component number per voxel (0 = background, 1.. = components) and each component's voxel count (index 0 unused).</summary>
    public static (int[] Component, List<int> Sizes) Components(bool[] mask, VolumeShape shape)
    {
        var component = new int[mask.Length];
        var sizes = new List<int> { 0 };
        var stack = new Stack<int>();
        Span<int> neighbours = stackalloc int[6];
        for (int seed = 0; seed < mask.Length; seed++)
        {
            if (!mask[seed] || component[seed] != 0)
            {
                continue;
            }

            int id = sizes.Count, size = 0;
            component[seed] = id;
            stack.Push(seed);
            while (stack.TryPop(out int n))
            {
                size++;
                int count = Neighbours6(n, shape, neighbours);
                for (int t = 0; t < count; t++)
                {
                    int m = neighbours[t];
                    if (mask[m] && component[m] == 0)
                    {
                        component[m] = id;
                        stack.Push(m);
                    }
                }
            }

            sizes.Add(size);
        }

        return (component, sizes);
    }

    /// <summary>
    /// Exact Euclidean distance, in mm, from each voxel of the mask to the nearest voxel outside it; 0 outside. Beyond the block
    /// counts as outside, except beyond the two ends of <paramref name="openAxis"/> (where a scan cuts anatomy off), if given.
    /// Separable lower-envelope algorithm (Felzenszwalb–Huttenlocher) with the block's spacing per axis.
    /// </summary>
    public static float[] InsideDistanceMm(bool[] mask, VolumeShape shape, int openAxis = -1) => InsideDistanceMm(mask, shape, axis => axis == openAxis);

    /// <summary>As <see cref="InsideDistanceMm(bool[], VolumeShape, int)"/>, with beyond the block neutral along every axis where <paramref name="isOpen"/> says so.</summary>
    public static float[] InsideDistanceMm(bool[] mask, VolumeShape shape, Func<int, bool> isOpen)
    {
        var distance = new float[mask.Length];
        if (BoundingBox(mask, shape) is not var (lo, hi))
        {
            return distance;
        }

        // Work on the mask's bounding box plus one outside voxel where the volume has one: beyond that all is outside.
        var start = new int[3];
        var size = new int[3];
        var startOutside = new bool[3];
        var endOutside = new bool[3];
        for (int axis = 0; axis < 3; axis++)
        {
            start[axis] = Math.Max(0, lo[axis] - 1);
            int end = Math.Min(shape.Size(axis) - 1, hi[axis] + 1);
            size[axis] = end - start[axis] + 1;
            startOutside[axis] = start[axis] > 0 || !isOpen(axis);
            endOutside[axis] = end < shape.Size(axis) - 1 || !isOpen(axis);
        }

        var box = new VolumeShape(size[0], size[1], size[2], shape.SpacingMm);
        var squared = new float[box.Count];
        Parallel.For(0, size[2], k =>
        {
            for (int j = 0; j < size[1]; j++)
            {
                int from = shape.Index(start[0], start[1] + j, start[2] + k), to = box.Index(0, j, k);
                for (int i = 0; i < size[0]; i++)
                {
                    squared[to + i] = mask[from + i] ? float.PositiveInfinity : 0;
                }
            }
        });

        for (int axis = 0; axis < 3; axis++)
        {
            TransformAxis(squared, box, axis, startOutside[axis], endOutside[axis]);
        }

        Parallel.For(0, size[2], k =>
        {
            for (int j = 0; j < size[1]; j++)
            {
                int to = shape.Index(start[0], start[1] + j, start[2] + k), from = box.Index(0, j, k);
                for (int i = 0; i < size[0]; i++)
                {
                    distance[to + i] = MathF.Sqrt(squared[from + i]);
                }
            }
        });

        return distance;
    }

    /// <summary>The smallest and largest (i, j, k) of the mask's voxels, or null for an empty mask.</summary>
    public static (int[] Low, int[] High)? BoundingBox(bool[] mask, VolumeShape shape)
    {
        int[] lo = [int.MaxValue, int.MaxValue, int.MaxValue], hi = [-1, -1, -1];
        for (int k = 0; k < shape.SizeK; k++)
        {
            for (int j = 0; j < shape.SizeJ; j++)
            {
                int row = shape.Index(0, j, k);
                int first = mask.AsSpan(row, shape.SizeI).IndexOf(true);
                if (first < 0)
                {
                    continue;
                }

                int last = mask.AsSpan(row, shape.SizeI).LastIndexOf(true);
                lo[0] = Math.Min(lo[0], first); hi[0] = Math.Max(hi[0], last);
                lo[1] = Math.Min(lo[1], j); hi[1] = Math.Max(hi[1], j);
                lo[2] = Math.Min(lo[2], k); hi[2] = Math.Max(hi[2], k);
            }
        }

        return hi[0] < 0 ? null : (lo, hi);
    }

    private static void TransformAxis(float[] values, VolumeShape shape, int axis, bool startOutside, bool endOutside)
    {
        int u = (axis + 1) % 3, w = (axis + 2) % 3;
        int length = shape.Size(axis), stride = shape.Stride(axis);
        double s2 = shape.Spacing(axis) * shape.Spacing(axis);
        int lines = shape.Size(u) * shape.Size(w);
        Parallel.For(0, lines, () => new Scratch(length + 2), (line, _, scratch) =>
        {
            int a = line % shape.Size(u), b = line / shape.Size(u);
            int start = a * shape.Stride(u) + b * shape.Stride(w);
            // Pad with a sample at each end: outside, so the block's border counts as outside, or neutral.
            double[] f = scratch.F;
            f[0] = startOutside ? 0 : double.PositiveInfinity;
            f[length + 1] = endOutside ? 0 : double.PositiveInfinity;
            for (int t = 0; t < length; t++)
            {
                f[t + 1] = values[start + t * stride];
            }

            LowerEnvelope(f, length + 2, s2, scratch);
            for (int t = 0; t < length; t++)
            {
                values[start + t * stride] = (float)scratch.D[t + 1];
            }

            return scratch;
        }, _ => { });
    }

    private static void LowerEnvelope(double[] f, int n, double s2, Scratch scratch)
    {
        int[] v = scratch.V;
        double[] z = scratch.Z, d = scratch.D;
        int k = 0;
        v[0] = FirstFinite(f, n);
        if (v[0] < 0)
        {
            Array.Fill(d, double.PositiveInfinity, 0, n);
            return;
        }

        z[0] = double.NegativeInfinity;
        z[1] = double.PositiveInfinity;
        for (int q = v[0] + 1; q < n; q++)
        {
            if (double.IsPositiveInfinity(f[q]))
            {
                continue;
            }

            double s = Intersection(f, q, v[k], s2);
            while (s <= z[k])
            {
                k--;
                s = Intersection(f, q, v[k], s2);
            }

            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }

        k = 0;
        for (int q = 0; q < n; q++)
        {
            while (z[k + 1] < q)
            {
                k++;
            }

            double delta = q - v[k];
            d[q] = s2 * delta * delta + f[v[k]];
        }
    }

    private static double Intersection(double[] f, int q, int p, double s2) =>
        ((f[q] + s2 * q * q) - (f[p] + s2 * p * p)) / (2 * s2 * (q - p));

    private static int FirstFinite(double[] f, int n)
    {
        for (int q = 0; q < n; q++)
        {
            if (!double.IsPositiveInfinity(f[q]))
            {
                return q;
            }
        }

        return -1;
    }

    private sealed class Scratch(int length)
    {
        public double[] F { get; } = new double[length];

        public double[] D { get; } = new double[length];

        public int[] V { get; } = new int[length];

        public double[] Z { get; } = new double[length + 1];
    }
}
