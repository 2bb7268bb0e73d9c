using System.Collections.Concurrent;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;

namespace ArSpine.Planning.Tests;

/// <summary>Small phantoms (128 × 128 voxels of 1.2 mm) generated once per process and shared by the tests.</summary>
internal static class PhantomCases
{
    private static readonly ConcurrentDictionary<(double, CurvePlane, int, double), PhantomCase> Cache = new();

    /// <summary>L1–L5 and the sacrum with a curve of <paramref name="curveDeg"/> in <paramref name="plane"/> and an axial rotation of the top level.</summary>
    public static PhantomCase Get(double curveDeg, CurvePlane plane, int seed = 1, double rotationDeg = 0) =>
        Cache.GetOrAdd((curveDeg, plane, seed, rotationDeg), key => LumbarSpinePhantom.Generate(new PhantomParameters
        {
            Seed = key.Item3,
            RotationDeg = key.Item4,
            SizeI = 128,
            SizeJ = 128,
            SpacingMm = new Vector3d(1.2, 1.2, 1.2),
            CurveDeg = key.Item1,
            CurvePlane = key.Item2,
            NoiseHu = 0,
        }));

    /// <summary>
    /// The bend of each level in the generator, degrees: the phantom stacks its elements from the bottom (the sacrum when L5
    /// is built) and tilts the n-th by n times CurveDeg / (elements − 1) (Core/Phantom/LumbarSpinePhantom.PlaceSpine).
    /// </summary>
    public static double BendDeg(PhantomParameters parameters, int labelId)
    {
        var bottomUp = parameters.LevelIds.Reverse().ToList();
        if (bottomUp[0] == VertebraLevels.IdOf("L5"))
        {
            bottomUp.Insert(0, VertebraLevels.SacrumId);
        }

        double step = bottomUp.Count > 1 ? parameters.CurveDeg / (bottomUp.Count - 1) : 0;
        return bottomUp.IndexOf(labelId) * step;
    }
}
