using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Stats;

/// <summary>Collects per-epoch figures of one channel's model from its commands and its completions.</summary>
/// <remarks>Bandwidth and row hits come from the command stream (a column command is a hit unless it is the first
/// since its bank's ACT, the controller's own rule), latency and occupancy from completions (a request adds its
/// accept..done overlap with each epoch). One recorder per channel and one for split requests, merged at the end,
/// so the figures do not depend on the thread count. Epochs are kept sparse: idle stretches cost nothing.</remarks>
public sealed class EpochRecorder : ICommandObserver
{
    private sealed class Epoch
    {
        public long ReadBursts, WriteBursts, Hits, Columns, Acts, Reads, Writes, InFlightCycles;
        public LatencyHistogram? ReadLatency;
    }

    private readonly long _len;
    private readonly SortedDictionary<long, Epoch> _epochs = [];
    private readonly int[] _sinceAct;
    private readonly int _banksPerPc;
    private long _lastIndex = -1;
    private Epoch? _last;

    public EpochRecorder(long epochCycles, Organisation org)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochCycles, 1);
        _len = epochCycles;
        _banksPerPc = org.StackIds * org.BankGroups * org.BanksPerGroup;
        _sinceAct = new int[org.PseudoChannels * _banksPerPc];
    }

    public long EpochCycles => _len;

    private Epoch At(long cycle)
    {
        long i = cycle / _len;
        if (i == _lastIndex) return _last!;
        if (!_epochs.TryGetValue(i, out var e)) _epochs[i] = e = new Epoch();
        _lastIndex = i;
        return _last = e;
    }

    public void OnCommand(in CommandRecord r)
    {
        // the record's bank is its flat index within the pseudo-channel (stack ID, bank group, bank)
        int b = r.PseudoChannel * _banksPerPc + r.Bank;
        if (CommandInfo.Opens(r.Command))
        {
            At(r.Cycle).Acts++;
            if ((uint)b < (uint)_sinceAct.Length) _sinceAct[b] = 0;
        }
        else if (r.Command is Command.RD or Command.RDA or Command.WR or Command.WRA)
        {
            var e = At(r.Cycle);
            e.Columns++;
            if (r.Command is Command.RD or Command.RDA) e.ReadBursts++; else e.WriteBursts++;
            if ((uint)b < (uint)_sinceAct.Length && _sinceAct[b]++ > 0) e.Hits++;
        }
    }

    /// <summary>A request accepted at <paramref name="accept"/> finished at <paramref name="done"/>.</summary>
    public void Completed(long accept, long done, bool isWrite)
    {
        var e = At(done);
        if (isWrite) e.Writes++;
        else
        {
            e.Reads++;
            (e.ReadLatency ??= new LatencyHistogram(4096)).Add(done - accept);
        }
        for (long i = accept / _len; i <= (done - 1) / _len && done > accept; i++)
        {
            long from = Math.Max(accept, i * _len), to = Math.Min(done, (i + 1) * _len);
            if (!_epochs.TryGetValue(i, out var o)) _epochs[i] = o = new Epoch();
            o.InFlightCycles += to - from;
        }
    }

    /// <summary>Adds every figure of <paramref name="other"/> (same epoch length).</summary>
    public void Merge(EpochRecorder other)
    {
        foreach (var (i, o) in other._epochs)
        {
            if (!_epochs.TryGetValue(i, out var e)) _epochs[i] = e = new Epoch();
            e.ReadBursts += o.ReadBursts; e.WriteBursts += o.WriteBursts; e.Hits += o.Hits;
            e.Columns += o.Columns; e.Acts += o.Acts; e.Reads += o.Reads; e.Writes += o.Writes;
            e.InFlightCycles += o.InFlightCycles;
            if (o.ReadLatency != null) (e.ReadLatency ??= new LatencyHistogram(4096)).Merge(o.ReadLatency);
        }
        _lastIndex = -1;
    }

    /// <summary>The epochs up to <paramref name="endCycle"/>, in order.</summary>
    public List<EpochStats> Build(long endCycle, double tckPs, int accessBytes)
    {
        var list = new List<EpochStats>(_epochs.Count);
        foreach (var (i, e) in _epochs)
        {
            long start = i * _len, end = Math.Max(start + 1, Math.Min((i + 1) * _len, Math.Max(endCycle, start + 1)));
            double ns = (end - start) * tckPs / 1000.0;
            var lat = e.ReadLatency;
            list.Add(new EpochStats
            {
                Epoch = i, StartCycle = start, EndCycle = end, ReadBursts = e.ReadBursts, WriteBursts = e.WriteBursts,
                BandwidthGBps = (e.ReadBursts + e.WriteBursts) * accessBytes / ns,
                RowHitRate = e.Columns > 0 ? (double)e.Hits / e.Columns : 0, Activates = e.Acts,
                ReadsCompleted = e.Reads, WritesCompleted = e.Writes,
                AvgReadLatencyCycles = lat?.Mean ?? 0, ReadLatencyP50 = lat?.Percentile(0.5) ?? 0,
                ReadLatencyP90 = lat?.Percentile(0.9) ?? 0, ReadLatencyP99 = lat?.Percentile(0.99) ?? 0,
                AvgInFlight = (double)e.InFlightCycles / (end - start),
            });
        }
        return list;
    }
}
