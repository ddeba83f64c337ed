using FsCheck;
using FsCheck.Fluent;
using HwModel.Config;
using HwModel.Controller;
using HwModel.Controller.Scheduling;
using Xunit;

namespace HwModel.Tests.Controller;

/// <summary>The one-method scheduler contract: a scheduler written against it runs, is checked and is
/// deterministic.</summary>
public class SchedulerContractTests
{
    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property OldestFirstOnTheOneMethodContractSchedulesExactlyLikeTheBuiltInFcfs(Scenario s)
    {
        var fcfs = ScenarioRunner.Run(s with { Scheduler = SchedulerKind.FCFS, SchedulerName = "" },
            traceCommands: true);
        var simple = ScenarioRunner.Run(s with { SchedulerName = "OldestFirst" }, traceCommands: true);
        bool same = fcfs.CommandTrace == simple.CommandTrace && fcfs.Cycles == simple.Cycles
            && fcfs.Completed.Count == simple.Completed.Count
            && fcfs.Completed.All(kv => simple.Completed.TryGetValue(kv.Key, out var v) && v.Done == kv.Value.Done);
        return (same && simple.Violations == 0 && simple.Mismatches.Count == 0).ToProperty()
            .Label($"FCFS {fcfs.Cycles} cycles, OldestFirst {simple.Cycles}; {simple.Violations} violations, " +
                $"{simple.Mismatches.Count} data mismatches; first different command: " +
                FirstDifference(fcfs.CommandTrace, simple.CommandTrace));
    }

    private static string FirstDifference(string a, string b)
    {
        var x = a.Split('\n');
        var y = b.Split('\n');
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return $"line {i + 1}: '{x[i]}' vs '{y[i]}'";
        return x.Length == y.Length ? "none" : $"lengths {x.Length} and {y.Length}";
    }

    /// <summary>A team's own policy: serve the bank with the most queued row hits first, else the newest
    /// request.</summary>
    private sealed class NewestFirst : ISimpleScheduler
    {
        public int Choose(ISchedulerView view, long now)
        {
            int best = -1;
            long seq = long.MinValue;
            for (ulong m = view.PendingBanks; m != 0; m &= m - 1)
                for (int r = view.QueueHead(System.Numerics.BitOperations.TrailingZeroCount(m)); r >= 0;
                     r = view.NextInQueue(r))
                    if (view.Request(r).Seq > seq) { best = r; seq = view.Request(r).Seq; }
            return best;
        }
    }

    [Fact]
    public void ARegisteredSchedulerIsSelectedByNameCheckedAndDeterministic()
    {
        PolicyRegistry.RegisterScheduler("NewestFirst-test", () => new NewestFirst());
        var gen = Generators.ScenarioGen().Where(x => x.Ops.Length > 50);
        foreach (var s in gen.Sample(5, 8))
        {
            var a = ScenarioRunner.Run(s with { SchedulerName = "NewestFirst-test" }, traceCommands: true);
            var b = ScenarioRunner.Run(s with { SchedulerName = "NewestFirst-test" }, traceCommands: true);
            Assert.True(a.Violations == 0, a.FirstViolations);
            Assert.Empty(a.Mismatches);
            Assert.Equal(s.Ops.Length, a.Completed.Count);
            Assert.Equal(a.CommandTrace, b.CommandTrace);
        }
    }

    [Fact]
    public void AnUnknownSchedulerNameListsTheRegisteredOnes()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("hbm3-6400", ["controller.SchedulerName=LIFO"]));
        Assert.Equal("controller.SchedulerName", e.Field);
        Assert.Contains("FRFCFS, FCFS, OldestFirst", e.Message);
    }

    [Fact]
    public void EveryBuiltInPolicyIsCreatedByName()
    {
        foreach (var n in PolicyRegistry.BuiltInSchedulerNames)
            Assert.NotNull(PolicyRegistry.CreateScheduler(new ControllerParams { SchedulerName = n }));
        foreach (var p in Enum.GetValues<PagePolicyKind>())
            Assert.NotNull(PolicyRegistry.CreatePagePolicy(new ControllerParams { PagePolicy = p }));
        foreach (var r in Enum.GetValues<RefreshKind>())
        {
            var c = Presets.Get("hbm2-2000");
            c.Controller.Refresh = r;
            Assert.NotNull(PolicyRegistry.CreateRefresh(c));
        }
    }
}
