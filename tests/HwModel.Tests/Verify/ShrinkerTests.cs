using HwModel.Bridge.Verify;
using HwModel.Engine;
using HwModel.Spec;
using Xunit;

namespace HwModel.Tests.Verify;

/// <summary>The shrinker finds the commands a failure needs and no more.</summary>
public class ShrinkerTests
{
    private static VerifyCase Case(int n) => new(0, 1,
        Enumerable.Range(0, n).Select(i => new CommandRecord(10 * i, Command.ACT, 0, 0, 0, 0, i % 16, i, 0)).ToList(),
        null);

    [Theory]
    [InlineData(40, 3, 31)]
    [InlineData(200, 0, 199)]
    [InlineData(7, 5, 6)]
    public void A_failure_needing_two_commands_shrinks_to_those_two(int n, int a, int b)
    {
        CaseOutcome Run(VerifyCase c)
        {
            bool fails = c.Commands.Any(r => r.Cycle == 10 * a) && c.Commands.Any(r => r.Cycle == 10 * b);
            int at = c.Commands.ToList().FindIndex(r => r.Cycle == 10 * b);
            return fails ? new CaseOutcome(false, at, "x") : CaseOutcome.Pass;
        }
        var start = Case(n);
        var (shrunk, outcome, runs) = Shrinker.Shrink(start, Run(start), Run);
        Assert.Equal([10L * a, 10L * b], shrunk.Commands.Select(c => c.Cycle));
        Assert.False(outcome.Passed);
        Assert.Equal(1, outcome.FirstDivergence);
        Assert.InRange(runs, 1, 4 * n);
    }

    [Fact]
    public void The_budget_bounds_the_runs()
    {
        int calls = 0;
        CaseOutcome Run(VerifyCase c) { calls++; return new CaseOutcome(false, c.Commands.Count - 1, "always"); }
        var (_, _, runs) = Shrinker.Shrink(Case(100), new CaseOutcome(false, 99, "always"), Run, budget: 3);
        Assert.Equal(3, runs);
        Assert.Equal(3, calls);
    }
}
