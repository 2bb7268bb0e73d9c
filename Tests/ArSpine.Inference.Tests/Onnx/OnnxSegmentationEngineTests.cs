using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Inference.Onnx;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.Inference.Tests.Onnx;

/// <summary>The sliding-window engine on real ONNX models with known weights, against the same functions computed directly.</summary>
public sealed class OnnxSegmentationEngineTests(ITestOutputHelper output) : IDisposable
{
    private static readonly (int I, int J, int K) Patch = (16, 16, 16);
    private static readonly (int, int, string)[] ThreeLabels = [(0, 0, "background"), (1, 20, "L1"), (2, 30, "air")];
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A CT of 0 HU with a ball whose HU falls from 1500 at its centre by 100 HU/mm, and a ball of −800 HU.</summary>
    private static CtVolume Phantom(double spacingMm)
    {
        int si = (int)Math.Round(55 / spacingMm), sj = (int)Math.Round(43 / spacingMm), sk = (int)Math.Round(34 / spacingMm);
        var grid = VolumeGrid.Axial(si, sj, sk, new Vector3d(spacingMm, spacingMm, spacingMm), new Vector3d(-20, 10, 100));
        var hu = new short[grid.VoxelCount];
        Vector3d bright = grid.CtFromVoxel.Apply(new Vector3d(si * 0.35, sj * 0.5, sk * 0.5)), dark = grid.CtFromVoxel.Apply(new Vector3d(si * 0.75, sj * 0.45, sk * 0.55));
        for (int k = 0; k < sk; k++)
        {
            for (int j = 0; j < sj; j++)
            {
                for (int i = 0; i < si; i++)
                {
                    Vector3d p = grid.CtFromVoxel.Apply(new Vector3d(i, j, k));
                    double r = Vector3d.Distance(p, bright);
                    hu[grid.Index(i, j, k)] = (short)(r < 15 ? 1500 - 100 * r : Vector3d.Distance(p, dark) < 7 ? -800 : 0);
                }
            }
        }

        return new CtVolume(grid, hu);
    }

    /// <summary>The pointwise model's labels computed directly: argmax of (0, x − 0.5, −x − 0.5) with x = clip(HU, −1000, 2000) / 1000.</summary>
    private static byte Pointwise(short hu)
    {
        double x = Math.Clamp((int)hu, -1000, 2000) / 1000.0;
        return x - 0.5 > 0 && x - 0.5 > -x - 0.5 ? (byte)20 : -x - 0.5 > 0 ? (byte)30 : (byte)0;
    }

    private string Model(string kind, string output = "logits", (int, int, string)[]? labels = null, double overlap = 0.5, bool mirroring = false, double spacingMm = 1.5, int channels = 3)
    {
        string path = TestModels.Write(_folder.FolderPath, kind, Patch, channels);
        TestModels.WriteSidecar(path, spacingMm, Patch, output, labels ?? ThreeLabels, overlap, mirroring);
        return path;
    }

    [Theory]
    [InlineData("pointwise", "logits", false)]
    [InlineData("pointwise", "logits", true)]
    [InlineData("softmax", "probabilities", false)]
    public void Segment_PointwiseModel_StitchedLabelsEqualTheDirectFunctionEverywhere(string kind, string outputKind, bool mirroring)
    {
        CtVolume ct = Phantom(1.5);
        using var engine = new OnnxSegmentationEngine(Model(kind, outputKind, mirroring: mirroring));
        var reports = new List<double>();

        LabelVolume labels = engine.Segment(ct, new SynchronousProgress(reports.Add));

        int differing = 0;
        for (int n = 0; n < ct.Hu.Length; n++)
        {
            if (labels.Labels[n] != Pointwise(ct.Hu[n]) && differing++ < 10)
            {
                output.WriteLine($"voxel {n % ct.Grid.SizeI},{n / ct.Grid.SizeI % ct.Grid.SizeJ},{n / (ct.Grid.SizeI * ct.Grid.SizeJ)}: HU {ct.Hu[n]}, engine {labels.Labels[n]}, direct {Pointwise(ct.Hu[n])}");
            }
        }

        Assert.Equal(0, differing);
        Assert.Equal(["L1", "air"], labels.PresentLabels().Select(id => labels.Names[id]));
        Assert.Equal(1.0, reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second >= p.First), "Progress went backwards.");
        Assert.True(engine.LastSessionTime > TimeSpan.Zero);
    }

    [Fact]
    public void Segment_Mean3Model_StitchedLabelsMatchTheDirectConvolution()
    {
        CtVolume ct = Phantom(1.5);
        using var engine = new OnnxSegmentationEngine(Model("mean3", labels: [(0, 0, "background"), (1, 20, "L1")], channels: 2));

        LabelVolume labels = engine.Segment(ct);

        // Directly: the 27-voxel mean of x (zero beyond the volume, as the model's padding) above 0.5.
        VolumeGrid g = ct.Grid;
        int agree = 0;
        for (int k = 0; k < g.SizeK; k++)
        {
            for (int j = 0; j < g.SizeJ; j++)
            {
                for (int i = 0; i < g.SizeI; i++)
                {
                    double sum = 0;
                    for (int dk = -1; dk <= 1; dk++)
                    {
                        for (int dj = -1; dj <= 1; dj++)
                        {
                            for (int di = -1; di <= 1; di++)
                            {
                                sum += g.Contains(i + di, j + dj, k + dk) ? Math.Clamp((int)ct[i + di, j + dj, k + dk], -1000, 2000) / 1000.0 : 0;
                            }
                        }
                    }

                    byte expected = sum / 27 - 0.5 > 0 ? (byte)20 : (byte)0;
                    agree += labels[i, j, k] == expected ? 1 : 0;
                }
            }
        }

        double fraction = (double)agree / g.VoxelCount;
        output.WriteLine($"mean3: {fraction:P3} of {g.VoxelCount} voxels agree with the direct convolution");
        Assert.True(fraction >= 0.999, $"Only {fraction:P3} agree.");
    }

    [Fact]
    public void Segment_CtFinerThanTheModel_ResamplesThereAndBack()
    {
        CtVolume ct = Phantom(1.0);
        using var engine = new OnnxSegmentationEngine(Model("pointwise", spacingMm: 2.0));

        LabelVolume labels = engine.Segment(ct);

        long both = 0, found = 0, expected = 0;
        for (int n = 0; n < ct.Hu.Length; n++)
        {
            bool a = labels.Labels[n] == 20, b = Pointwise(ct.Hu[n]) == 20;
            both += a && b ? 1 : 0;
            found += a ? 1 : 0;
            expected += b ? 1 : 0;
        }

        double dice = 2.0 * both / (found + expected);
        output.WriteLine($"1 mm CT through a 2 mm model: Dice {dice:0.000} against the direct function on the CT grid");
        Assert.Equal(ct.Grid, labels.Grid);
        Assert.True(dice >= 0.9, $"Dice {dice:0.000}.");
    }

    [Fact]
    public void Segment_Cancelled_StopsWithOperationCanceled()
    {
        using var engine = new OnnxSegmentationEngine(Model("pointwise"));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => engine.Segment(Phantom(1.5), cancel: cancel.Token));
    }

    [Fact]
    public void Create_LabelTableShorterThanTheOutputChannels_IsRefusedBeforeAnyRun()
    {
        string model = Model("pointwise", labels: [(0, 0, "background"), (1, 20, "L1")]);

        var error = Assert.Throws<InvalidInputException>(() => new OnnxSegmentationEngine(model));

        Assert.Equal($"{model}: output 'y': expected [1, 2, K, J, I] float32: one channel per sidecar label. Was '[1, 3, 16, 16, 16] Float'.", error.Message);
    }

    [Fact]
    public void Create_Rank4Input_IsRefused()
    {
        string model = Model("rank4");

        var error = Assert.Throws<InvalidInputException>(() => new OnnxSegmentationEngine(model));

        Assert.Equal($"{model}: input 'x': expected [1, 1, K, J, I] float32 with the sidecar's patch size. Was '[1, 1, 16, 16] Float'.", error.Message);
    }

    [Fact]
    public void Create_MissingModel_NamesTheFile()
    {
        string model = _folder.PathOf("absent.onnx");

        var error = Assert.Throws<InvalidInputException>(() => new OnnxSegmentationEngine(model));

        Assert.Equal($"{model}: model: expected an existing ONNX model file. Was 'no such file'.", error.Message);
    }

    [Fact]
    public void Create_NotAnOnnxFile_IsRefusedAsAnInvalidModel()
    {
        string model = _folder.PathOf("garbage.onnx");
        File.WriteAllBytes(model, [1, 2, 3, 4, 5, 6, 7, 8]);
        TestModels.WriteSidecar(model, 1.5, Patch, "logits", ThreeLabels);

        var error = Assert.Throws<InvalidInputException>(() => new OnnxSegmentationEngine(model));

        Assert.StartsWith($"{model}: model: expected a valid ONNX model. Was '", error.Message);
    }

    public static TheoryData<string, string> BadSidecars => new()
    {
        { "{", "$: expected valid JSON." },
        { """{"format": "other"}""", "format: expected 'arspine.segmentation-model'. Was 'other'." },
        { """{"format": "arspine.segmentation-model", "spacingMm": [1, 1]}""", "spacingMm: expected 3 numbers (i, j, k). Was '2 numbers'." },
        { """{"format": "arspine.segmentation-model", "spacingMm": [1, 1, 1]}""", "patchSize: expected a JSON array. Was 'missing'." },
        { """{"format": "arspine.segmentation-model", "spacingMm": [1, 1, 1], "patchSize": [16, 16, 16], "normalization": {"clipMinHu": 0, "clipMaxHu": 1, "mean": 0, "std": 0}}""", "normalization: expected clipMaxHu above clipMinHu and a positive std. Was 'clip [0, 1], std 0'." },
        { """{"format": "arspine.segmentation-model", "spacingMm": [1, 1, 1], "patchSize": [16, 16, 16], "normalization": {"clipMinHu": 0, "clipMaxHu": 1, "mean": 0, "std": 1}, "output": "scores"}""", "output: expected 'logits' or 'probabilities'. Was 'scores'." },
        { """{"format": "arspine.segmentation-model", "spacingMm": [1, 1, 1], "patchSize": [16, 16, 16], "normalization": {"clipMinHu": 0, "clipMaxHu": 1, "mean": 0, "std": 1}, "output": "logits", "labels": [{"channel": 0, "id": 0, "name": "a"}, {"channel": 2, "id": 1, "name": "b"}]}""", "labels: expected channels 0 to 1, each once. Was '0, 2'." },
    };

    [Theory]
    [MemberData(nameof(BadSidecars))]
    public void Create_MalformedSidecar_NamesTheFieldExpectedAndFound(string json, string message)
    {
        string model = TestModels.Write(_folder.FolderPath, "pointwise", Patch);
        File.WriteAllText(model + ".json", json);

        var error = Assert.Throws<InvalidInputException>(() => new OnnxSegmentationEngine(model));

        Assert.StartsWith($"{model}.json: {message.Split(" Was")[0]}", error.Message);
        Assert.Contains(message.Contains(" Was", StringComparison.Ordinal) ? message[message.IndexOf(" Was", StringComparison.Ordinal)..] : message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
