using FsCheck;
using FsCheck.Fluent;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Stats;
using HwModel.Traces;
using Xunit;

namespace HwModel.Tests.Engine;

/// <summary>
/// Channels on separate threads (<see cref="ChannelPartitionedRunner"/>) give one result for every thread count:
/// the whole report (cycles, counters, latencies, energy) of thread counts 1 to 4 is compared, with requests that
/// span channels, refresh, write data and idle gaps.
/// </summary>
public class ChannelPartitionedRunnerTests
{
    private sealed class Ops((long Address, bool Write, int Size, long Cycle)[] ops) : ITraceSource
    {
        private int _i;
        public string Description => "generated";
        public long Count => ops.Length;
        public bool TryRead(out TraceRecord r)
        {
            r = default;
            if (_i == ops.Length) return false;
            var (a, w, s, c) = ops[_i++];
            r.Address = a; r.IsWrite = w; r.Size = s; r.Cycle = c;
            return true;
        }
        public void Dispose() { }
    }

    private static string Report(MemoryConfig cfg, (long, bool, int, long)[] ops, int threads, bool check = false)
    {
        var checkers = check ? new HwModel.Checker.TimingChecker[cfg.Org.Channels] : null;
        var runner = new ChannelPartitionedRunner(cfg,
            ch => checkers == null ? null : checkers[ch] = new HwModel.Checker.TimingChecker(cfg) { OnlyChannel = ch });
        var result = runner.Run(new Ops(ops), threads);
        var r = ReportBuilder.Build(result, "generated", checkers);
        if (checkers != null) Assert.Equal(0, r.Checker!.Violations);
        r.WallSeconds = r.RequestsPerSecond = r.CyclesPerSecond = r.PeakResidentMB = 0;
        return r.ToJson();
    }

    private static (long, bool, int, long)[] OpsOf(Scenario s)
    {
        long cycle = 0;
        return [.. s.Ops.Select(o => { cycle += o.Gap; return (o.Address, o.Write, o.Size, cycle); })];
    }

    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property EveryThreadCountGivesTheSameReport(Scenario s)
    {
        var cfg = s.Config();
        var ops = OpsOf(s);
        string one = Report(cfg, ops, 1);
        for (int t = 2; t <= 4; t++)
        {
            string other = Report(cfg, ops, t);
            if (other != one) return false.Label($"{t} threads differ from one");
        }
        return true.ToProperty();
    }

    /// <summary>Every preset: a random 2:1 mix of 64-byte requests (many span two channels) on 1 to 4 threads,
    /// checked by the independent checker on one.</summary>
    [Theory]
    [MemberData(nameof(TestSystems.PresetData), MemberType = typeof(TestSystems))]
    public void EveryPresetIsIdenticalOnOneToFourThreads(string preset)
    {
        var cfg = Presets.Get(preset);
        if (cfg.Pim.Architecture != PimArchitecture.None) return;
        var gen = new PatternGenerator(Pattern.Mix, 4000, 5, cfg.Org.CapacityBytes, 64);
        var ops = new List<(long, bool, int, long)>();
        while (gen.TryRead(out var r)) ops.Add((r.Address, r.IsWrite, 64, r.Cycle + ops.Count / 8));
        string one = Report(cfg, [.. ops], 1, check: true);
        Assert.Contains("\"requests\": 4000", one);
        for (int t = 2; t <= 4; t++) Assert.Equal(one, Report(cfg, [.. ops], t, check: true));
    }

    /// <summary>A bad line stops the run early: the requests before it are simulated and reported.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ABadLineKeepsTheRequestsBeforeIt(int threads)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hw-{Guid.NewGuid():N}.trace");
        File.WriteAllText(path, string.Concat(Enumerable.Range(0, 5000).Select(i
            => $"{i} R 0x{i * 64:X}\n")) + "5000 X 0x0\n");
        try
        {
            var cfg = Presets.Get("hbm3-6400");
            var runner = new ChannelPartitionedRunner(cfg);
            var result = runner.Run(new TraceFileReader(path, TraceFormat.Native, 32), threads);
            Assert.NotNull(result.Error);
            Assert.Equal(5001, result.Error!.Line);
            Assert.Equal(5000, ReportBuilder.Build(result, "t").Requests);
        }
        finally { File.Delete(path); }
    }
}
