using HwModel.Checker;
using HwModel.Energy;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Stats;

/// <summary>Builds a <see cref="RunReport"/> from a finished <see cref="MemorySystem"/>, or from the channels of a
/// <see cref="ChannelPartitionedRunner"/>.</summary>
public static class ReportBuilder
{
    public static RunReport Build(MemorySystem sys, string workload, double wallSeconds, TimingChecker? checker = null)
    {
        sys.FinishAccounting();
        return Build([sys], sys.Now, null, workload, wallSeconds, checker == null ? null : [checker]);
    }

    /// <summary>The report of a partitioned run: every channel's model, finished at <see
    /// cref="ChannelPartitionedRunner.Result.EndCycle"/>.</summary>
    public static RunReport Build(ChannelPartitionedRunner.Result run, string workload,
        IReadOnlyList<TimingChecker>? checkers = null) =>
        Build(run.Systems, run.EndCycle, run.Split, workload, run.WallSeconds, checkers);

    /// <summary>The read latencies of a whole run, merged over channels and split requests.</summary>
    public static LatencyHistogram ReadLatency(ChannelPartitionedRunner.Result run)
    {
        var h = new LatencyHistogram();
        foreach (var s in run.Systems) h.Merge(s.ReadLatency);
        if (run.Split != null) h.Merge(run.Split.ReadLatency);
        return h;
    }

    private static RunReport Build(IReadOnlyList<MemorySystem> systems, long cycles,
        ChannelPartitionedRunner.SplitTotals? split,
        string workload, double wallSeconds, IReadOnlyList<TimingChecker>? checkers)
    {
        var cfg = systems[0].Config;
        var o = cfg.Org;
        var readLat = new LatencyHistogram();
        var writeLat = new LatencyHistogram();
        long reads = 0, writes = 0, bytesRead = 0, bytesWritten = 0;
        foreach (var s in systems)
        {
            readLat.Merge(s.ReadLatency); writeLat.Merge(s.WriteLatency);
            reads += s.CompletedReads;
            writes += s.CompletedWrites;
            bytesRead += s.BytesRead;
            bytesWritten += s.BytesWritten;
        }
        if (split != null)
        {
            readLat.Merge(split.ReadLatency); writeLat.Merge(split.WriteLatency);
            reads += split.Reads;
            writes += split.Writes;
            bytesRead += split.BytesRead;
            bytesWritten += split.BytesWritten;
        }
        double ns = cycles * o.TckPs / 1000.0;
        var energyModel = new EnergyModel(cfg);
        var total = new EnergyBreakdown();
        var r = new RunReport
        {
            Config = cfg.Name, Standard = o.Standard.ToString(), Source = cfg.Source, Workload = workload,
            Cycles = cycles, TckPs = o.TckPs, SimulatedNs = ns,
            Reads = reads, Writes = writes, Requests = reads + writes,
            BytesRead = bytesRead, BytesWritten = bytesWritten,
            PeakBandwidthGBps = o.PeakBandwidthGBps,
            AvgReadLatencyCycles = readLat.Mean,
            AvgReadLatencyNs = readLat.Mean * o.TckPs / 1000.0,
            AvgWriteLatencyCycles = writeLat.Mean,
            ReadLatencyPercentiles = new()
            {
                ["p50"] = readLat.Percentile(0.50), ["p90"] = readLat.Percentile(0.90),
                ["p95"] = readLat.Percentile(0.95), ["p99"] = readLat.Percentile(0.99),
                ["max"] = readLat.Max,
            },
            WallSeconds = wallSeconds,
            PeakResidentMB = ProcessMemory.PeakResidentMB(),
        };
        foreach (var c in Enum.GetValues<Command>()) r.Commands[c.ToString()] = 0;
        long busBytes = 0;
        foreach (var pc in systems.SelectMany(s => s.Controllers))
        {
            var k = pc.Counters;
            var e = energyModel.For(k);
            total.Add(e);
            long bytes = (k.ReadBursts + k.WriteBursts) * o.AccessBytes;
            busBytes += bytes;
            r.RowHits += k.RowHits; r.RowMisses += k.RowMisses; r.RowConflicts += k.RowConflicts;
            var ch = new ChannelReport
            {
                Channel = pc.Channel, PseudoChannel = pc.PcIndex, ReadBursts = k.ReadBursts, WriteBursts = k.WriteBursts,
                BandwidthGBps = ns > 0 ? bytes / ns : 0, RowHits = k.RowHits, RowMisses = k.RowMisses, RowConflicts = k.RowConflicts,
                EnergyPj = e.TotalPj,
            };
            foreach (var c in Enum.GetValues<Command>())
            {
                ch.Commands[c.ToString()] = k.Commands[(int)c];
                r.Commands[c.ToString()] += k.Commands[(int)c];
            }
            r.Channels.Add(ch);
        }
        if (systems[0].Epochs is { } first)
        {
            var all = new EpochRecorder(first.EpochCycles, o);
            foreach (var s in systems) all.Merge(s.Epochs!);
            if (split?.Epochs is { } se) all.Merge(se);
            r.EpochCycles = first.EpochCycles;
            r.Epochs = all.Build(cycles, o.TckPs, o.AccessBytes);
        }
        r.BandwidthGBps = ns > 0 ? busBytes / ns : 0;
        r.BandwidthPercentOfPeak = r.PeakBandwidthGBps > 0 ? 100.0 * r.BandwidthGBps / r.PeakBandwidthGBps : 0;
        long accesses = r.RowHits + r.RowMisses + r.RowConflicts;
        r.RowHitRate = accesses > 0 ? (double)r.RowHits / accesses : 0;
        r.Energy = EnergyReport.From(total, busBytes * 8, ns, cfg.Energy.Source);
        r.RequestsPerSecond = wallSeconds > 0 ? r.Requests / wallSeconds : 0;
        r.CyclesPerSecond = wallSeconds > 0 ? cycles / wallSeconds : 0;
        if (checkers != null)
        {
            foreach (var checker in checkers) checker.Finish(cycles);
            r.Checker = new CheckerReport
            {
                CommandsChecked = checkers.Sum(c => c.CommandsChecked), Violations = checkers.Sum(c
                    => c.ViolationCount),
                FirstViolations = [.. checkers.SelectMany(c => c.Violations).OrderBy(v => v.Command.Cycle).ThenBy(v
                    => v.Command.Channel).Take(20).Select(v => v.ToString())],
            };
        }
        return r;
    }
}
