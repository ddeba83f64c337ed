using HwModel.Util;

namespace HwModel.Traces;

/// <summary>Synthetic workloads. All are seeded and deterministic.</summary>
public enum Pattern
{
    /// <summary>Sequential reads over consecutive bursts.</summary>
    Stream,
    /// <summary>Uniformly random burst-aligned reads over the whole capacity.</summary>
    Random,
    /// <summary>Uniformly random, reads and writes mixed by <see cref="PatternGenerator.ReadFraction"/>.</summary>
    Mix,
    /// <summary>Reads with a fixed stride (default: one row, so every access of a bank is a row conflict).</summary>
    Strided,
}

/// <summary>Generates <see cref="Count"/> requests of one <see cref="Pattern"/>; all enter at cycle 0 (as fast as accepted).</summary>
public sealed class PatternGenerator : ITraceSource
{
    private readonly Pattern _pattern;
    private readonly long _capacity, _burst, _stride;
    private readonly int _size;
    private SplitMix64 _rng;
    private long _i, _next;

    public double ReadFraction { get; init; } = 2.0 / 3.0;
    public long Count { get; }
    public string Description => $"{_pattern.ToString().ToLowerInvariant()} x {Count}";

    /// <param name="strideBytes">For <see cref="Pattern.Strided"/>; must be a multiple of the burst size.</param>
    public PatternGenerator(Pattern pattern, long count, ulong seed, long capacityBytes, int burstBytes, long strideBytes = 0)
    {
        _pattern = pattern; Count = count; _rng = new SplitMix64(seed);
        _capacity = capacityBytes; _burst = burstBytes; _size = burstBytes;
        _stride = strideBytes > 0 ? strideBytes : burstBytes;
    }

    public bool TryRead(out TraceRecord r)
    {
        r = default;
        if (_i >= Count) return false;
        r.Size = _size;
        switch (_pattern)
        {
            // stepped, not multiplied, so a long run with a large stride cannot overflow
            case Pattern.Stream: r.Address = _next; _next = (_next + _burst) % _capacity; break;
            case Pattern.Strided: r.Address = _next; _next = (_next + _stride % _capacity) % _capacity; break;
            case Pattern.Random: r.Address = (long)_rng.Below((ulong)(_capacity / _burst)) * _burst; break;
            case Pattern.Mix:
                r.Address = (long)_rng.Below((ulong)(_capacity / _burst)) * _burst;
                r.IsWrite = _rng.NextDouble() >= ReadFraction;
                break;
        }
        _i++;
        return true;
    }

    public void Dispose() { }
}
