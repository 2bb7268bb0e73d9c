using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;

namespace ArSpine.App.Simulation;

/// <summary>
/// The tracked pointer of the simulated room: touching a point of the anatomy measures it in the Marker frame, with a seeded
/// isotropic fiducial localisation error of <see cref="FleMm"/> (RMS over the three axes, mm). Not thread-safe.
/// </summary>
public sealed class SimulatedPointer(RigidTransform trueMarkerFromCt, double fleMm = 0.5, int seed = 7)
{
    private SplitMix64 random = SplitMix64.ForStream(seed, 0x7061);

    /// <summary>The fiducial localisation error, RMS mm.</summary>
    public double FleMm { get; } = fleMm >= 0 ? fleMm : throw new ArgumentOutOfRangeException(nameof(fleMm), fleMm, "Expected a non-negative FLE in mm.");

    /// <summary>Touches <paramref name="pointCt"/> (Ct mm) and returns where the pointer's tip measured it, Marker mm.</summary>
    public Vector3d Touch(Vector3d pointCt)
    {
        double sigma = FleMm / Math.Sqrt(3);
        return trueMarkerFromCt.Apply(pointCt) + new Vector3d(random.NextGaussian(), random.NextGaussian(), random.NextGaussian()) * sigma;
    }
}
