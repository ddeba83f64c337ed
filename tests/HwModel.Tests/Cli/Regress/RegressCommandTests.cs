using System.Text.Json.Nodes;
using Xunit;

namespace HwModel.Tests.Cli.Regress;

/// <summary>End-to-end tests of <c>hwmodel regress</c> and <c>regress merge</c> on a small suite of its own.
/// </summary>
public class RegressCommandTests
{
    private const string Suite = """
        suite = "mini"
        [defaults]
        tags = ["mini"]
        [[scenario]]
        name = "random"
        config = "hbm3-6400"
        workload = { kind = "pattern", pattern = "random", requests = 2000 }
        checks = ["bandwidthPercentOfPeak > 0"]
        [[scenario]]
        name = "stream"
        tags = ["fast"]
        config = "hbm2-2000"
        workload = { kind = "pattern", pattern = "stream", requests = 2000 }
        [[scenario]]
        name = "gemv"
        config = "hbm2-2000-pim"
        workload = { kind = "pim", kernel = "gemv", m = 128, n = 128 }
        [[scenario]]
        name = "trace"
        config = "hbm3-6400"
        workload = { kind = "trace", file = "t.trace" }
        [[scenario]]
        name = "mix"
        config = "hbm4-8000"
        workload = { kind = "pattern", pattern = "mix", requests = 1500 }
        """;

    private static string Dir()
    {
        var d = Path.GetDirectoryName(Paths.Temp("mini.toml", Suite))!;
        File.Copy(Paths.Testbench("traces", "sample.dramsim3.trace"), Path.Combine(d, "t.trace"));
        return d;
    }

    private static JsonArray Scenarios(string summary) =>
        JsonNode.Parse(File.ReadAllText(summary))!["scenarios"]!.AsArray();

    /// <summary>A summary's scenarios without their wall times: what must not depend on how the run was split.
    /// </summary>
    private static string Canonical(string summary)
    {
        var a = Scenarios(summary);
        foreach (var s in a) s!.AsObject().Remove("wallSeconds");
        return a.ToJsonString();
    }

    [Fact]
    public void Goldens_are_recorded_then_hold_and_a_changed_timing_value_is_caught_with_seed_and_replay()
    {
        var d = Dir();
        var first = CliTests.HwIn(d, "regress", "mini.toml", "--out", "o1");
        Assert.Equal(1, first.Code);
        Assert.Contains("no golden for mini/random", first.Out);
        var upd = CliTests.HwIn(d, "regress", "mini.toml", "--update-golden", "--out", "o2");
        Assert.True(upd.Code == 0, upd.Out + upd.Err);
        Assert.Contains("golden changes", upd.Out);
        Assert.True(File.Exists(Path.Combine(d, "golden", "mini.json")));
        var again = CliTests.HwIn(d, "regress", "mini.toml", "--out", "o3", "--jobs", "1");
        Assert.True(again.Code == 0, again.Out + again.Err);
        Assert.Contains("5 passed, 0 failed, 0 errors, 0 skipped", again.Out);
        Assert.Equal(Canonical(Path.Combine(d, "o2", "summary.json")).Replace("\"updated\"", "\"compared\""),
            Canonical(Path.Combine(d, "o3", "summary.json")));

        // one timing value changed in the configuration: the goldens catch it
        File.WriteAllText(Path.Combine(d, "mini.toml"),
            Suite.Replace("name = \"random\"\n", "name = \"random\"\nset = [\"timing.nRCDRD=20\"]\n"));
        var changed = CliTests.HwIn(d, "regress", "mini.toml", "--out", "o4", "--junit", "j.xml");
        Assert.Equal(1, changed.Code);
        Assert.Contains("FAIL", changed.Out);
        Assert.Contains("golden avgReadLatencyCycles", changed.Out);
        var junit = File.ReadAllText(Path.Combine(d, "j.xml"));
        Assert.Contains("<testcase classname=\"mini\" name=\"random\"", junit);
        Assert.Matches("<failure message=\"golden [^\"]*\\(seed \\d+; replay: ./hwmodel regress mini.toml " +
                       "--filter random --seed 1\\)\"", junit);
        var table = CliTests.HwIn(d, "regress", "mini.toml", "--filter", "random", "--update-golden", "--out", "o5");
        Assert.Equal(0, table.Code);
        Assert.Contains("mini/random", table.Out);
        Assert.Contains("avgReadLatencyCycles", table.Out);
    }

    [Fact]
    public void Shards_merged_equal_the_unsharded_run_and_a_missing_shard_is_refused()
    {
        var d = Dir();
        Assert.Equal(0, CliTests.HwIn(d, "regress", "mini.toml", "--update-golden", "--out", "g").Code);
        var whole = CliTests.HwIn(d, "regress", "mini.toml", "--out", "all");
        Assert.Equal(0, whole.Code);
        for (int i = 0; i < 3; i++)
        {
            var r = CliTests.HwIn(d, "regress", "mini.toml", "--shard", $"{i}/3", "--out", $"s{i}");
            Assert.True(r.Code == 0, r.Out + r.Err);
        }
        var merged = CliTests.HwIn(d, "regress", "merge", "s2", "s0", "s1", "--out", "m");
        Assert.True(merged.Code == 0, merged.Out + merged.Err);
        Assert.Contains("5 passed", merged.Out);
        Assert.Equal(Canonical(Path.Combine(d, "all", "summary.json")),
            Canonical(Path.Combine(d, "m", "summary.json")));
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(
            File.ReadAllText(Path.Combine(d, "m", "junit.xml")), "<testcase ").Count);
        var missing = CliTests.HwIn(d, "regress", "merge", "s0", "s1");
        Assert.Equal(2, missing.Code);
        Assert.Contains("shards 2/3 are missing", missing.Err);
    }

    [Fact]
    public void Tags_and_filters_select_and_bad_input_exits_2_before_any_run()
    {
        var d = Dir();
        var list = CliTests.HwIn(d, "regress", "mini.toml", "--tag", "fast", "--list");
        Assert.Equal(0, list.Code);
        Assert.Contains("mini/stream", list.Out);
        Assert.DoesNotContain("mini/random", list.Out);
        Assert.Contains("mini/gemv", CliTests.HwIn(d, "regress", "mini.toml", "--filter", "g*", "--list").Out);
        foreach (var (args, msg) in new[]
                 {
                     (new[] { "regress", "nosuch" }, "no such suite file"),
                     (["regress", "mini.toml", "--shard", "3/3"], "--shard = 3/3: expected i/N"),
                     (["regress", "mini.toml", "--filter", "zzz"], "matches no scenario"),
                     (["regress", "mini.toml", "--jobs", "0"], "--jobs = 0"),
                     (["regress", "merge", "."], "holds no summary.json"),
                 })
        {
            var r = CliTests.HwIn(d, args);
            Assert.True(r.Code == 2, $"{string.Join(' ', args)}: {r.Code} {r.Err}");
            Assert.Contains(msg, r.Err);
        }
        Assert.False(Directory.Exists(Path.Combine(d, "regress-out")));
    }
}
