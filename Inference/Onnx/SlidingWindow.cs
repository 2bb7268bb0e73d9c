using System.Numerics.Tensors;
using ArSpine.Inference.Classical;

namespace ArSpine.Inference.Onnx;

/// <summary>Sliding-window helpers: window starts, the Gaussian blending weights, patch copies (with mirroring) and the blend and argmax.</summary>
internal static class SlidingWindow
{
    /// <summary>Gaussian weights over a patch (σ = 1/8 of the patch along each axis), peak 1, floored at 10⁻³ so edges still count.</summary>
    public static float[] GaussianWeights(int pi, int pj, int pk)
    {
        var weights = new float[pi * pj * pk];
        double si = pi / 8.0, sj = pj / 8.0, sk = pk / 8.0;
        for (int k = 0; k < pk; k++)
        {
            for (int j = 0; j < pj; j++)
            {
                for (int i = 0; i < pi; i++)
                {
                    double di = (i - (pi - 1) / 2.0) / si, dj = (j - (pj - 1) / 2.0) / sj, dk = (k - (pk - 1) / 2.0) / sk;
                    weights[i + pi * (j + pj * k)] = (float)Math.Max(1e-3, Math.Exp(-0.5 * (di * di + dj * dj + dk * dk)));
                }
            }
        }

        return weights;
    }

    /// <summary>Pads a volume at its far ends to at least the patch size with <paramref name="fill"/>.</summary>
    public static (float[] Values, VolumeShape Shape) PadTo(float[] values, VolumeShape shape, int pi, int pj, int pk, float fill)
    {
        int si = Math.Max(shape.SizeI, pi), sj = Math.Max(shape.SizeJ, pj), sk = Math.Max(shape.SizeK, pk);
        if (si == shape.SizeI && sj == shape.SizeJ && sk == shape.SizeK)
        {
            return (values, shape);
        }

        var padded = new float[si * sj * sk];
        Array.Fill(padded, fill);
        for (int k = 0; k < shape.SizeK; k++)
        {
            for (int j = 0; j < shape.SizeJ; j++)
            {
                Array.Copy(values, shape.Index(0, j, k), padded, si * (j + sj * k), shape.SizeI);
            }
        }

        return (padded, new VolumeShape(si, sj, sk, shape.SpacingMm));
    }

    /// <summary>Window starts covering the volume: a step of (1 − overlap) of the patch, the last window flush with the far end.</summary>
    public static List<(int I, int J, int K)> Starts(VolumeShape shape, int pi, int pj, int pk, double overlap)
    {
        List<int> Axis(int length, int patch)
        {
            int step = Math.Max(1, (int)Math.Floor(patch * (1 - overlap)));
            var starts = new List<int>();
            for (int s = 0; ; s += step)
            {
                if (s + patch >= length)
                {
                    starts.Add(length - patch);
                    break;
                }

                starts.Add(s);
            }

            return starts;
        }

        var result = new List<(int, int, int)>();
        foreach (int k in Axis(shape.SizeK, pk))
        {
            foreach (int j in Axis(shape.SizeJ, pj))
            {
                foreach (int i in Axis(shape.SizeI, pi))
                {
                    result.Add((i, j, k));
                }
            }
        }

        return result;
    }

    /// <summary>Copies the patch at <paramref name="start"/> into <paramref name="patch"/>, mirrored along i, j, k where bits 0, 1, 2 of <paramref name="flip"/> are set.</summary>
    public static void CopyPatch(float[] volume, VolumeShape shape, (int I, int J, int K) start, int pi, int pj, int pk, int flip, float[] patch)
    {
        for (int k = 0; k < pk; k++)
        {
            int sk = (flip & 4) != 0 ? pk - 1 - k : k;
            for (int j = 0; j < pj; j++)
            {
                int sj = (flip & 2) != 0 ? pj - 1 - j : j;
                int from = shape.Index(start.I, start.J + sj, start.K + sk), to = pi * (j + pj * k);
                if ((flip & 1) == 0)
                {
                    Array.Copy(volume, from, patch, to, pi);
                }
                else
                {
                    for (int i = 0; i < pi; i++)
                    {
                        patch[to + i] = volume[from + pi - 1 - i];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Softmax across channels, in place, for each of <paramref name="voxels"/> voxels (channel-major layout), vectorised across
    /// voxels; <paramref name="scratch"/> holds 2 × voxels floats.
    /// </summary>
    public static void SoftmaxChannels(float[] values, int channels, int voxels, float[] scratch)
    {
        const int Chunk = 16384;
        Parallel.For(0, (voxels + Chunk - 1) / Chunk, chunk =>
        {
            int from = chunk * Chunk, count = Math.Min(Chunk, voxels - from);
            Span<float> max = scratch.AsSpan(from, count), total = scratch.AsSpan(voxels + from, count);
            values.AsSpan(from, count).CopyTo(max);
            for (int c = 1; c < channels; c++)
            {
                TensorPrimitives.Max(max, values.AsSpan(c * voxels + from, count), max);
            }

            total.Clear();
            for (int c = 0; c < channels; c++)
            {
                Span<float> channel = values.AsSpan(c * voxels + from, count);
                TensorPrimitives.Subtract(channel, max, channel);
                TensorPrimitives.Exp(channel, channel);
                TensorPrimitives.Add(total, channel, total);
            }

            for (int c = 0; c < channels; c++)
            {
                Span<float> channel = values.AsSpan(c * voxels + from, count);
                TensorPrimitives.Divide(channel, total, channel);
            }
        });
    }

    /// <summary>Adds a patch's channel values, weighted, into the running sums at the window (undoing the patch's mirroring). Rows run in parallel; unmirrored rows are vectorised.</summary>
    public static void AddPatch(float[] output, int channels, float[] weights, (int I, int J, int K) start, int pi, int pj, int pk, int flip, float[] sum, VolumeShape shape)
    {
        int patchVoxels = pi * pj * pk, voxels = shape.Count;
        Parallel.For(0, pk, k =>
        {
            int sk = (flip & 4) != 0 ? pk - 1 - k : k;
            for (int j = 0; j < pj; j++)
            {
                int sj = (flip & 2) != 0 ? pj - 1 - j : j;
                int p = pi * (j + pj * k), at = shape.Index(start.I, start.J + sj, start.K + sk), w = pi * (sj + pj * sk);
                for (int c = 0; c < channels; c++)
                {
                    Span<float> target = sum.AsSpan(c * voxels + at, pi);
                    ReadOnlySpan<float> values = output.AsSpan(c * patchVoxels + p, pi);
                    if ((flip & 1) == 0)
                    {
                        TensorPrimitives.MultiplyAdd(values, weights.AsSpan(w, pi), target, target);
                    }
                    else
                    {
                        for (int i = 0; i < pi; i++)
                        {
                            target[pi - 1 - i] += weights[w + pi - 1 - i] * values[i];
                        }
                    }
                }
            }
        });
    }

    /// <summary>The label id of the channel with the greatest blended value at each voxel of the unpadded volume.</summary>
    public static byte[] Argmax(float[] sum, int channels, VolumeShape padded, VolumeShape shape, IReadOnlyList<ModelLabel> labels)
    {
        var result = new byte[shape.Count];
        int voxels = padded.Count;
        for (int k = 0; k < shape.SizeK; k++)
        {
            for (int j = 0; j < shape.SizeJ; j++)
            {
                for (int i = 0; i < shape.SizeI; i++)
                {
                    int at = padded.Index(i, j, k);
                    int best = 0;
                    for (int c = 1; c < channels; c++)
                    {
                        best = sum[c * voxels + at] > sum[best * voxels + at] ? c : best;
                    }

                    result[shape.Index(i, j, k)] = (byte)labels[best].Id;
                }
            }
        }

        return result;
    }
}
