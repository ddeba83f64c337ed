namespace HwModel.Stats;

/// <summary>Exact latency histogram with one-cycle buckets up to a bound (larger values share an overflow bucket and
/// the exact maximum is kept).</summary>
public sealed class LatencyHistogram(int boundCycles = 1 << 16)
{
    private readonly long[] _buckets = new long[boundCycles + 1];
    public long Count { get; private set; }
    public long Sum { get; private set; }
    public long Max { get; private set; }
    private int _top; // highest bucket used: merging and percentiles stop there

    public void Add(long latency)
    {
        long b = latency < boundCycles ? latency : boundCycles;
        _buckets[b]++;
        if (b > _top) _top = (int)b;
        Count++;
        Sum += latency;
        if (latency > Max) Max = latency;
    }

    /// <summary>Adds every sample of <paramref name="other"/> (histograms of the same bound).</summary>
    public void Merge(LatencyHistogram other)
    {
        if (other._buckets.Length != _buckets.Length) throw new ArgumentException("histograms of different bounds");
        for (int i = 0; i <= other._top; i++) _buckets[i] += other._buckets[i];
        if (other._top > _top) _top = other._top;
        Count += other.Count;
        Sum += other.Sum;
        if (other.Max > Max) Max = other.Max;
    }

    /// <summary>The non-empty buckets in order: a latency and how many samples had it (the overflow bucket is
    /// reported at the maximum).</summary>
    public IEnumerable<(long Latency, long Count)> Buckets()
    {
        for (int i = 0; i <= _top; i++)
            if (_buckets[i] > 0) yield return (i == boundCycles ? Max : i, _buckets[i]);
    }

    public double Mean => Count == 0 ? 0 : (double)Sum / Count;

    /// <summary>The smallest latency L such that at least p of the samples are &lt;= L (p in 0..1).</summary>
    public long Percentile(double p)
    {
        if (Count == 0) return 0;
        long need = Math.Max(1, (long)Math.Ceiling(p * Count));
        long seen = 0;
        for (int i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= need) return i == boundCycles ? Max : i;
        }
        return Max;
    }
}
