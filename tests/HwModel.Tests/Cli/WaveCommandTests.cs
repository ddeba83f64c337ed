using Xunit;

namespace HwModel.Tests.Cli;

/// <summary>End-to-end: --timeline, --vcd, --window and --channels on run, pim, cosim and regress.</summary>
[Collection("rtl")]
public class WaveCommandTests
{
    private static string Dir()
    {
        var d = Path.Combine(Path.GetTempPath(), "hwmodel-waves", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void Run_writes_a_timeline_and_a_vcd_of_the_chosen_channels_and_window()
    {
        var d = Dir();
        var r = CliTests.HwIn(d, "run", "--requests", "3000", "--timeline", "t.json", "--vcd", "w.vcd",
            "--window", "100:4000", "--channels", "1,3", "--quiet");
        Assert.True(r.Code == 0, r.Err);
        var ev = Waves.WaveOutputsTests.AssertWellFormedTimeline(Path.Combine(d, "t.json"));
        var pids = ev.Where(e => (string)e!["ph"]! == "X").Select(e => (int)e!["pid"]!).ToHashSet();
        Assert.Equal([1, 3], pids.Order());
        var vcd = new Waves.VcdReader(Path.Combine(d, "w.vcd"));
        Assert.All(vcd.Vars.Values, v => Assert.Matches(@"^hbm\.ch[13]\.", v.Name));
        Assert.Empty(Directory.GetFiles(d, "*.tmp"));
    }

    [Fact]
    public void Pim_writes_the_kernels_commands()
    {
        var d = Dir();
        var r = CliTests.HwIn(d, "pim", "gemv", "--m", "128", "--n", "128", "--timeline", "t.json", "--vcd", "w.vcd");
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains(Waves.WaveOutputsTests.AssertWellFormedTimeline(Path.Combine(d, "t.json")),
            e => (string)e!["name"]! == "PIMRD");
        Assert.NotEmpty(new Waves.VcdReader(Path.Combine(d, "w.vcd")).Times);
    }

    [Fact]
    public void Cosim_writes_the_models_timeline_beside_the_rtl_waveform()
    {
        HwModel.Bridge.RtlBuild.EnsureBuilt(TextWriter.Null);
        var d = Dir();
        var r = CliTests.HwIn(d, "cosim", "--workload", "random", "--requests", "2000", "--timeline", "t.json",
            "--tlm-vcd", "m.vcd", "--vcd", "rtl.vcd", "--vcd-window", "0:3000", "--window", "0:3000");
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains(Waves.WaveOutputsTests.AssertWellFormedTimeline(Path.Combine(d, "t.json")),
            e => (string)e!["name"]! == "ACT");
        Assert.NotEmpty(new Waves.VcdReader(Path.Combine(d, "m.vcd")).Times);
        BadInputCaseTests.AssertWellFormedVcd(Path.Combine(d, "rtl.vcd"));
    }

    [Fact]
    public void Regress_writes_them_per_scenario_from_the_suite_or_the_flags()
    {
        var d = Dir();
        File.WriteAllText(Path.Combine(d, "w.toml"), """
            suite = "w"
            [[scenario]]
            name = "traffic"
            config = "hbm3-6400"
            golden = false
            workload = { kind = "pattern", pattern = "random", requests = 1000 }
            waves = { timeline = true, window = "0:2000", channels = "0" }
            [[scenario]]
            name = "gemv"
            config = "hbm2-2000-pim"
            golden = false
            workload = { kind = "pim", kernel = "gemv", m = 64, n = 64 }
            """);
        var r = CliTests.HwIn(d, "regress", "w.toml", "--out", "o");
        Assert.True(r.Code == 0, r.Out + r.Err);
        string dir = Path.Combine(d, "o", "scenarios", "w");
        Assert.True(File.Exists(Path.Combine(dir, "traffic.timeline.json")));
        Assert.False(File.Exists(Path.Combine(dir, "gemv.timeline.json")));
        var r2 = CliTests.HwIn(d, "regress", "w.toml", "--out", "o2", "--timeline", "--vcd");
        Assert.True(r2.Code == 0, r2.Out + r2.Err);
        foreach (var name in new[] { "traffic", "gemv" })
        {
            string p = Path.Combine(d, "o2", "scenarios", "w", name);
            Waves.WaveOutputsTests.AssertWellFormedTimeline(p + ".timeline.json");
            Assert.NotEmpty(new Waves.VcdReader(p + ".vcd").Times);
        }
    }

    [Theory]
    [InlineData("run --window 0:100", "--window: applies to --timeline and --vcd only")]
    [InlineData("run --timeline t.json --channels 9-99", "--channels = 9-99: hbm3-6400 has channels 0-15")]
    [InlineData("pim gemv --vcd w.vcd --window 9:3", "--window = 9:3: TO must be greater than FROM")]
    [InlineData("cosim --window 0:5", "--window: applies to --timeline and --tlm-vcd only")]
    [InlineData("run --timeline nodir/t.json", "--timeline")]
    public void Bad_wave_options_are_refused_before_any_work(string args, string message)
    {
        var d = Dir();
        var r = CliTests.HwIn(d, args.Split(' '));
        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err);
        Assert.Empty(Directory.GetFiles(d));
    }

    [Fact]
    public void A_suite_with_a_bad_waves_table_names_its_line()
    {
        var d = Dir();
        File.WriteAllText(Path.Combine(d, "b.toml"), """
            suite = "b"
            [[scenario]]
            name = "x"
            config = "hbm3-6400"
            workload = { kind = "pattern" }
            waves = { timeline = true, channels = "40" }
            """);
        var r = CliTests.HwIn(d, "regress", "b.toml");
        Assert.Equal(2, r.Code);
        Assert.Contains("b.toml:6", r.Err);
        Assert.Contains("has channels 0-15", r.Err);
    }
}
