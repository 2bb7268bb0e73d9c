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
        int sizeU = shape.Size(u), sizeW = shape.Size(w), strideU = shape.Stride(u), strideW = shape.Stride(w), strideN = shape.Stride(normalAxis);
        Parallel.For(0, shape.Size(normalAxis), () => (new bool[sizeU * sizeW], new Stack<int>()), (plane, _, scratch) =>
        {
            (bool[] outside, Stack<int> stack) = scratch;
            Array.Clear(outside);
            int origin = plane * strideN;
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

            for (int a = 0; a < sizeU && w != openAxis; a++)
            {
                Seed(a, 0);
                Seed(a, sizeW - 1);
            }

            for (int b = 0; b < sizeW && u != openAxis; b++)
            {
                Seed(0, b);
                Seed(sizeU - 1, b);
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
        var squared = new double[mask.Length];
        for (int n = 0; n < mask.Length; n++)
        {
            squared[n] = mask[n] ? double.PositiveInfinity : 0;
        }

        for (int axis = 0; axis < 3; axis++)
        {
            TransformAxis(squared, shape, axis, !isOpen(axis));
        }

        var distance = new float[mask.Length];
        for (int n = 0; n < mask.Length; n++)
        {
            distance[n] = (float)Math.Sqrt(squared[n]);
        }

        return distance;
    }

    private static void TransformAxis(double[] values, VolumeShape shape, int axis, bool outsideBeyond)
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
            f[0] = outsideBeyond ? 0 : double.PositiveInfinity;
            f[length + 1] = f[0];
            for (int t = 0; t < length; t++)
            {
                f[t + 1] = values[start + t * stride];
            }

            LowerEnvelope(f, length + 2, s2, scratch);
            for (int t = 0; t < length; t++)
            {
                values[start + t * stride] = scratch.D[t + 1];
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
