namespace HwModel.Util;

/// <summary>SplitMix64: a small, fast generator whose sequence depends only on the seed (stable across .NET versions).</summary>
public struct SplitMix64(ulong seed)
{
    private ulong _s = seed;

    public ulong Next()
    {
        ulong z = _s += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n).</summary>
    public ulong Below(ulong n) => (ulong)(((UInt128)Next() * n) >> 64);

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
