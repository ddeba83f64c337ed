using HwModel.Checker;
using HwModel.Energy;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Stats;

/// <summary>Builds a <see cref="RunReport"/> from a finished <see cref="MemorySystem"/>.</summary>
public static class ReportBuilder
{
    public static RunReport Build(MemorySystem sys, string workload, double wallSeconds, TimingChecker? checker = null)
    {
        sys.FinishAccounting();
        var cfg = sys.Config;
        var o = cfg.Org;
        long cycles = sys.Now;
        double ns = cycles * o.TckPs / 1000.0;
        var energyModel = new EnergyModel(cfg);
        var total = new EnergyBreakdown();
        var r = new RunReport
        {
            Config = cfg.Name, Standard = o.Standard.ToString(), Source = cfg.Source, Workload = workload,
            Cycles = cycles, TckPs = o.TckPs, SimulatedNs = ns,
            Reads = sys.CompletedReads, Writes = sys.CompletedWrites, Requests = sys.CompletedReads + sys.CompletedWrites,
            BytesRead = sys.BytesRead, BytesWritten = sys.BytesWritten,
            PeakBandwidthGBps = o.PeakBandwidthGBps,
            AvgReadLatencyCycles = sys.ReadLatency.Mean,
            AvgReadLatencyNs = sys.ReadLatency.Mean * o.TckPs / 1000.0,
            AvgWriteLatencyCycles = sys.WriteLatency.Mean,
            ReadLatencyPercentiles = new()
            {
                ["p50"] = sys.ReadLatency.Percentile(0.50), ["p90"] = sys.ReadLatency.Percentile(0.90),
                ["p95"] = sys.ReadLatency.Percentile(0.95), ["p99"] = sys.ReadLatency.Percentile(0.99),
                ["max"] = sys.ReadLatency.Max,
            },
            WallSeconds = wallSeconds,
        };
        foreach (var c in Enum.GetValues<Command>()) r.Commands[c.ToString()] = 0;
        long busBytes = 0;
        foreach (var pc in sys.Controllers)
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
        r.BandwidthGBps = ns > 0 ? busBytes / ns : 0;
        r.BandwidthPercentOfPeak = r.PeakBandwidthGBps > 0 ? 100.0 * r.BandwidthGBps / r.PeakBandwidthGBps : 0;
        long accesses = r.RowHits + r.RowMisses + r.RowConflicts;
        r.RowHitRate = accesses > 0 ? (double)r.RowHits / accesses : 0;
        r.Energy = EnergyReport.From(total, busBytes * 8, ns, cfg.Energy.Source);
        r.RequestsPerSecond = wallSeconds > 0 ? r.Requests / wallSeconds : 0;
        r.CyclesPerSecond = wallSeconds > 0 ? cycles / wallSeconds : 0;
        if (checker != null)
        {
            checker.Finish(cycles);
            r.Checker = new CheckerReport
            {
                CommandsChecked = checker.CommandsChecked, Violations = checker.ViolationCount,
                FirstViolations = checker.Violations.Take(20).Select(v => v.ToString()).ToList(),
            };
        }
        return r;
    }
}
