using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.Inference.Classical;

/// <summary>The size of a voxel block and its spacing, with the flat-index helpers the classical steps share (i fastest, then j, then k).</summary>
internal readonly record struct VolumeShape(int SizeI, int SizeJ, int SizeK, Vector3d SpacingMm)
{
    public static VolumeShape Of(VolumeGrid grid) => new(grid.SizeI, grid.SizeJ, grid.SizeK, grid.SpacingMm);

    public int Count => SizeI * SizeJ * SizeK;

    public int Size(int axis) => axis switch { 0 => SizeI, 1 => SizeJ, _ => SizeK };

    public int Stride(int axis) => axis switch { 0 => 1, 1 => SizeI, _ => SizeI * SizeJ };

    public double Spacing(int axis) => SpacingMm[axis];

    public int Index(int i, int j, int k) => i + SizeI * (j + SizeJ * k);

    public (int I, int J, int K) Coordinates(int index) => (index % SizeI, index / SizeI % SizeJ, index / (SizeI * SizeJ));

    public int Coordinate(int index, int axis) => axis switch
    {
        0 => index % SizeI,
        1 => index / SizeI % SizeJ,
        _ => index / (SizeI * SizeJ),
    };
}
