using HwModel.Bridge;
using HwModel.Bridge.Dut;
using HwModel.Bridge.Verify;
using HwModel.Config;
using Xunit;
using Xunit.Abstractions;

namespace HwModel.Tests.Verify;

/// <summary>Campaigns on real RTL: the project's pseudo-channel passes 10^4 cases; each seeded-bug copy under
/// testbenches/rtl is caught within 2,000 cases and shrunk to at most 10 commands, and its case replays alone.
/// </summary>
[Collection("rtl")]
public class SeededBugTests(ITestOutputHelper output)
{
    private static readonly MemoryConfig Cfg = Presets.Get("hbm3-6400");

    public static IEnumerable<object[]> Bugs => new[] { "wr-last-column-dropped", "rda-leaves-open",
        "stale-after-reopen", "read-in-flight-dropped" }.Select(b => new object[] { b });

    private static string Server(string folder, string top, params string[] includes)
    {
        var d = RtlDesign.Resolve([Path.Combine(Paths.Root, folder)], top,
            includes.Select(i => Path.Combine(Paths.Root, i)));
        return DesignBuild.EnsureBuilt(d, pim: false, TextWriter.Null).ServerPath;
    }

    [Fact]
    public void The_projects_own_pseudo_channel_passes_ten_thousand_cases()
    {
        RtlBuild.EnsureBuilt(TextWriter.Null);
        var r = Campaign.Run(Cfg, new CampaignOptions { Cases = 10_000, Seed = 1 });
        output.WriteLine($"{r.Cases} cases in {r.Seconds:F1} s ({r.CasesPerSecond:F0}/s), " +
            $"coverage {r.Coverage.Percent:F1} %");
        Assert.Equal(10_000, r.Passed);
        Assert.True(r.Illegal > 2000, $"{r.Illegal} illegal cases");
        Assert.True(r.Coverage.Percent > 80, $"{r.Coverage.Percent} %");
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public void A_seeded_bug_is_caught_shrunk_and_replayed(string bug)
    {
        var server = new RtlServerOptions { ServerPath = Server($"testbenches/rtl/{bug}", "hbm_pc", "rtl/src") };
        var o = new CampaignOptions { Cases = 2000, Seed = 1, Server = server, StopAfter = 1, ShrinkFailures = 1 };
        var r = Campaign.Run(Cfg, o);
        var f = Assert.Single(r.Failures);
        output.WriteLine($"{bug}: caught at case {f.Original.Index} ({r.Cases} cases), " +
            $"shrunk {f.Original.Commands.Count}" +
            $" -> {f.Shrunk.Commands.Count} in {f.ShrinkRuns} runs: {f.Outcome.Detail}");
        foreach (var l in f.Lines()) output.WriteLine("  " + l);
        Assert.InRange(f.Shrunk.Commands.Count, 1, 10);
        // the case replays alone and fails the same way
        var again = Campaign.Run(Cfg, o with { OnlyCase = f.Original.Index });
        Assert.Equal(1, again.Failed);
        Assert.Equal(f.Shrunk.Commands, again.Failures[0].Shrunk.Commands);
    }

    [Fact]
    public void A_design_with_other_ports_runs_through_the_wrapper_template()
    {
        var server = new RtlServerOptions
        {
            ServerPath = Server("testbenches/rtl/wrapper-template", "hbm_pc_adapter", "rtl/include", "rtl/src"),
        };
        var r = Campaign.Run(Cfg, new CampaignOptions { Cases = 500, Seed = 3, Server = server });
        Assert.Equal(500, r.Passed);
    }
}
