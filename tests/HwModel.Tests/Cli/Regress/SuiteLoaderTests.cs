using HwModel.Cli.Regress;
using HwModel.Config;
using Xunit;

namespace HwModel.Tests.Cli.Regress;

public class SuiteLoaderTests
{
    private const string Good = """
        suite = "t"
        [[scenario]]
        name = "a"
        config = "hbm3-6400"
        workload = { kind = "pattern", pattern = "random", requests = 100 }
        checks = ["bandwidthPercentOfPeak >= 1"]
        """;

    private static string Error(string toml)
    {
        var p = Paths.Temp("s.toml", toml);
        return Assert.Throws<ConfigException>(() => SuiteLoader.Load(p)).Message.Replace(p, "s.toml");
    }

    [Fact]
    public void A_good_suite_loads_with_its_checks_and_a_golden_path_beside_it()
    {
        var s = SuiteLoader.Load(Paths.Temp("s.toml", Good));
        var c = Assert.Single(s.Scenarios);
        Assert.Equal("t/a", c.Id);
        Assert.Equal(WorkloadKind.Pattern, c.Workload.Kind);
        Assert.Equal(100, c.Workload.Requests);
        Assert.Equal(">=", Assert.Single(c.Checks).Op);
        Assert.EndsWith(Path.Combine("golden", "t.json"), s.GoldenPath);
    }

    [Theory]
    [InlineData("workload = { kind = \"pattern\", requets = 5 }",
        "s.toml:5: requets: unknown key in a pattern workload")]
    [InlineData("workload = { kind = \"dance\" }", "s.toml:5: workload.kind = dance: expected pattern, trace")]
    [InlineData("workload = { kind = \"trace\", file = \"nope.trace\" }", "workload.file = ")]
    [InlineData("workload = { kind = \"pattern\" }\nchecks = [\"bandwith >= 3\"]",
        "s.toml:6: checks = bandwith >= 3: bandwith is not a metric")]
    [InlineData("workload = { kind = \"pattern\" }\nchecks = [\"rowHitRate >> 3\"]",
        "s.toml:6: checks = rowHitRate >> 3: '> 3' is not a number")]
    [InlineData("workload = { kind = \"pattern\", requests = 0 }",
        "s.toml:5: workload.requests = 0: expected an integer in 1..")]
    [InlineData("workload = { kind = \"pim\" }", "needs a PIM configuration")]
    [InlineData("workload = { kind = \"pattern\" }\ntolerance = { cycles = -1 }", "s.toml:6: tolerance.cycles = -1")]
    public void Every_error_names_the_line_the_key_and_what_was_expected(string body, string expected)
    {
        string toml = $"suite = \"t\"\n[[scenario]]\nname = \"a\"\nconfig = \"hbm3-6400\"\n{body}\n";
        Assert.Contains(expected, Error(toml));
    }

    [Fact]
    public void A_bad_override_is_refused_at_its_line_with_the_field()
    {
        var m = Error(Good + "\nset = [\"timing.nCL=0x\"]\n");
        Assert.Contains("s.toml:4: scenario a", m);
        Assert.Contains("timing.nCL", m);
    }

    [Fact]
    public void Two_scenarios_with_one_name_and_a_toml_syntax_error_are_refused()
    {
        Assert.Contains("is already the name of another scenario",
            Error(Good + "\n[[scenario]]\nname = \"a\"\nworkload = { kind = \"pattern\" }\n"));
        Assert.Contains("s.toml:2", Error("suite = \"t\"\n[[scenario\n"));
    }

    [Fact]
    public void The_shipped_suites_load()
    {
        foreach (var f in Directory.GetFiles(Paths.Testbench("suites"), "*.toml"))
            Assert.NotEmpty(SuiteLoader.Load(f).Scenarios);
    }

    [Fact]
    public void The_nightly_suite_covers_every_preset_and_every_workload_kind()
    {
        var s = SuiteLoader.Load(Paths.Testbench("suites", "nightly.toml"));
        Assert.Empty(Presets.Names.Except(s.Scenarios.Select(c => c.Config)));
        Assert.Empty(Enum.GetValues<WorkloadKind>().Except(s.Scenarios.Select(c => c.Workload.Kind)));
        var smoke = SuiteLoader.Load(Paths.Testbench("suites", "smoke.toml"));
        Assert.Empty(Enum.GetValues<WorkloadKind>().Except(smoke.Scenarios.Select(c => c.Workload.Kind)));
    }
}
