using System.Xml.Linq;
using Xunit;

namespace HwModel.Tests.Cli;

/// <summary>End-to-end: `hwmodel verify` and `cosim --rtl` as a user runs them.</summary>
[Collection("rtl")]
public class VerifyCommandTests
{
    private static string Dir()
    {
        var d = Path.Combine(Path.GetTempPath(), "hwmodel-verify", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void A_campaign_writes_junit_and_coverage_that_merge()
    {
        HwModel.Bridge.RtlBuild.EnsureBuilt(TextWriter.Null);
        var d = Dir();
        var r = CliTests.HwIn(d, "verify", "--cases", "60", "--junit", "j.xml", "--coverage", "c.cov");
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("60 passed, 0 failed", r.Out);
        var suite = XDocument.Load(Path.Combine(d, "j.xml")).Descendants("testsuite").Single();
        Assert.Equal("60", (string?)suite.Attribute("tests"));
        Assert.Equal(60, suite.Elements("testcase").Count());
        var m = CliTests.HwIn(d, "verify", "--merge-coverage", "c.cov", "c.cov", "--coverage", "m.cov");
        Assert.True(m.Code == 0, m.Err);
        var one = HwModel.Bridge.Verify.Coverage.Read(Path.Combine(d, "c.cov"));
        var two = HwModel.Bridge.Verify.Coverage.Read(Path.Combine(d, "m.cov"));
        Assert.All(two.Bins, kv => Assert.Equal(2 * one.Bins[kv.Key], kv.Value));
    }

    [Fact]
    public void A_seeded_bug_fails_with_seed_shrunk_sequence_replay_line_and_files()
    {
        var d = Dir();
        var args = new[] { "verify", "--config", "hbm3-6400", "--cases", "300",
            "--rtl", Path.Combine(Paths.Root, "testbenches/rtl/rda-leaves-open"), "--top", "hbm_pc",
            "--rtl-include", Path.Combine(Paths.Root, "rtl/src"), "--junit", "j.xml" };
        var r = CliTests.HwInFor(600, d, args);
        Assert.True(r.Code == 1, r.Out + r.Err);
        Assert.Matches(@"FAIL case \d+ \(seed 1", r.Out);
        Assert.Contains("shrunk from", r.Out);
        var replay = System.Text.RegularExpressions.Regex.Match(r.Out, @"replay: \./hwmodel (verify .*--case \d+)");
        Assert.True(replay.Success, r.Out);
        var files = Directory.GetFiles(Path.Combine(d, "verify-out"));
        Assert.Contains(files, f => f.EndsWith(".commands"));
        var vcds = files.Where(f => f.EndsWith(".vcd")).ToList();
        Assert.Equal(files.Count(f => f.EndsWith(".commands")), vcds.Count);
        foreach (var v in vcds) BadInputCaseTests.AssertWellFormedVcd(v);
        var failures = XDocument.Load(Path.Combine(d, "j.xml")).Descendants("failure").ToList();
        Assert.NotEmpty(failures);
        Assert.Contains("replay: ./hwmodel verify", (string)failures[0].Attribute("message")!);
        // the printed replay line runs that case alone
        var again = CliTests.HwIn(d, replay.Groups[1].Value.Split(' '));
        Assert.Equal(1, again.Code);
        Assert.Contains("1 failed", again.Out);
    }

    [Fact]
    public void Rtl_line_coverage_is_exported_as_lcov()
    {
        var d = Dir();
        var r = CliTests.HwInFor(600, d, "verify", "--cases", "200", "--rtl-coverage", "rtl.info");
        Assert.True(r.Code == 0, r.Out + r.Err);
        var m = System.Text.RegularExpressions.Regex.Match(r.Out, @"RTL line coverage: (\d+)/(\d+) lines");
        Assert.True(m.Success, r.Out);
        long hit = long.Parse(m.Groups[1].Value), found = long.Parse(m.Groups[2].Value);
        Assert.InRange(hit, 1, found - 1); // some lines (the PIM paths) are not reached by DRAM commands
        var info = File.ReadAllText(Path.Combine(d, "rtl.info"));
        Assert.Contains("SF:" + Path.Combine(Paths.Root, "rtl", "src", "hbm_pc.v"), info);
        Assert.Contains("DA:", info);
        Assert.False(File.Exists(Path.Combine(d, "rtl.info.dat")));
    }

    [Fact]
    public void Cosim_runs_a_teams_design_through_the_wrapper()
    {
        var d = Dir();
        var r = CliTests.HwInFor(600, d, "cosim", "--config", "hbm3-6400", "--workload", "mix", "--requests", "3000",
            "--rtl", Path.Combine(Paths.Root, "testbenches/rtl/wrapper-template"), "--top", "hbm_pc_adapter",
            "--rtl-include", Path.Combine(Paths.Root, "rtl/include"),
            "--rtl-include", Path.Combine(Paths.Root, "rtl/src"));
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Matches(@"mismatches\s+│ 0", r.Out);
    }

    [Fact]
    public void Bad_designs_are_refused_with_exit_2_and_what_is_wrong()
    {
        var d = Dir();
        var missing = CliTests.HwIn(d, "verify", "--rtl", "nope.v", "--top", "x");
        Assert.Equal(2, missing.Code);
        Assert.Contains("--rtl = nope.v: no such file or folder", missing.Err);
        File.WriteAllText(Path.Combine(d, "tiny.v"),
            "module tiny (input wire clk, input wire [3:0] bank);\nendmodule\n");
        var ports = CliTests.HwIn(d, "cosim", "--config", "hbm3-6400", "--workload", "mix", "--rtl", "tiny.v",
            "--top", "tiny");
        Assert.Equal(2, ports.Code);
        Assert.Contains("port bank (", ports.Err);
        Assert.Contains("expected input [5:0], found 4 bits", ports.Err);
        Assert.Contains("port rvalid: expected output [0:0]", ports.Err);
        File.WriteAllText(Path.Combine(d, "syntax.v"), "module syntax (input wire clk);\n  assign = ;\nendmodule\n");
        var lint = CliTests.HwIn(d, "verify", "--rtl", "syntax.v", "--top", "syntax");
        Assert.Equal(2, lint.Code);
        Assert.Contains("syntax.v:2", lint.Err);
        var noRtl = CliTests.HwIn(d, "verify", "--top", "x");
        Assert.Equal(2, noRtl.Code);
        Assert.Contains("applies only with --rtl", noRtl.Err);
    }
}
