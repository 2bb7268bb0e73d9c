using ArSpine.Core.Geometry;

namespace ArSpine.Core.Volumes;

/// <summary>A separable Gaussian blur of a float volume in place, with the sigma given in mm and converted per axis. Edges clamp.</summary>
public static class GaussianBlur
{
    /// <summary>Blurs <paramref name="values"/> (laid out on <paramref name="grid"/>) with a Gaussian of <paramref name="sigmaMm"/>.</summary>
    public static void Apply(float[] values, VolumeGrid grid, double sigmaMm) =>
        Apply(values, grid.SizeI, grid.SizeJ, grid.SizeK, grid.SpacingMm, sigmaMm);

    /// <summary>Blurs a block of <paramref name="sizeI"/> x <paramref name="sizeJ"/> x <paramref name="sizeK"/> values (i fastest) with voxel spacing <paramref name="spacingMm"/>.</summary>
    public static void Apply(float[] values, int sizeI, int sizeJ, int sizeK, Vector3d spacingMm, double sigmaMm)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, sizeI * sizeJ * sizeK);
        int[] sizes = { sizeI, sizeJ, sizeK };
        int[] strides = { 1, sizeI, sizeI * sizeJ };
        double[] spacing = { spacingMm.X, spacingMm.Y, spacingMm.Z };
        for (int axis = 0; axis < 3; axis++)
        {
            float[] kernel = Kernel(sigmaMm / spacing[axis]);
            if (kernel.Length > 1)
            {
                BlurAxis(values, sizes, strides, axis, kernel);
            }
        }
    }

    private static float[] Kernel(double sigmaVoxels)
    {
        if (sigmaVoxels < 0.2)
        {
            return new float[] { 1 };
        }

        int radius = (int)Math.Ceiling(3 * sigmaVoxels);
        var kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int t = -radius; t <= radius; t++)
        {
            sum += kernel[t + radius] = (float)Math.Exp(-0.5 * t * t / (sigmaVoxels * sigmaVoxels));
        }

        for (int t = 0; t < kernel.Length; t++)
        {
            kernel[t] = (float)(kernel[t] / sum);
        }

        return kernel;
    }

    private static void BlurAxis(float[] values, int[] sizes, int[] strides, int axis, float[] kernel)
    {
        int length = sizes[axis], stride = strides[axis], radius = kernel.Length / 2;
        int other1 = (axis + 1) % 3, other2 = (axis + 2) % 3;
        Parallel.For(0, sizes[other2], () => new float[length], (b, _, line) =>
        {
            for (int a = 0; a < sizes[other1]; a++)
            {
                int start = a * strides[other1] + b * strides[other2];
                for (int t = 0; t < length; t++)
                {
                    line[t] = values[start + t * stride];
                }

                for (int t = 0; t < length; t++)
                {
                    float sum = 0;
                    for (int r = -radius; r <= radius; r++)
                    {
                        sum += kernel[r + radius] * line[Math.Clamp(t + r, 0, length - 1)];
                    }

                    values[start + t * stride] = sum;
                }
            }

            return line;
        }, _ => { });
    }
}
