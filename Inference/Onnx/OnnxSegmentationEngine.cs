using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Inference.Classical;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ArSpine.Inference.Onnx;

/// <summary>How the engine runs.</summary>
/// <param name="Threads">ONNX Runtime intra-op threads; 0 lets it choose.</param>
public sealed record OnnxEngineOptions(int Threads = 0);

/// <summary>
/// Segments a CT with an ONNX model and its sidecar (<see cref="ModelSidecar"/>) on ONNX Runtime's CPU provider: resamples the
/// CT (trilinear) to the model's spacing on the CT's own voxel axes, normalises, runs a sliding window with the sidecar's
/// overlap and Gaussian weighting (optionally averaged over the 8 mirrorings), blends, takes the argmax, resamples back to the
/// CT grid (nearest) and keeps the largest 6-connected component of each label. The model and sidecar are checked against
/// each other when the engine is created, before any run. One pinned input buffer and one pre-allocated output are reused for
/// every patch. Not thread-safe: one run at a time per engine. Dispose to free the session.
/// </summary>
public sealed class OnnxSegmentationEngine : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    private readonly float[] _weights;
    private readonly float[] _softmaxScratch;

    /// <summary>Loads <paramref name="modelPath"/> and its sidecar (default: the model's path + ".json") and checks that they agree; throws an <see cref="InvalidInputException"/> otherwise.</summary>
    public OnnxSegmentationEngine(string modelPath, string? sidecarPath = null, OnnxEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        options ??= new OnnxEngineOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Threads);
        if (!File.Exists(modelPath))
        {
            throw InvalidInputException.Field(modelPath, "model", "an existing ONNX model file", "no such file");
        }

        Sidecar = ModelSidecar.Load(sidecarPath ?? ModelSidecar.PathFor(modelPath));
        var sessionOptions = new SessionOptions { IntraOpNumThreads = options.Threads, InterOpNumThreads = 1 };
        // ONNX Runtime's threads would otherwise spin after each Run and starve the blending that follows it.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            _session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw InvalidInputException.Field(modelPath, "model", "a valid ONNX model", e.Message.Split('\n')[0]);
        }
        finally
        {
            sessionOptions.Dispose();
        }

        (int pi, int pj, int pk) = Sidecar.PatchSize;
        long[] inputShape = [1, 1, pk, pj, pi];
        long[] outputShape = [1, Sidecar.Labels.Count, pk, pj, pi];
        try
        {
            (_inputName, _outputName) = CheckSignature(modelPath, inputShape, outputShape);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        _input = new float[pi * pj * pk];
        _output = new float[Sidecar.Labels.Count * _input.Length];
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, inputShape);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, outputShape);
        _weights = SlidingWindow.GaussianWeights(pi, pj, pk);
        _softmaxScratch = new float[2 * _input.Length];
    }

    /// <summary>The model's sidecar.</summary>
    public ModelSidecar Sidecar { get; }

    /// <summary>Time spent inside ONNX Runtime's Run during the last <see cref="Segment"/>, for overhead measurements.</summary>
    public TimeSpan LastSessionTime { get; private set; }

    /// <summary>
    /// Segments <paramref name="ct"/>: labels on the CT's own grid, named from the sidecar (channels with id 0 are background).
    /// Reports progress from 0 to 1; cancellation stops between patches (and asks ONNX Runtime to stop a patch in flight).
    /// </summary>
    public LabelVolume Segment(CtVolume ct, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ModelSidecar s = Sidecar;
        (float[] volume, VolumeShape shape) = Resampling.ToSpacing(ct, s.SpacingMm, s.Normalization);
        (int pi, int pj, int pk) = s.PatchSize;
        (float[] padded, VolumeShape paddedShape) = SlidingWindow.PadTo(volume, shape, pi, pj, pk, (float)((s.Normalization.ClipMinHu - s.Normalization.Mean) / s.Normalization.Std));
        int channels = s.Labels.Count, voxels = paddedShape.Count;
        var sum = new float[channels * voxels];
        List<(int I, int J, int K)> windows = SlidingWindow.Starts(paddedShape, pi, pj, pk, s.Overlap);
        int[] flips = s.Mirroring ? [0, 1, 2, 3, 4, 5, 6, 7] : [0];
        using var runOptions = new RunOptions();
        using CancellationTokenRegistration registration = cancel.Register(() => runOptions.Terminate = true);
        string[] inputNames = [_inputName], outputNames = [_outputName];
        OrtValue[] inputs = [_inputValue], outputs = [_outputValue];
        var clock = new System.Diagnostics.Stopwatch();
        for (int w = 0; w < windows.Count; w++)
        {
            cancel.ThrowIfCancellationRequested();
            foreach (int flip in flips)
            {
                SlidingWindow.CopyPatch(padded, paddedShape, windows[w], pi, pj, pk, flip, _input);
                clock.Start();
                try
                {
                    _session.Run(runOptions, inputNames, inputs, outputNames, outputs);
                }
                catch (OnnxRuntimeException) when (cancel.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancel);
                }

                clock.Stop();
                if (s.OutputIsLogits)
                {
                    SlidingWindow.SoftmaxChannels(_output, channels, _input.Length, _softmaxScratch);
                }

                SlidingWindow.AddPatch(_output, channels, _weights, windows[w], pi, pj, pk, flip, sum, paddedShape);
            }

            progress?.Report((w + 1.0) / windows.Count * 0.9);
        }

        LastSessionTime = clock.Elapsed;
        byte[] modelLabels = SlidingWindow.Argmax(sum, channels, paddedShape, shape, s.Labels);
        byte[] labels = Resampling.NearestBack(modelLabels, shape, ct.Grid, s.SpacingMm);
        KeepLargestComponents(labels, ct.Grid);
        progress?.Report(1);
        var names = s.Labels.Where(l => l.Id != 0).ToDictionary(l => l.Id, l => l.Name);
        return new LabelVolume(ct.Grid, labels, names);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _inputValue.Dispose();
        _outputValue.Dispose();
        _session.Dispose();
    }

    private (string Input, string Output) CheckSignature(string modelPath, long[] inputShape, long[] outputShape)
    {
        if (_session.InputMetadata.Count != 1)
        {
            throw InvalidInputException.Field(modelPath, "inputs", "one input tensor", $"{_session.InputMetadata.Count} inputs");
        }

        (string inputName, NodeMetadata input) = _session.InputMetadata.First();
        CheckShape(modelPath, $"input '{inputName}'", input, inputShape, "[1, 1, K, J, I] float32 with the sidecar's patch size");
        if (_session.OutputMetadata.Count < 1)
        {
            throw InvalidInputException.Field(modelPath, "outputs", "at least one output tensor", "none");
        }

        (string outputName, NodeMetadata output) = _session.OutputMetadata.First();
        CheckShape(modelPath, $"output '{outputName}'", output, outputShape, $"[1, {outputShape[1]}, K, J, I] float32: one channel per sidecar label");
        return (inputName, outputName);
    }

    private static void CheckShape(string modelPath, string field, NodeMetadata node, long[] expected, string description)
    {
        int[] dims = node.IsTensor ? node.Dimensions : [];
        bool ok = node.IsTensor && node.ElementDataType == TensorElementType.Float && dims.Length == expected.Length;
        for (int d = 0; ok && d < dims.Length; d++)
        {
            ok = dims[d] < 0 || dims[d] == expected[d];
        }

        if (!ok)
        {
            string found = node.IsTensor ? $"[{string.Join(", ", dims.Select(x => x < 0 ? "?" : x.ToString(System.Globalization.CultureInfo.InvariantCulture)))}] {node.ElementDataType}" : "not a tensor";
            throw InvalidInputException.Field(modelPath, field, description, found);
        }
    }

    /// <summary>Keeps each label's largest 6-connected component; the search runs on the label's bounding box only (a component never leaves it).</summary>
    private static void KeepLargestComponents(byte[] labels, VolumeGrid grid)
    {
        Span<bool> present = stackalloc bool[256];
        foreach (byte label in labels)
        {
            present[label] = true;
        }

        for (int id = 1; id < 256; id++)
        {
            if (!present[id] || LabelVolume.BoundingBox(grid, labels, id) is not var (i0, i1, j0, j1, k0, k1))
            {
                continue;
            }

            var box = new VolumeShape(i1 - i0 + 1, j1 - j0 + 1, k1 - k0 + 1, grid.SpacingMm);
            var mask = new bool[box.Count];
            for (int k = 0; k < box.SizeK; k++)
            {
                for (int j = 0; j < box.SizeJ; j++)
                {
                    int from = grid.Index(i0, j0 + j, k0 + k), to = box.Index(0, j, k);
                    for (int i = 0; i < box.SizeI; i++)
                    {
                        mask[to + i] = labels[from + i] == id;
                    }
                }
            }

            (int[] component, List<int> sizes) = Morphology.Components(mask, box);
            if (sizes.Count <= 2)
            {
                continue; // one component: nothing to drop
            }

            int largest = 1;
            for (int c = 2; c < sizes.Count; c++)
            {
                largest = sizes[c] > sizes[largest] ? c : largest;
            }

            for (int k = 0; k < box.SizeK; k++)
            {
                for (int j = 0; j < box.SizeJ; j++)
                {
                    int from = grid.Index(i0, j0 + j, k0 + k), to = box.Index(0, j, k);
                    for (int i = 0; i < box.SizeI; i++)
                    {
                        if (mask[to + i] && component[to + i] != largest)
                        {
                            labels[from + i] = 0;
                        }
                    }
                }
            }
        }
    }
}
