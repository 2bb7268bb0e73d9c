using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.Inference.Classical;

/// <summary>Settings of the classical (model-free) vertebra segmentation. Defaults suit adult CT from 0.5 to 3 mm voxels.</summary>
public sealed record ClassicalSegmentationOptions
{
    /// <summary>Hysteresis lower threshold, HU: bone grows through voxels at or above it.</summary>
    public double BoneLowHu { get; init; } = 140;

    /// <summary>Hysteresis upper threshold, HU: bone starts from voxels at or above it.</summary>
    public double BoneHighHu { get; init; } = 300;

    /// <summary>Holes up to this area, mm², are filled in the planes that contain the superior–inferior axis (a body's cancellous interior; not the pelvis's ring).</summary>
    public double MaxFilledHoleMm2 { get; init; } = 2500;

    /// <summary>A vertebral body's core: bone at least this far from the bone's surface, mm.</summary>
    public double CoreDepthMm { get; init; } = 6;

    /// <summary>Cores smaller than this, mm³, are not vertebral bodies.</summary>
    public double MinCoreVolumeMm3 { get; init; } = 1000;

    /// <summary>
    /// Voxels at most this large (their largest spacing, mm) resolve the cortical shell, and the labels' outer layer is then
    /// trimmed to the half-maximum surface (see <c>TrimToHalfMaximum</c>); on coarser CTs the hysteresis boundary stands.
    /// </summary>
    public double HalfMaximumMaxSpacingMm { get; init; } = 1.25;

    /// <summary>How far (weighted path length, mm) a vertebra grows from its body's core through bone.</summary>
    public double MaxGrowthMm { get; init; } = 160;

    /// <summary>
    /// The name of the lowest vertebra above the sacrum (or of the lowest one found, when the scan holds no sacrum), such as
    /// "L5" or, for a lumbarised S1, "L6"; null names it L5 and needs the sacrum in the scan.
    /// </summary>
    public string? LowestVertebra { get; init; }
}

/// <summary>One vertebra the segmentation found.</summary>
/// <param name="LabelId">VerSe label id.</param>
/// <param name="Name">Level name, such as "L3" or "S".</param>
/// <param name="Voxels">Voxel count.</param>
/// <param name="VolumeMm3">Volume, mm³.</param>
/// <param name="CentroidCt">Centroid of the labelled voxels, Ct (LPS mm).</param>
public sealed record FoundLevel(int LabelId, string Name, long Voxels, double VolumeMm3, Vector3d CentroidCt);

/// <summary>The result of a segmentation: labels on the CT's own grid and what was found.</summary>
/// <param name="Labels">VerSe-numbered vertebra labels on the CT's grid.</param>
/// <param name="Levels">The vertebrae, inferior to superior.</param>
/// <param name="CanalCentrelineCt">Centre of the spinal canal on each slice where the canal is enclosed by bone, inferior to superior, Ct (LPS mm).</param>
/// <param name="Warnings">Things a reader should check (partial vertebrae at the scan's edge, an assumed lowest level).</param>
public sealed record SegmentationResult(LabelVolume Labels, IReadOnlyList<FoundLevel> Levels, IReadOnlyList<Vector3d> CanalCentrelineCt, IReadOnlyList<string> Warnings);

/// <summary>
/// Classical vertebra segmentation of a CT: bone by HU hysteresis, with the holes of every plane that contains the
/// superior–inferior axis filled (the cancellous interior, not the spinal canal, which is open along that axis); vertebral
/// body cores where the bone is thick (an exact distance transform), which the discs keep apart; the chain of cores along the
/// spine; each vertebra grown from its core through bone by a path length that costs more through low HU (so neighbours meet
/// at the joints and discs); levels named upward from the sacrum; the canal as the slices' enclosed holes. Cost: a few passes
/// over the volume, in parallel where it helps.
/// </summary>
public static class ClassicalSegmentation
{
    /// <summary>Segments <paramref name="ct"/>. Throws an <see cref="InvalidInputException"/> when the grid is not close to axial, no spine is found, or the levels cannot be named.</summary>
    public static SegmentationResult Segment(CtVolume ct, ClassicalSegmentationOptions? options = null, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(ct);
        options ??= new ClassicalSegmentationOptions();
        VolumeGrid grid = ct.Grid;
        var shape = VolumeShape.Of(grid);
        int superiorAxis = SuperiorAxis(grid);
        int lowestId = LowestId(options.LowestVertebra);

        bool[] bone = Morphology.Hysteresis(ct.Hu, shape, options.BoneLowHu, options.BoneHighHu);
        progress?.Report(0.15);
        cancel.ThrowIfCancellationRequested();
        for (int axis = 0; axis < 3; axis++)
        {
            if (axis != superiorAxis)
            {
                Morphology.FillPlaneHoles(bone, shape, axis, options.MaxFilledHoleMm2, openAxis: superiorAxis);
            }
        }

        progress?.Report(0.3);
        cancel.ThrowIfCancellationRequested();
        float[] depth = Morphology.InsideDistanceMm(bone, shape, superiorAxis);
        var core = new bool[depth.Length];
        for (int n = 0; n < depth.Length; n++)
        {
            core[n] = depth[n] >= options.CoreDepthMm;
        }

        progress?.Report(0.5);
        cancel.ThrowIfCancellationRequested();
        (int[] coreComponent, List<int> coreSizes) = Morphology.Components(core, shape);
        List<CoreStats> cores = Measure(coreComponent, coreSizes, shape, grid, options.MinCoreVolumeMm3, []);
        HashSet<int> splitParts = SplitTallCores(cores, coreComponent, coreSizes, depth, shape, grid, options);
        if (splitParts.Count > 0)
        {
            cores = Measure(coreComponent, coreSizes, shape, grid, options.MinCoreVolumeMm3, splitParts);
        }

        List<CoreStats> chain = Chain(cores);
        AddSacrumBelow(chain, cores);
        if (chain.Count < 2)
        {
            throw new InvalidInputException($"CT: spine: expected at least two vertebral bodies in a chain along the spine (bone of {options.BoneLowHu.ToString(CultureInfo.InvariantCulture)} HU or more, cores {options.CoreDepthMm.ToString(CultureInfo.InvariantCulture)} mm deep). Was {chain.Count} found.");
        }

        var warnings = new List<string>();
        int[] ids = NameChain(chain, lowestId, options.LowestVertebra is not null, warnings);
        progress?.Report(0.6);
        cancel.ThrowIfCancellationRequested();

        byte[] labels = Grow(ct.Hu, bone, shape, grid, superiorAxis, coreComponent, chain, ids, options.MaxGrowthMm, cancel);
        if (Math.Max(grid.SpacingMm.X, Math.Max(grid.SpacingMm.Y, grid.SpacingMm.Z)) <= options.HalfMaximumMaxSpacingMm)
        {
            TrimToHalfMaximum(ct.Hu, labels, shape);
        }

        progress?.Report(0.9);

        var names = new Dictionary<int, string>();
        foreach (int id in ids)
        {
            if (id > 0)
            {
                names[id] = VertebraLevels.NameOf(id);
            }
        }

        var labelVolume = new LabelVolume(grid, labels, names);
        List<FoundLevel> levels = Levels(labelVolume, superiorAxis, ids, warnings);
        IReadOnlyList<Vector3d> canal = Canal(labels, shape, superiorAxis, grid);
        progress?.Report(1);
        return new SegmentationResult(labelVolume, levels, canal, warnings);
    }

    /// <summary>
    /// One pass over the labels' outer layer (labelled voxels with an unlabelled face neighbour): a voxel stays when its HU
    /// reaches halfway from the darkest unlabelled voxel to the brightest voxel of its label within two voxels — the
    /// half-maximum edge of the cortex, where a scanner's blur puts the true surface. The hysteresis threshold sits lower,
    /// outside it, so that thin or faint cortices are not lost; where voxels resolve the cortex this restores the surface.
    /// </summary>
    private static void TrimToHalfMaximum(short[] hu, byte[] labels, VolumeShape shape)
    {
        var remove = new List<int>();
        int si = shape.SizeI, sj = shape.SizeJ, sk = shape.SizeK;
        for (int k = 2; k < sk - 2; k++)
        {
            for (int j = 2; j < sj - 2; j++)
            {
                for (int i = 2; i < si - 2; i++)
                {
                    int n = shape.Index(i, j, k);
                    byte label = labels[n];
                    if (label == 0 || (labels[n - 1] != 0 && labels[n + 1] != 0 && labels[n - si] != 0 && labels[n + si] != 0 && labels[n - si * sj] != 0 && labels[n + si * sj] != 0))
                    {
                        continue;
                    }

                    int peak = short.MinValue, tissue = short.MaxValue;
                    for (int dk = -2; dk <= 2; dk++)
                    {
                        for (int dj = -2; dj <= 2; dj++)
                        {
                            for (int di = -2; di <= 2; di++)
                            {
                                int m = n + di + si * (dj + sj * dk);
                                if (labels[m] == label)
                                {
                                    peak = Math.Max(peak, hu[m]);
                                }
                                else if (labels[m] == 0)
                                {
                                    tissue = Math.Min(tissue, Math.Max((int)hu[m], -100));
                                }
                            }
                        }
                    }

                    if (tissue != short.MaxValue && hu[n] < (peak + tissue) / 2.0)
                    {
                        remove.Add(n);
                    }
                }
            }
        }

        foreach (int n in remove)
        {
            labels[n] = 0;
        }
    }

    /// <summary>The voxel axis closest to the patient's superior direction; refuses a grid tilted more than 35° from axial.</summary>
    private static int SuperiorAxis(VolumeGrid grid)
    {
        int best = 0;
        double bestCos = 0;
        for (int axis = 0; axis < 3; axis++)
        {
            Vector3d column = grid.CtFromVoxel.Linear.Column(axis + 1);
            double cos = Math.Abs(column.Z) / column.Length;
            if (cos > bestCos)
            {
                (best, bestCos) = (axis, cos);
            }
        }

        if (bestCos < Math.Cos(35 * Math.PI / 180))
        {
            throw InvalidInputException.Field(null, "CT orientation", "a voxel axis within 35° of the patient's superior–inferior axis", string.Create(CultureInfo.InvariantCulture, $"{Math.Acos(bestCos) * 180 / Math.PI:0}° at best"));
        }

        return best;
    }

    private static int LowestId(string? name)
    {
        if (name is null)
        {
            return VertebraLevels.IdOf("L5");
        }

        int id;
        try
        {
            id = VertebraLevels.IdOf(name);
        }
        catch (ArgumentException)
        {
            throw InvalidInputException.Field(null, "--lowest", "a vertebra name such as L5, L6, L4 or T12", name);
        }

        return id is >= 2 and <= 25 ? id : throw InvalidInputException.Field(null, "--lowest", "a vertebra from C2 to L6 (not the sacrum, coccyx or T13)", name);
    }

    private sealed class CoreStats
    {
        public int Component { get; init; }
        public int Voxels { get; set; }
        public double VolumeMm3 { get; set; }
        public Vector3d Sum { get; set; }
        public Vector3d Centroid => Sum / Voxels;
        public double MinZ { get; set; } = double.MaxValue;
        public double MaxZ { get; set; } = double.MinValue;
        public Vector3d TopSum { get; set; }
        public int TopVoxels { get; set; }
        public Vector3d TopCentroid => TopSum / Math.Max(1, TopVoxels);
        public double MinX { get; set; } = double.MaxValue;
        public double MaxX { get; set; } = double.MinValue;
        public double WidthMm => MaxX - MinX;
    }

    private const double TopSlabMm = 15;

    private const double UpwardCost = 2;

    /// <summary>A core taller than this, mm, and narrower than <see cref="NarrowCoreMm"/>, is two bodies joined across a disc.</summary>
    private const double TallCoreMm = 40;

    /// <summary>Cores at least this wide, mm, are never split (the sacrum with the pelvis).</summary>
    private const double NarrowCoreMm = 80;

    /// <summary>
    /// Splits each tall, narrow core (bodies joined across a thin or bridged disc) by raising its depth threshold in 1.5 mm steps
    /// until it falls into two or more parts of at least a fifth of the minimum core volume (a body the scan cuts off keeps
    /// little core); voxels left out of those parts stop being core. Returns the new parts' component numbers.
    /// </summary>
    private static HashSet<int> SplitTallCores(List<CoreStats> cores, int[] component, List<int> sizes, float[] depth, VolumeShape shape, VolumeGrid grid, ClassicalSegmentationOptions options)
    {
        var tall = cores.Where(c => c.MaxZ - c.MinZ > TallCoreMm && c.WidthMm < NarrowCoreMm).Select(c => c.Component).ToHashSet();
        var parts = new HashSet<int>();
        if (tall.Count == 0)
        {
            return parts;
        }

        var voxelsOf = tall.ToDictionary(c => c, _ => new List<int>());
        for (int n = 0; n < component.Length; n++)
        {
            if (component[n] != 0 && voxelsOf.TryGetValue(component[n], out List<int>? list))
            {
                list.Add(n);
            }
        }

        double voxelMm3 = grid.VoxelVolumeMm3;
        Span<int> neighbours = stackalloc int[6];
        foreach ((int id, List<int> voxels) in voxelsOf)
        {
            for (double threshold = options.CoreDepthMm + 1.5; threshold <= options.CoreDepthMm + 6; threshold += 1.5)
            {
                var part = new Dictionary<int, int>();
                var partSizes = new List<int>();
                foreach (int seed in voxels)
                {
                    if (depth[seed] < threshold || part.ContainsKey(seed))
                    {
                        continue;
                    }

                    int partId = partSizes.Count, size = 0;
                    var stack = new Stack<int>();
                    part[seed] = partId;
                    stack.Push(seed);
                    while (stack.TryPop(out int n))
                    {
                        size++;
                        int count = Morphology.Neighbours6(n, shape, neighbours);
                        for (int t = 0; t < count; t++)
                        {
                            int m = neighbours[t];
                            if (component[m] == id && depth[m] >= threshold && !part.ContainsKey(m))
                            {
                                part[m] = partId;
                                stack.Push(m);
                            }
                        }
                    }

                    partSizes.Add(size);
                }

                var big = Enumerable.Range(0, partSizes.Count).Where(p => partSizes[p] * voxelMm3 >= options.MinCoreVolumeMm3 / 5).ToList();
                if (big.Count < 2)
                {
                    continue;
                }

                var newId = big.ToDictionary(p => p, p => { sizes.Add(partSizes[p]); parts.Add(sizes.Count - 1); return sizes.Count - 1; });
                foreach (int n in voxels)
                {
                    component[n] = part.TryGetValue(n, out int p) && newId.TryGetValue(p, out int nid) ? nid : 0;
                }

                break;
            }
        }

        return parts;
    }

    /// <summary>A core this many times wider than the median body core is the sacrum (with its alae, and the iliac bones where the sacro-iliac joints are not resolved).</summary>
    private const double SacrumWidthRatio = 1.8;

    /// <summary>The sacrum's label keeps to this distance either side of the lowest body's centroid (L–R), mm, leaving the iliac bones out.</summary>
    private const double SacrumHalfWidthMm = 50;

    /// <summary>A vertebra's label keeps to this distance either side of its core's centroid (L–R), mm: its transverse processes, not the ribs.</summary>
    private const double VertebraHalfWidthMm = 48;

    /// <summary>A vertebra's label keeps to this distance above and below its core, mm: its articular and spinous processes.</summary>
    private const double VertebraReachMm = 30;

    /// <summary>The sacrum's label keeps to this distance anterior of the lowest body's centroid, mm, leaving the pubic bones out.</summary>
    private const double SacrumAnteriorReachMm = 35;

    /// <summary>The top vertebra of the chain keeps to this height above its core, mm: above it lies a body the scan cuts off, which has no core of its own.</summary>
    private const double TopReachMm = 3;

    private static List<CoreStats> Measure(int[] component, List<int> sizes, VolumeShape shape, VolumeGrid grid, double minVolumeMm3, HashSet<int> keep)
    {
        double voxelMm3 = grid.VoxelVolumeMm3;
        var stats = new CoreStats?[sizes.Count];
        for (int c = 1; c < sizes.Count; c++)
        {
            if (sizes[c] * voxelMm3 >= minVolumeMm3 || keep.Contains(c))
            {
                stats[c] = new CoreStats { Component = c };
            }
        }

        for (int n = 0; n < component.Length; n++)
        {
            if (component[n] != 0 && stats[component[n]] is CoreStats s)
            {
                (int i, int j, int k) = shape.Coordinates(n);
                Vector3d p = grid.CtFromVoxel.Apply(new Vector3d(i, j, k));
                s.Voxels++;
                s.Sum += p;
                s.MinX = Math.Min(s.MinX, p.X);
                s.MaxX = Math.Max(s.MaxX, p.X);
                s.MinZ = Math.Min(s.MinZ, p.Z);
                s.MaxZ = Math.Max(s.MaxZ, p.Z);
            }
        }

        // The centroid of each core's top 15 mm: where the next body up sits above it, even for the wide sacrum-and-pelvis core.
        for (int n = 0; n < component.Length; n++)
        {
            if (component[n] != 0 && stats[component[n]] is CoreStats s)
            {
                (int i, int j, int k) = shape.Coordinates(n);
                Vector3d p = grid.CtFromVoxel.Apply(new Vector3d(i, j, k));
                if (p.Z >= s.MaxZ - TopSlabMm)
                {
                    s.TopSum += p;
                    s.TopVoxels++;
                }
            }
        }

        var result = new List<CoreStats>();
        foreach (CoreStats? s in stats)
        {
            if (s is not null)
            {
                s.VolumeMm3 = s.Voxels * voxelMm3;
                result.Add(s);
            }
        }

        return result;
    }

    /// <summary>
    /// The longest chain of cores, inferior to superior: each one's centroid at least 10 mm above the last one's, its bottom at
    /// most 30 mm above the last one's top, and within 30 mm across of the centroid of the last one's top slab. Ties go to the
    /// larger total volume.
    /// </summary>
    private static List<CoreStats> Chain(List<CoreStats> cores)
    {
        cores.Sort((a, b) => a.Centroid.Z.CompareTo(b.Centroid.Z));
        int n = cores.Count;
        var length = new int[n];
        var volume = new double[n];
        var previous = new int[n];
        for (int i = 0; i < n; i++)
        {
            (length[i], volume[i], previous[i]) = (1, cores[i].VolumeMm3, -1);
            for (int j = 0; j < i; j++)
            {
                Vector3d across = cores[i].Centroid - cores[j].TopCentroid;
                bool linked = cores[i].Centroid.Z - cores[j].Centroid.Z >= 10
                    && cores[i].MinZ - cores[j].MaxZ <= 30
                    && Math.Sqrt(across.X * across.X + across.Y * across.Y) <= 30;
                if (linked && (length[j] + 1 > length[i] || (length[j] + 1 == length[i] && volume[j] + cores[i].VolumeMm3 > volume[i])))
                {
                    (length[i], volume[i], previous[i]) = (length[j] + 1, volume[j] + cores[i].VolumeMm3, j);
                }
            }
        }

        int end = -1;
        for (int i = 0; i < n; i++)
        {
            if (end < 0 || length[i] > length[end] || (length[i] == length[end] && volume[i] > volume[end]))
            {
                end = i;
            }
        }

        var chain = new List<CoreStats>();
        for (int i = end; i >= 0; i = previous[i])
        {
            chain.Add(cores[i]);
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>
    /// When the chain's lowest core is not wide like a sacrum, looks for a wide core just below it that spans it from left to
    /// right (the sacrum, joined to the iliac bones at coarse resolution), which the chain's links miss, and puts it at the bottom.
    /// </summary>
    private static void AddSacrumBelow(List<CoreStats> chain, List<CoreStats> cores)
    {
        if (chain.Count < 2)
        {
            return;
        }

        double medianWidth = MedianWidth(chain);
        CoreStats lowest = chain[0];
        if (lowest.WidthMm > SacrumWidthRatio * medianWidth)
        {
            return;
        }

        CoreStats? sacrum = cores
            .Where(c => !chain.Contains(c) && c.WidthMm > SacrumWidthRatio * medianWidth
                && c.MinZ < lowest.MinZ && c.MaxZ >= lowest.MinZ - 30 && c.Centroid.Z < lowest.Centroid.Z
                && lowest.Centroid.X > c.MinX && lowest.Centroid.X < c.MaxX)
            .MaxBy(c => c.VolumeMm3);
        if (sacrum is not null)
        {
            chain.Insert(0, sacrum);
        }
    }

    private static double MedianWidth(List<CoreStats> chain)
    {
        double[] widths = chain.Skip(1).Select(c => c.WidthMm).Order().ToArray();
        return widths[widths.Length / 2];
    }

    /// <summary>
    /// VerSe ids for the chain, inferior to superior. The lowest core is the sacrum when it is much wider than the vertebral
    /// bodies (the sacral alae); the next is <paramref name="lowestId"/>, and each one above it the next level up.
    /// </summary>
    private static int[] NameChain(List<CoreStats> chain, int lowestId, bool lowestGiven, List<string> warnings)
    {
        bool sacrum = chain[0].WidthMm > SacrumWidthRatio * MedianWidth(chain);
        if (!sacrum && !lowestGiven)
        {
            throw InvalidInputException.Field(null, "levels", "the sacrum at the bottom of the scan to name the levels from, or --lowest NAME naming the lowest vertebra found", "no sacrum found");
        }

        var ids = new int[chain.Count];
        int first = 0;
        if (sacrum)
        {
            ids[0] = VertebraLevels.SacrumId;
            first = 1;
        }
        else
        {
            warnings.Add($"No sacrum found: the lowest vertebra found is named {VertebraLevels.NameOf(lowestId)} as --lowest says.");
        }

        for (int n = first; n < chain.Count; n++)
        {
            int id = lowestId - (n - first);
            ids[n] = id >= 1 ? id : 0;
            if (id < 1)
            {
                warnings.Add("A body above C1 was found and left unlabelled.");
            }
        }

        return ids;
    }

    private static byte[] Grow(short[] hu, bool[] bone, VolumeShape shape, VolumeGrid grid, int superiorAxis, int[] coreComponent, List<CoreStats> chain, int[] ids, double maxCostMm, CancellationToken cancel)
    {
        // Where each label may grow: a vertebra within a box about its core (wide enough for its processes, not for ribs or the
        // pelvis); the sacrum within its half-width of the spine and not far anterior (leaving the iliac and pubic bones out);
        // the top vertebra, when the spine goes on beyond the scan, not far above its core.
        var minX = new double[256];
        var maxX = new double[256];
        var minY = new double[256];
        var minZ = new double[256];
        var maxZ = new double[256];
        Array.Fill(minX, double.NegativeInfinity);
        Array.Fill(maxX, double.PositiveInfinity);
        Array.Fill(minY, double.NegativeInfinity);
        Array.Fill(minZ, double.NegativeInfinity);
        Array.Fill(maxZ, double.PositiveInfinity);
        int sacrumComponent = -1;
        for (int n = 0; n < chain.Count; n++)
        {
            int id = ids[n];
            if (id <= 0)
            {
                continue;
            }

            if (id == VertebraLevels.SacrumId)
            {
                if (chain.Count > 1)
                {
                    minX[id] = chain[1].Centroid.X - SacrumHalfWidthMm;
                    maxX[id] = chain[1].Centroid.X + SacrumHalfWidthMm;
                    minY[id] = chain[1].Centroid.Y - SacrumAnteriorReachMm;
                }

                sacrumComponent = chain[n].Component;
                continue;
            }

            CoreStats core = chain[n];
            minX[id] = core.Centroid.X - VertebraHalfWidthMm;
            maxX[id] = core.Centroid.X + VertebraHalfWidthMm;
            minZ[id] = core.MinZ - VertebraReachMm;
            maxZ[id] = core.MaxZ + (n == chain.Count - 1 && SpineGoesOnAbove(bone, shape, grid, superiorAxis, core) ? TopReachMm : VertebraReachMm);
        }

        var labels = new byte[hu.Length];
        var cost = new float[hu.Length];
        Array.Fill(cost, float.PositiveInfinity);
        var labelOfComponent = new Dictionary<int, byte>();
        for (int n = 0; n < chain.Count; n++)
        {
            if (ids[n] > 0)
            {
                labelOfComponent[chain[n].Component] = (byte)ids[n];
            }
        }

        var queue = new PriorityQueue<int, float>();
        var blocked = new bool[hu.Length];
        for (int n = 0; n < hu.Length; n++)
        {
            if (coreComponent[n] == 0 || !labelOfComponent.TryGetValue(coreComponent[n], out byte id))
            {
                continue;
            }

            (int i, int j, int k) = shape.Coordinates(n);
            if (!Allowed(id, grid.CtFromVoxel.Apply(new Vector3d(i, j, k))))
            {
                // The pelvis's share of the sacrum's core: no vertebra may grow through it.
                blocked[n] = coreComponent[n] == sacrumComponent;
                continue;
            }

            labels[n] = id;
            cost[n] = 0;
            queue.Enqueue(n, 0);
        }

        // The 26 neighbour offsets and their lengths in mm.
        var offsets = new List<(int Di, int Dj, int Dk, float LengthMm, bool Up)>();
        for (int dk = -1; dk <= 1; dk++)
        {
            for (int dj = -1; dj <= 1; dj++)
            {
                for (int di = -1; di <= 1; di++)
                {
                    if (di != 0 || dj != 0 || dk != 0)
                    {
                        double x = di * shape.SpacingMm.X, y = dj * shape.SpacingMm.Y, z = dk * shape.SpacingMm.Z;
                        // Growing upward (toward the patient's head) costs more: a vertebra's posterior elements hang down from
                        // its body over the next one's, and must not be reached from below.
                        // (The sacrum has nothing below it to take from: it grows up at the plain cost.)
                        bool up = grid.CtFromVoxel.ApplyToDirection(new Vector3d(di, dj, dk)).Z > 1e-6;
                        offsets.Add((di, dj, dk, (float)Math.Sqrt(x * x + y * y + z * z), up));
                    }
                }
            }
        }

        int popped = 0;
        while (queue.TryDequeue(out int n, out float c))
        {
            if (c > cost[n])
            {
                continue;
            }

            if ((++popped & 0xFFFF) == 0)
            {
                cancel.ThrowIfCancellationRequested();
            }

            (int i, int j, int k) = shape.Coordinates(n);
            float upwardCost = labels[n] == VertebraLevels.SacrumId ? 1f : (float)UpwardCost;
            foreach ((int di, int dj, int dk, float length, bool up) in offsets)
            {
                int a = i + di, b = j + dj, e = k + dk;
                if ((uint)a >= (uint)shape.SizeI || (uint)b >= (uint)shape.SizeJ || (uint)e >= (uint)shape.SizeK)
                {
                    continue;
                }

                int m = shape.Index(a, b, e);
                if (!bone[m] || blocked[m])
                {
                    continue;
                }

                float next = c + length * Weight(hu[m]) * (up ? upwardCost : 1f);
                if (next < cost[m] && next <= maxCostMm && Allowed(labels[n], grid.CtFromVoxel.Apply(new Vector3d(a, b, e))))
                {
                    cost[m] = next;
                    labels[m] = labels[n];
                    queue.Enqueue(m, next);
                }
            }
        }

        return labels;

        bool Allowed(byte label, Vector3d p) =>
            p.X >= minX[label] && p.X <= maxX[label] && p.Y >= minY[label] && p.Z >= minZ[label] && p.Z <= maxZ[label];
    }

    /// <summary>True when the scan's top slice holds bone within 30 mm (across) of the core's centroid: a vertebra the scan cuts off lies above.</summary>
    private static bool SpineGoesOnAbove(bool[] bone, VolumeShape shape, VolumeGrid grid, int superiorAxis, CoreStats core)
    {
        int last = shape.Size(superiorAxis) - 1;
        int top = grid.CtFromVoxel.ApplyToDirection(superiorAxis switch { 0 => Vector3d.UnitX, 1 => Vector3d.UnitY, _ => Vector3d.UnitZ }).Z > 0 ? last : 0;
        for (int n = 0; n < bone.Length; n++)
        {
            if (bone[n] && shape.Coordinate(n, superiorAxis) == top)
            {
                (int i, int j, int k) = shape.Coordinates(n);
                Vector3d d = grid.CtFromVoxel.Apply(new Vector3d(i, j, k)) - core.Centroid;
                if (d.X * d.X + d.Y * d.Y <= 30 * 30)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Path cost per mm through a voxel: 1 in dense bone (400 HU and above), up to 3 at the bone threshold, so fronts meet in joints and discs.</summary>
    private static float Weight(short hu) => 1f + 2f * Math.Clamp((400f - hu) / 260f, 0f, 1f);

    private static List<FoundLevel> Levels(LabelVolume labels, int superiorAxis, int[] ids, List<string> warnings)
    {
        List<FoundLevel> levels = LevelMeasurement.Levels(labels, ids, superiorAxis, out bool[] touchesEdge);
        foreach (FoundLevel level in levels)
        {
            if (touchesEdge[level.LabelId])
            {
                warnings.Add($"{level.Name} reaches the first or last slice: it may be only partly in the scan.");
            }
        }

        return levels;
    }

    private static IReadOnlyList<Vector3d> Canal(byte[] labels, VolumeShape shape, int superiorAxis, VolumeGrid grid)
    {
        var spine = new bool[labels.Length];
        for (int n = 0; n < labels.Length; n++)
        {
            spine[n] = labels[n] != 0;
        }

        var holes = new bool[labels.Length];
        Morphology.FillPlaneHoles(spine, shape, superiorAxis, 1000, holes);
        int slices = shape.Size(superiorAxis);
        var sum = new Vector3d[slices];
        var count = new int[slices];
        for (int n = 0; n < holes.Length; n++)
        {
            if (holes[n])
            {
                (int i, int j, int k) = shape.Coordinates(n);
                int s = shape.Coordinate(n, superiorAxis);
                sum[s] += grid.CtFromVoxel.Apply(new Vector3d(i, j, k));
                count[s]++;
            }
        }

        var centres = new List<Vector3d>();
        for (int s = 0; s < slices; s++)
        {
            if (count[s] > 0)
            {
                centres.Add(sum[s] / count[s]);
            }
        }

        centres.Sort((a, b) => a.Z.CompareTo(b.Z));
        return centres;
    }
}
