using System.Text.Json.Nodes;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Pim.Runtime;
using HwModel.Spec;
using HwModel.Traces;
using HwModel.Waves;
using Xunit;

namespace HwModel.Tests.Waves;

/// <summary>Timelines and VCDs of real runs: well-formed, complete inside their window and channels, and the
/// VCD's bank states end where the controllers' do.</summary>
public class WaveOutputsTests
{
    private sealed class Collect : ICommandObserver
    {
        public readonly List<CommandRecord> All = [];
        public void OnCommand(in CommandRecord r) { lock (All) All.Add(r); }
    }

    private static (ChannelPartitionedRunner Runner, List<CommandRecord> Commands) Run(MemoryConfig cfg,
        WaveOutputs waves, Pattern pattern, long requests)
    {
        var seen = new Collect();
        var runner = new ChannelPartitionedRunner(cfg, ch => waves.With(ch, seen));
        for (int ch = 0; ch < cfg.Org.Channels; ch++) waves.Controllers(ch, runner.Systems[ch].Controllers);
        try
        {
            var r = runner.Run(HwModel.Cli.Workloads.FromPattern(cfg, pattern, requests, 7), 2);
            Assert.Null(r.Error);
        }
        finally { waves.Finish(); }
        return (runner, seen.All);
    }

    /// <summary>Checks the trace-event rules viewers rely on and returns the events.</summary>
    public static JsonArray AssertWellFormedTimeline(string path)
    {
        var doc = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("ns", (string)doc["displayTimeUnit"]!);
        var ev = doc["traceEvents"]!.AsArray();
        var named = new HashSet<(int, int)>();
        var slices = new Dictionary<(int, int), List<(double Ts, double End)>>();
        foreach (var e in ev)
        {
            string ph = (string)e!["ph"]!;
            Assert.Contains(ph, new[] { "X", "C", "M" });
            int pid = (int)e["pid"]!;
            if (ph == "M" && (string)e["name"]! == "thread_name") named.Add((pid, (int)e["tid"]!));
            if (ph == "X")
            {
                double ts = (double)e["ts"]!, dur = (double)e["dur"]!;
                Assert.True(dur >= 0, e.ToJsonString());
                var key = (pid, (int)e["tid"]!);
                if (!slices.TryGetValue(key, out var l)) slices[key] = l = [];
                l.Add((ts, ts + dur));
            }
            if (ph == "C") Assert.NotNull(e["args"]!["value"]);
        }
        foreach (var (key, l) in slices)
        {
            Assert.Contains(key, named);
            l.Sort();
            for (int i = 1; i < l.Count; i++)
                Assert.True(l[i].Ts >= l[i - 1].End - 1e-9, $"slices overlap on thread {key}: {l[i - 1]} {l[i]}");
        }
        return ev;
    }

    [Theory]
    [InlineData("hbm3-6400", Pattern.Random)]
    [InlineData("hbm2-2000", Pattern.Stream)]
    [InlineData("hbm4-8000", Pattern.Mix)]
    public void Timeline_has_every_command_of_its_window_and_channels_once(string preset, Pattern pattern)
    {
        var cfg = Presets.Get(preset);
        string path = Paths.Temp($"{preset}.timeline.json", "");
        var window = new WaveWindow(200, 3000, [0, 2]);
        var (_, commands) = Run(cfg, new WaveOutputs(cfg, TimingTable.For(cfg), window, path, null,
            cfg.Org.Channels, 500), pattern, 4000);
        var ev = AssertWellFormedTimeline(path);
        var slices = ev.Where(e => (string)e!["ph"]! == "X" && (string)e["cat"]! != "data").ToList();
        var expected = commands.Where(c => window.Includes(c.Channel) && window.Contains(c.Cycle)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(string.Join(",", expected.GroupBy(c => c.Command.ToString()).OrderBy(g => g.Key)
                .Select(g => $"{g.Key}={g.Count()}")),
            string.Join(",", slices.GroupBy(e => (string)e!["name"]!).OrderBy(g => g.Key)
                .Select(g => $"{g.Key}={g.Count()}")));
        Assert.Equal(expected.Count, slices.Count);
        Assert.All(slices, e => Assert.Contains((int)e!["pid"]!, new[] { 0, 2 }));
        Assert.All(slices, e => Assert.InRange((long)e!["args"]!["cycle"]!, 200, 2999));
        var counters = ev.Where(e => (string)e!["ph"]! == "C").Select(e => (string)e!["name"]!).ToHashSet();
        Assert.Contains("bandwidth GB/s", counters);
        Assert.Contains("pc0 queue depth", counters);
        Assert.Contains("pc0 refresh debt", counters);
        var reads = ev.Count(e => (string)e!["ph"]! == "X" && (string)e["name"]! == "read burst");
        // a burst shows when it starts inside the window, so reads issued up to a read latency before it count too
        bool IsRead(CommandRecord c) =>
            CommandInfo.IsRead(c.Command) && CommandTable.Get(c.Command).DataLatency != null;
        int lat = CommandTable.Get(Command.RD).DataLatency!.Evaluate(cfg);
        Assert.InRange(reads, expected.Count(IsRead), commands.Count(c => IsRead(c) && window.Includes(c.Channel)
            && c.Cycle >= window.From - lat && c.Cycle < window.To));
    }

    [Theory]
    [InlineData("hbm3-6400", Pattern.Random)]
    [InlineData("hbm2-2000", Pattern.Mix)]
    public void Vcd_is_well_formed_and_ends_with_the_controllers_open_rows(string preset, Pattern pattern)
    {
        var cfg = Presets.Get(preset);
        string path = Paths.Temp($"{preset}.vcd", "");
        var (runner, _) = Run(cfg, new WaveOutputs(cfg, TimingTable.For(cfg), WaveWindow.All, null, path,
            cfg.Org.Channels), pattern, 3000);
        var vcd = new VcdReader(path);
        Assert.Equal("1 fs", vcd.Timescale);
        Assert.NotEmpty(vcd.Times);
        var o = cfg.Org;
        int open = 0;
        foreach (var sys in runner.Systems)
            foreach (var c in sys.Controllers)
                for (int b = 0; b < o.BanksPerPseudoChannel; b++)
                {
                    string bank = $"hbm.ch{c.Channel}.pc{c.PcIndex}.sid{b / o.BanksPerStackId}_bg" +
                                  $"{b % o.BanksPerStackId / o.BanksPerGroup}_bank{b % o.BanksPerGroup}";
                    bool isOpen = (c.OpenMask >> b & 1) != 0;
                    Assert.Equal(isOpen ? "1" : "0", vcd.Last(bank + ".open"));
                    string row = vcd.Last(bank + ".row")!;
                    if (isOpen)
                    {
                        Assert.Equal(c.OpenRow[b], Convert.ToInt32(row, 2));
                        open++;
                    }
                    else Assert.Equal("x", row);
                }
        Assert.True(open > 0);
    }

    [Fact]
    public void A_window_starts_the_vcd_with_the_bank_states_of_its_first_cycle()
    {
        var cfg = Presets.Get("hbm3-6400");
        string whole = Paths.Temp("whole.vcd", ""), part = Paths.Temp("part.vcd", "");
        var window = new WaveWindow(1500, 2500, [1]);
        var seen = new Collect();
        var a = new WaveOutputs(cfg, TimingTable.For(cfg), WaveWindow.All, null, whole, 1);
        var b = new WaveOutputs(cfg, TimingTable.For(cfg), window, null, part, 1);
        var sys = new MemorySystem(cfg) { Observer = new CommandFanOut(a.For(0)!, b.For(0)!, seen) };
        SimulationRunner.Run(sys, HwModel.Cli.Workloads.FromPattern(cfg, Pattern.Random, 3000, 3));
        a.Finish();
        b.Finish();
        var w = new VcdReader(whole);
        var p = new VcdReader(part);
        Assert.All(p.Vars.Values, v => Assert.StartsWith("hbm.ch1.", v.Name));
        // the windowed file's state at its start equals the whole file's state at that time
        var wholeAt = StateAt(whole, (long)Math.Round(1500 * 2 * cfg.Org.TckPs * 500));
        foreach (var (id, (name, _)) in p.Vars)
            if (name.EndsWith(".open") || name.EndsWith(".row"))
            {
                string wid = w.Vars.First(kv => kv.Value.Name == name).Key;
                Assert.Equal(wholeAt.GetValueOrDefault(wid, "x"), p.AtStart[id]);
            }
        Assert.True(p.Times.Max() < (long)Math.Round(2500 * 2 * cfg.Org.TckPs * 500));
    }

    /// <summary>Every signal's value just before time <paramref name="t"/> (changes at t not applied).</summary>
    private static Dictionary<string, string> StateAt(string path, long t)
    {
        var state = new Dictionary<string, string>();
        long now = 0;
        foreach (var line in File.ReadLines(path).SkipWhile(l => !l.StartsWith("$enddefinitions")).Skip(1))
        {
            if (line.StartsWith('#')) { now = long.Parse(line[1..]); continue; }
            if (now >= t) break;
            if (line.StartsWith('$')) continue;
            if (line[0] == 'b') { int sp = line.IndexOf(' '); state[line[(sp + 1)..]] = line[1..sp]; }
            else state[line[1..]] = line[..1];
        }
        return state;
    }

    [Fact]
    public void Spilling_finished_changes_to_disk_writes_the_same_vcd_as_keeping_them_in_memory()
    {
        var cfg = Presets.Get("hbm2-2000");
        var spans = new CommandSpans(cfg, TimingTable.For(cfg));
        var layout = new VcdLayout(cfg, WaveWindow.All);
        var memory = new VcdRecorder(layout, spans, WaveWindow.All);
        string spillPath = Paths.Temp("spill.tmp", "");
        using var spilled = new VcdRecorder(layout, spans, WaveWindow.All, spillPath, spillEvery: 50);
        var sys = new MemorySystem(cfg) { Observer = new CommandFanOut(memory, spilled) };
        SimulationRunner.Run(sys, HwModel.Cli.Workloads.FromPattern(cfg, Pattern.Mix, 4000, 5));
        Assert.True(new FileInfo(spillPath).Length > 0, "the spill file was used");
        string Write(VcdRecorder r)
        {
            var w = new StringWriter();
            VcdFile.Write(w, cfg, WaveWindow.All, layout, [r], "x");
            return string.Join("\n", w.ToString().Split('\n').Where(l => !l.StartsWith("$date")));
        }
        string a = Write(memory), b = Write(spilled);
        Assert.True(a.Length > 10_000);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Files_are_complete_when_the_run_ends_early_or_sees_nothing()
    {
        var cfg = Presets.Get("hbm3-6400");
        string tl = Paths.Temp("empty.timeline.json", ""), vcd = Paths.Temp("empty.vcd", "");
        using (var waves = new WaveOutputs(cfg, TimingTable.For(cfg), WaveWindow.All, tl, vcd, 2)) { }
        AssertWellFormedTimeline(tl);
        _ = new VcdReader(vcd);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(tl)!, "*.tmp"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(vcd)!, "*.tmp"));

        // a run that throws half-way: the finally block still leaves complete files
        string tl2 = Paths.Temp("thrown.timeline.json", "");
        var w2 = new WaveOutputs(cfg, TimingTable.For(cfg), WaveWindow.All, tl2, null, 1);
        var sys = new MemorySystem(cfg) { Observer = w2.For(0) };
        var ex = Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            try
            {
                SimulationRunner.Run(sys, HwModel.Cli.Workloads.FromPattern(cfg, Pattern.Random, 500, 1));
                throw new InvalidOperationException("stopped");
            }
            finally { w2.Finish(); }
        }));
        Assert.Equal("stopped", ex.Message);
        Assert.Contains(AssertWellFormedTimeline(tl2), e => (string)e!["ph"]! == "X");
    }

    [Fact]
    public void Pim_kernels_write_their_commands_and_all_bank_threads()
    {
        var cfg = Presets.Get("hbm2-2000-pim");
        string tl = Paths.Temp("gemv.timeline.json", ""), vcd = Paths.Temp("gemv.vcd", "");
        var seen = new Collect();
        using (var waves = new WaveOutputs(cfg, TimingTable.For(cfg), WaveWindow.All, tl, vcd, 1))
        {
            var r = PimRunner.Gemv(cfg, 64, 64, new PimRunner.Options(BeforeKernel: e =>
                e.Observer = waves.With(0, seen)));
            Assert.True(r.Verified);
        }
        var ev = AssertWellFormedTimeline(tl);
        Assert.Equal(seen.All.Count, ev.Count(e => (string)e!["ph"]! == "X" && (string)e["cat"]! != "data"));
        Assert.Contains(ev, e => (string)e!["ph"]! == "X" && (string)e["name"]! == "PIMRD");
        Assert.NotEmpty(new VcdReader(vcd).Times);
    }

    [Theory]
    [InlineData("5:1", null, "TO must be greater than FROM")]
    [InlineData("abc", null, "expected FROM:TO")]
    [InlineData("x:5", null, "FROM must be a whole number")]
    [InlineData(null, "0-99", "has channels 0-15")]
    [InlineData(null, "3-1", "expected channel numbers")]
    public void Bad_windows_and_channel_lists_are_refused(string? window, string? channels, string message)
    {
        var e = Assert.Throws<ConfigException>(() =>
            WaveWindow.Parse(window, channels, Presets.Get("hbm3-6400")));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Open_ended_windows_parse()
    {
        var cfg = Presets.Get("hbm3-6400");
        var w = WaveWindow.Parse(":500", "1,3-4", cfg);
        Assert.Equal((0L, 500L), (w.From, w.To));
        Assert.Equal([1, 3, 4], w.Channels!);
        Assert.Equal(long.MaxValue, WaveWindow.Parse("100:", null, cfg).To);
    }
}
