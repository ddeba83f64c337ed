using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using HwModel.Config;
using HwModel.Engine;
using Xunit;

namespace HwModel.Tests.Engine;

/// <summary>
/// Idle refresh advanced in closed form (<see cref="MemorySystem.IdleSkip"/>) must give what stepping through the
/// idle stretch gives: every completion's cycles, the final cycle, every counter of every controller (refresh
/// commands included) and every command issued after the stretch.
/// </summary>
public class IdleSkipTests
{
    private sealed class After(long from) : ICommandObserver
    {
        public readonly List<CommandRecord> Commands = [];
        public void OnCommand(in CommandRecord r) { if (r.Cycle >= from) Commands.Add(r); }
    }

    private sealed record Outcome(long Cycles, List<string> Completions, string Counters, List<CommandRecord> Commands,
        long RoundsSkipped);

    private static Outcome Run(MemoryConfig cfg, (long Address, bool Write, int Size, long Cycle)[] ops, bool skip,
        long observeFrom)
    {
        var sys = new MemorySystem(cfg);
        var obs = new After(observeFrom);
        sys.ObserverTakesAnyOrder = true;
        sys.Observer = obs;
        sys.SkipWithObserver = true;
        sys.IdleSkip = skip;
        var completions = new List<string>();
        sys.OnComplete = (in Completion c, ReadOnlySpan<byte> _) =>
            completions.Add($"{c.Id} arrive {c.ArrivalCycle} accept {c.AcceptCycle} done {c.DoneCycle}");
        foreach (var (a, w, size, cycle) in ops) sys.Submit(a, w, size, cycle);
        sys.RunToCompletion();
        sys.FinishAccounting();
        var counters = string.Join("; ", sys.Controllers.Select(c =>
            $"{string.Join(",", c.Counters.Commands)} {c.Counters.RowHits}/{c.Counters.RowMisses}/" +
            $"{c.Counters.RowConflicts} {c.Counters.ActiveCycles}/{c.Counters.PrechargedCycles} {c.RefreshOwed}"));
        obs.Commands.Sort((x, y) => (x.Cycle, x.Channel, x.PseudoChannel).CompareTo((y.Cycle, y.Channel,
            y.PseudoChannel)));
        return new Outcome(sys.Now, completions, counters, obs.Commands, sys.IdleRoundsSkipped);
    }

    private static string? Difference(Outcome a, Outcome b)
    {
        if (a.Cycles != b.Cycles) return $"cycles {a.Cycles} vs {b.Cycles}";
        if (a.Completions.Count != b.Completions.Count)
            return $"{a.Completions.Count} vs {b.Completions.Count} completions";
        for (int i = 0; i < a.Completions.Count; i++)
            if (a.Completions[i] != b.Completions[i])
                return $"completion #{i}: {a.Completions[i]} vs {b.Completions[i]}";
        if (a.Counters != b.Counters) return $"counters differ:\n{a.Counters}\n{b.Counters}";
        if (a.Commands.Count != b.Commands.Count)
            return $"{a.Commands.Count} vs {b.Commands.Count} commands after the gap";
        for (int i = 0; i < a.Commands.Count; i++)
            if (!a.Commands[i].Equals(b.Commands[i]))
                return $"command #{i} after the gap: {a.Commands[i]} vs {b.Commands[i]}";
        return null;
    }

    /// <summary>A generated scenario with one to three idle gaps of 10^5 to 3 x 10^7 cycles put between its
    /// requests.</summary>
    public sealed record GapScenario(Scenario Base, (int At, int Gap)[] Gaps)
    {
        public override string ToString() =>
            "gaps " + string.Join(", ", Gaps.Select(g => $"+{g.Gap} before op {g.At}")) + $"; {Base}";
    }

    public static class GapGenerators
    {
        public static Arbitrary<GapScenario> Gaps() => Arb.From(
            from s in Generators.ScenarioGen()
            from g in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(
                from at in Gen.Choose(0, s.Ops.Length)
                from gap in Gen.Frequency((2, Gen.Choose(100_000, 1_000_000)), (1, Gen.Choose(1_000_000, 30_000_000)))
                select (at, gap), n))
            select new GapScenario(s, g));
    }

    private static (long, bool, int, long)[] Ops(GapScenario g, out long lastGapEnd)
    {
        long cycle = 0;
        lastGapEnd = 0;
        var ops = new List<(long, bool, int, long)>();
        for (int i = 0; i <= g.Base.Ops.Length; i++)
        {
            foreach (var (at, gap) in g.Gaps) if (at == i) { cycle += gap; lastGapEnd = cycle; }
            if (i == g.Base.Ops.Length) break;
            var o = g.Base.Ops[i];
            cycle += o.Gap;
            ops.Add((o.Address, o.Write, o.Size, cycle));
        }
        if (ops.Count == 0 || lastGapEnd > ops[^1].Item4) ops.Add((0, false, 32,
            lastGapEnd)); // a request after the last gap
        return [.. ops];
    }

    [HwProperty(Arbitrary = [typeof(GapGenerators)])]
    public Property SkippingIdleRefreshEqualsSteppingIt(GapScenario g)
    {
        var cfg = g.Base.Config();
        var ops = Ops(g, out long gapEnd);
        var on = Run(cfg, ops, true, gapEnd);
        var diff = Difference(Run(cfg, ops, false, gapEnd), on);
        return (diff == null).Label(diff ?? "").Classify(on.RoundsSkipped > 0, "skipped");
    }

    /// <summary>Every preset, with each refresh policy: a request after a long gap equals stepping, and rounds were
    /// skipped.</summary>
    [Theory]
    [MemberData(nameof(TestSystems.PresetData), MemberType = typeof(TestSystems))]
    public void EveryPresetSkipsAndMatchesStepping(string preset)
    {
        foreach (var refresh in new[] { RefreshKind.AllBank, RefreshKind.PerBank })
        {
            var cfg = Presets.Get(preset);
            cfg.Controller.Refresh = refresh;
            (long, bool, int, long)[] ops =
                [(0x1000, false, 64, 0), (0x5000, true, 64, 10), (0x9000, false, 64, 20_000_000), (0x1000, false, 64,
                    20_000_040)];
            var on = Run(cfg, ops, true, 20_000_000);
            Assert.Null(Difference(Run(cfg, ops, false, 20_000_000), on));
            Assert.True(on.RoundsSkipped > 0, $"{preset} {refresh}: no round skipped");
        }
    }

    /// <summary>One request at cycle 10^12 ends at once (stepping it would take hours).</summary>
    [Theory]
    [InlineData("hbm2-2000")]
    [InlineData("hbm3-6400")]
    [InlineData("hbm4-8000")]
    public void ARequestAtATrillionCyclesEndsAtOnce(string preset)
    {
        var sw = Stopwatch.StartNew();
        var sys = new MemorySystem(Presets.Get(preset));
        sys.Submit(0x40, false, 32, 1_000_000_000_000);
        sys.RunToCompletion();
        Assert.True(sys.Now >= 1_000_000_000_000 && sys.Now < 1_000_000_001_000, $"ended at {sys.Now}");
        Assert.Equal(1, sys.CompletedReads);
        long refreshes = sys.Controllers.Sum(c => c.Counters.Commands[(int)HwModel.Spec.Command.REFpb]
            + c.Counters.Commands[(int)HwModel.Spec.Command.REFab]);
        long expected = 1_000_000_000_000 / sys.Config.RefreshIntervalPerBankCycles * sys.Controllers.Length;
        Assert.InRange(refreshes, expected * 99 / 100, expected * 101 / 100);
        Assert.True(sw.Elapsed.TotalSeconds < 10, $"{sw.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>RunUntil across an idle stretch skips too and stops exactly at its cycle.</summary>
    [Fact]
    public void RunUntilSkipsAndEqualsStepping()
    {
        string Final(bool skip)
        {
            var sys = new MemorySystem(Presets.Get("hbm3-6400")) { IdleSkip = skip };
            sys.Submit(0x40, true, 32);
            sys.RunUntil(50_000_000);
            Assert.Equal(50_000_000, sys.Now);
            sys.Submit(0x40, false, 32);
            sys.RunToCompletion();
            return $"{sys.Now} " + string.Join(";", sys.Controllers.Select(c => string.Join(",", c.Counters.Commands)));
        }
        Assert.Equal(Final(false), Final(true));
    }
}
