using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.Core.Phantom;

/// <summary>The plane in which the phantom's spine curves.</summary>
public enum CurvePlane
{
    /// <summary>Scoliosis-like: bends toward the patient's left going up for a positive angle.</summary>
    Coronal,

    /// <summary>Lordosis-like: discs open anteriorly for a positive angle.</summary>
    Sagittal,
}

/// <summary>Everything that determines a synthetic lumbar spine CT; the same parameters always give the same bytes.</summary>
public sealed record PhantomParameters
{
    /// <summary>Seed of the scanner noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Lumbar levels to build, superior to inferior, as VerSe ids (default L1–L5). The sacrum is added when L5 is included.</summary>
    public IReadOnlyList<int> LevelIds { get; init; } = VertebraLevels.ParseRange("L1-L5");

    /// <summary>Voxel spacing along i, j, k, mm.</summary>
    public Vector3d SpacingMm { get; init; } = new(0.8, 0.8, 1.0);

    /// <summary>Voxels along i (left–right).</summary>
    public int SizeI { get; init; } = 256;

    /// <summary>Voxels along j (anterior–posterior).</summary>
    public int SizeJ { get; init; } = 256;

    /// <summary>Slices; 0 chooses enough to hold the levels with a margin.</summary>
    public int SizeK { get; init; }

    /// <summary>Total curve across the lumbar levels, degrees, shared equally between the discs.</summary>
    public double CurveDeg { get; init; }

    /// <summary>The plane of <see cref="CurveDeg"/>.</summary>
    public CurvePlane CurvePlane { get; init; } = CurvePlane.Coronal;

    /// <summary>Axial rotation of the top level, degrees, growing linearly from 0 at the bottom of the phantom (positive turns the anterior body toward the patient's left).</summary>
    public double RotationDeg { get; init; }

    /// <summary>Isthmus width of every pedicle, mm; null gives each level its typical width (L1 8 mm to L5 15 mm).</summary>
    public double? PedicleWidthMm { get; init; }

    /// <summary>Standard deviation of the scanner noise, HU.</summary>
    public double NoiseHu { get; init; } = 12;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        if (LevelIds.Count == 0 || LevelIds.Any(id => id < VertebraLevels.IdOf("L1") || id > VertebraLevels.IdOf("L5")))
        {
            throw new ArgumentException($"Expected lumbar levels within L1-L5. Was {string.Join(",", LevelIds.Select(VertebraLevels.NameOf))}.");
        }

        for (int i = 1; i < LevelIds.Count; i++)
        {
            if (LevelIds[i] != LevelIds[i - 1] + 1)
            {
                throw new ArgumentException("Expected consecutive levels from superior to inferior, such as L2-L4.");
            }
        }

        if (!(SpacingMm.X is > 0.2 and <= 3) || !(SpacingMm.Y is > 0.2 and <= 3) || !(SpacingMm.Z is > 0.2 and <= 5))
        {
            throw new ArgumentException($"Expected a spacing of 0.2–3 mm in-plane and 0.2–5 mm between slices. Was {SpacingMm}.");
        }

        if (SizeI is < 32 or > 1024 || SizeJ is < 32 or > 1024 || SizeK is < 0 or > 2048)
        {
            throw new ArgumentException($"Expected a size of 32–1024 voxels in-plane and 0 (automatic) to 2048 slices. Was {SizeI},{SizeJ},{SizeK}.");
        }

        if (!(Math.Abs(CurveDeg) <= 60) || !(Math.Abs(RotationDeg) <= 45))
        {
            throw new ArgumentException($"Expected a curve within ±60° and a rotation within ±45°. Was {CurveDeg}° and {RotationDeg}°.");
        }

        if (PedicleWidthMm is double w && !(w is >= 4 and <= 20))
        {
            throw new ArgumentException($"Expected a pedicle width of 4–20 mm. Was {w} mm.");
        }

        if (!(NoiseHu is >= 0 and <= 200))
        {
            throw new ArgumentException($"Expected noise of 0–200 HU. Was {NoiseHu}.");
        }
    }
}
