using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Inference.Classical;

namespace ArSpine.Inference.Onnx;

/// <summary>
/// Resampling between a CT grid and a model grid on the same voxel axes: the model grid has the target spacing along i, j, k
/// and covers the same extent (voxel edges aligned at the grid's start), with <c>round(n · s / s′)</c> voxels per axis.
/// </summary>
internal static class Resampling
{
    /// <summary>The CT trilinearly resampled to <paramref name="spacingMm"/> and normalised (clip, subtract the mean, divide by the std).</summary>
    public static (float[] Values, VolumeShape Shape) ToSpacing(CtVolume ct, Vector3d spacingMm, Normalization normalization)
    {
        VolumeShape source = VolumeShape.Of(ct.Grid);
        VolumeShape target = TargetShape(source, spacingMm);
        var values = new float[target.Count];
        double ri = spacingMm.X / source.SpacingMm.X, rj = spacingMm.Y / source.SpacingMm.Y, rk = spacingMm.Z / source.SpacingMm.Z;
        float lo = (float)normalization.ClipMinHu, hi = (float)normalization.ClipMaxHu, mean = (float)normalization.Mean, std = (float)normalization.Std;
        Parallel.For(0, target.SizeK, k =>
        {
            double z = Math.Clamp((k + 0.5) * rk - 0.5, 0, source.SizeK - 1);
            int z0 = (int)z, z1 = Math.Min(z0 + 1, source.SizeK - 1);
            float fz = (float)(z - z0);
            for (int j = 0; j < target.SizeJ; j++)
            {
                double y = Math.Clamp((j + 0.5) * rj - 0.5, 0, source.SizeJ - 1);
                int y0 = (int)y, y1 = Math.Min(y0 + 1, source.SizeJ - 1);
                float fy = (float)(y - y0);
                for (int i = 0; i < target.SizeI; i++)
                {
                    double x = Math.Clamp((i + 0.5) * ri - 0.5, 0, source.SizeI - 1);
                    int x0 = (int)x, x1 = Math.Min(x0 + 1, source.SizeI - 1);
                    float fx = (float)(x - x0);
                    float c00 = Lerp(ct.Hu[source.Index(x0, y0, z0)], ct.Hu[source.Index(x1, y0, z0)], fx);
                    float c10 = Lerp(ct.Hu[source.Index(x0, y1, z0)], ct.Hu[source.Index(x1, y1, z0)], fx);
                    float c01 = Lerp(ct.Hu[source.Index(x0, y0, z1)], ct.Hu[source.Index(x1, y0, z1)], fx);
                    float c11 = Lerp(ct.Hu[source.Index(x0, y1, z1)], ct.Hu[source.Index(x1, y1, z1)], fx);
                    float hu = Lerp(Lerp(c00, c10, fy), Lerp(c01, c11, fy), fz);
                    values[target.Index(i, j, k)] = (Math.Clamp(hu, lo, hi) - mean) / std;
                }
            }
        });

        return (values, target);
    }

    /// <summary>Labels on the model grid brought back to the CT grid: each CT voxel takes the nearest model voxel's label.</summary>
    public static byte[] NearestBack(byte[] labels, VolumeShape model, VolumeGrid grid, Vector3d spacingMm)
    {
        VolumeShape source = VolumeShape.Of(grid);
        var result = new byte[source.Count];
        double ri = source.SpacingMm.X / spacingMm.X, rj = source.SpacingMm.Y / spacingMm.Y, rk = source.SpacingMm.Z / spacingMm.Z;
        for (int k = 0; k < source.SizeK; k++)
        {
            int mk = Math.Clamp((int)Math.Floor((k + 0.5) * rk), 0, model.SizeK - 1);
            for (int j = 0; j < source.SizeJ; j++)
            {
                int mj = Math.Clamp((int)Math.Floor((j + 0.5) * rj), 0, model.SizeJ - 1);
                for (int i = 0; i < source.SizeI; i++)
                {
                    int mi = Math.Clamp((int)Math.Floor((i + 0.5) * ri), 0, model.SizeI - 1);
                    result[source.Index(i, j, k)] = labels[model.Index(mi, mj, mk)];
                }
            }
        }

        return result;
    }

    /// <summary>The model grid's size for a source grid and a target spacing.</summary>
    public static VolumeShape TargetShape(VolumeShape source, Vector3d spacingMm) => new(
        Math.Max(1, (int)Math.Round(source.SizeI * source.SpacingMm.X / spacingMm.X)),
        Math.Max(1, (int)Math.Round(source.SizeJ * source.SpacingMm.Y / spacingMm.Y)),
        Math.Max(1, (int)Math.Round(source.SizeK * source.SpacingMm.Z / spacingMm.Z)),
        spacingMm);

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;
}
