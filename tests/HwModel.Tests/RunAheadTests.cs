using FsCheck;
using FsCheck.Fluent;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Traces;
using Xunit;

namespace HwModel.Tests;

/// <summary>
/// Controllers running ahead of the clock (<see cref="MemorySystem.RunAhead"/>) must not change anything: every
/// controller's command sequence, every transaction's acceptance and completion cycle, the order of the completion
/// callbacks, the final cycle and every counter are compared with the same run ticking every controller at the
/// clock.
/// </summary>
public class RunAheadTests
{
    /// <summary>Each controller's commands, in its own order (with run-ahead, controllers reach an observer out of
    /// time order with respect to each other, never within themselves).</summary>
    private sealed class PerController : ICommandObserver
    {
        public readonly Dictionary<(int Ch, int Pc), List<CommandRecord>> Commands = [];

        public void OnCommand(in CommandRecord r)
        {
            if (!Commands.TryGetValue((r.Channel, r.PseudoChannel), out var l)) Commands[(r.Channel, r.PseudoChannel)] = l = [];
            l.Add(r);
        }
    }

    private sealed record Outcome(long Cycles, List<string> Completions, string Counters, Dictionary<(int Ch, int Pc), List<CommandRecord>> Commands,
        long AheadTicks);

    private static Outcome Run(MemoryConfig cfg, IEnumerable<(long Address, bool Write, int Size, long Cycle)> ops, bool runAhead)
    {
        var sys = new MemorySystem(cfg);
        var obs = new PerController();
        // without run-ahead the commands also go through the independent checker (in time order); with it, each
        // controller's commands are compared with those
        var chk = runAhead ? null : new HwModel.Checker.TimingChecker(cfg);
        sys.ObserverTakesAnyOrder = true;
        sys.Observer = chk == null ? obs : new CommandFanOut(obs, chk);
        sys.RunAhead = runAhead;
        Assert.Equal(runAhead, sys.RunAhead);
        var completions = new List<string>();
        sys.OnComplete = (in Completion c, ReadOnlySpan<byte> _) =>
            completions.Add($"{c.Id} {(c.IsWrite ? "W" : "R")} arrive {c.ArrivalCycle} accept {c.AcceptCycle} done {c.DoneCycle}");
        foreach (var (a, w, size, cycle) in ops) sys.Submit(a, w, size, cycle);
        sys.RunToCompletion();
        sys.FinishAccounting();
        if (chk != null)
        {
            chk.Finish(sys.Now);
            Assert.True(chk.Violations.Count == 0, string.Join("; ", chk.Violations.Take(3)));
        }
        var counters = string.Join("; ", sys.Controllers.Select(c =>
            $"{string.Join(",", c.Counters.Commands)} {c.Counters.RowHits}/{c.Counters.RowMisses}/{c.Counters.RowConflicts} " +
            $"{c.Counters.ReadBursts}/{c.Counters.WriteBursts} {c.Counters.ActiveCycles}/{c.Counters.PrechargedCycles}"));
        return new Outcome(sys.Now, completions, counters, obs.Commands, sys.RunAheadTicks);
    }

    private static string? Difference(Outcome a, Outcome b)
    {
        if (a.Cycles != b.Cycles) return $"cycles {a.Cycles} vs {b.Cycles}";
        if (a.Completions.Count != b.Completions.Count) return $"{a.Completions.Count} vs {b.Completions.Count} completions";
        for (int i = 0; i < a.Completions.Count; i++)
            if (a.Completions[i] != b.Completions[i]) return $"completion #{i}: {a.Completions[i]} vs {b.Completions[i]}";
        if (a.Counters != b.Counters) return "counters differ";
        foreach (var (k, l) in a.Commands)
        {
            if (!b.Commands.TryGetValue(k, out var m)) return $"ch{k.Ch} pc{k.Pc}: no commands with run-ahead";
            if (l.Count != m.Count) return $"ch{k.Ch} pc{k.Pc}: {l.Count} vs {m.Count} commands";
            for (int i = 0; i < l.Count; i++)
                if (!l[i].Equals(m[i])) return $"ch{k.Ch} pc{k.Pc} command #{i}: {l[i]} vs {m[i]}";
        }
        return a.Commands.Count == b.Commands.Count ? null : "controllers with commands differ";
    }

    /// <summary>Generated scenarios (presets, schedulers, page and refresh policies, queue depths, a 16-burst front
    /// end, arrival gaps), each run with and without run-ahead.</summary>
    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property RunningAheadChangesNothing(Scenario s)
    {
        var cfg = s.Config();
        long cycle = 0;
        var ops = s.Ops.Select(o => { cycle += o.Gap; return (o.Address, o.Write, o.Size, cycle); }).ToArray();
        var on = Run(cfg, ops, true);
        var diff = Difference(Run(cfg, ops, false), on);
        return (diff == null).Label(diff ?? "").Classify(on.AheadTicks > 0, "ran ahead");
    }

    /// <summary>The benchmark's workloads (full 256-burst front end, queues full for most of the run), smaller.</summary>
    [Theory]
    [InlineData("hbm3-6400", "mix")]
    [InlineData("hbm3-6400", "random")]
    [InlineData("hbm3-6400", "stream")]
    [InlineData("hbm2-2000", "mix")]
    [InlineData("hbm2-2000-legacy", "mix")]
    [InlineData("hbm2e-3600", "strided")]
    public void RunningAheadChangesNothingOnTheBenchmarkWorkloads(string preset, string pattern)
    {
        var cfg = Presets.Get(preset);
        var kind = Enum.Parse<Pattern>(pattern, ignoreCase: true);
        long stride = kind == Pattern.Strided ? (long)cfg.Org.AccessBytes * cfg.Org.Columns * cfg.Org.Channels * cfg.Org.PseudoChannels : 0;
        var gen = new PatternGenerator(kind, 30_000, 7, cfg.Org.CapacityBytes, cfg.Org.AccessBytes, stride);
        var ops = new List<(long, bool, int, long)>();
        while (gen.TryRead(out var r)) ops.Add((r.Address, r.IsWrite, r.Size, r.Cycle));
        var off = Run(cfg, ops, false);
        var on = Run(cfg, ops, true);
        Assert.Null(Difference(off, on));
        Assert.Equal(30_000, on.Completions.Count);
        Assert.Equal(0, off.AheadTicks);
        if (pattern != "stream") Assert.True(on.AheadTicks > 10_000, $"only {on.AheadTicks} ticks ahead of the clock");
    }

    [Fact]
    public void AnObserverThatNeedsTimeOrderTurnsRunAheadOff()
    {
        var sys = new MemorySystem(Presets.Get("hbm3-6400"));
        sys.RunAhead = true;
        Assert.True(sys.RunAhead);
        sys.Observer = new HwModel.Checker.TimingChecker(sys.Config);
        Assert.False(sys.RunAhead);
        sys.RunAhead = true;
        Assert.False(sys.RunAhead);
    }
}
