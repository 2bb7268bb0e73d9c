namespace ArSpine.Core.Phantom;

/// <summary>
/// A small, fast pseudo-random generator (SplitMix64) whose sequence is fixed by its seed on every platform and .NET version,
/// so a phantom is bit-identical wherever it is generated. Not thread-safe: one instance per thread.
/// </summary>
public struct SplitMix64
{
    private ulong _state;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Starts the sequence of <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed)
    {
        _state = seed;
        _spareGaussian = 0;
        _hasSpare = false;
    }

    /// <summary>A generator for one stream of a seeded family, such as one slice of a phantom.</summary>
    public static SplitMix64 ForStream(int seed, int stream) => new(((ulong)(uint)seed << 32) ^ (ulong)(uint)stream ^ 0x9E3779B97F4A7C15UL);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal sample (mean 0, standard deviation 1), by the Box–Muller transform.</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = radius * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return radius * Math.Cos(2 * Math.PI * u2);
    }
}
