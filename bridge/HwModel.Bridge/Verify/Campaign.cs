using System.Diagnostics;
using HwModel.Config;

namespace HwModel.Bridge.Verify;

/// <summary>
/// A verification campaign: generated cases run on the RTL (one server, reset between cases) and compared with the
/// reference; failures shrunk. Case i of seed S is the same on every run and shard, so a failure replays alone
/// (<c>--seed S --case i</c>).
/// </summary>
public static class Campaign
{
    public static CampaignResult Run(MemoryConfig cfg, CampaignOptions o, Func<bool>? stop = null,
        Action<long, CampaignResult>? progress = null, double untilCoveragePercent = 0)
    {
        var result = new CampaignResult();
        using var runner = new CaseRunner(cfg, o.Server);
        var gen = new CaseGenerator(cfg, runner.StoredRows) { IllegalShare = o.IllegalShare };
        result.Coverage.Declare(cfg, gen.Commands);
        var sw = Stopwatch.StartNew();
        IEnumerable<long> indices = o.OnlyCase >= 0 ? [o.OnlyCase]
            : Range(o.ShardIndex, o.Cases, o.ShardCount);
        foreach (long i in indices)
        {
            if (stop?.Invoke() == true) { result.Interrupted = true; break; }
            var c = gen.Generate(o.Seed, i, o.MaxCommands);
            var t0 = sw.Elapsed.TotalSeconds;
            var outcome = runner.Run(c);
            result.Cases++;
            if (c.Fault != null) result.Illegal++;
            result.Coverage.Record(cfg, c);
            result.PerCase.Add((i, outcome.Passed, sw.Elapsed.TotalSeconds - t0, c.Fault));
            if (outcome.Passed) result.Passed++;
            else
            {
                result.Failed++;
                result.FailedCases.Add(i);
                if (result.Failures.Count < o.ShrinkFailures)
                {
                    var (shrunk, so, runs) = Shrinker.Shrink(c, outcome, runner.Run);
                    result.Failures.Add(new CampaignFailure(c, shrunk, so, runs));
                }
                if (o.StopAfter > 0 && result.Failed >= o.StopAfter) break;
            }
            progress?.Invoke(i, result);
            if (untilCoveragePercent > 0 && result.Coverage.Percent >= untilCoveragePercent) break;
        }
        result.Commands = runner.CommandsRun;
        result.Seconds = sw.Elapsed.TotalSeconds;
        return result;
    }

    /// <summary>The case indices of a shard: every N-th from its index (each case in exactly one shard).</summary>
    private static IEnumerable<long> Range(int shard, long cases, int count)
    {
        for (long i = shard; i < cases; i += count) yield return i;
    }

    /// <summary>Runs one case again with the RTL's waveform of its pseudo-channel around the first divergence.
    /// </summary>
    public static void Waveform(MemoryConfig cfg, CampaignFailure f, RtlServerOptions server, string vcd,
        long around = 50)
    {
        long at = f.Shrunk.Commands[Math.Max(0, f.Outcome.FirstDivergence)].Cycle;
        var o = new RtlServerOptions
        {
            ServerPath = server.ServerPath, UnixSocket = server.UnixSocket, VcdPath = vcd,
            VcdFromCycle = Math.Max(0, at - around), VcdToCycle = at + around,
            VcdPseudoChannel = cfg.Org.PseudoChannels > 0 ? f.Shrunk.Commands[0].PseudoChannel : 0,
        };
        using var r = new CaseRunner(cfg, o);
        r.Run(f.Shrunk);
    }
}
