using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace HwModel.Tests;

/// <summary>End-to-end: the real command-line program in a child process.</summary>
public class CliTests
{
    internal static (int Code, string Out, string Err) Hw(params string[] args) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "hwmodel.dll"), .. args], 120);

    /// <summary>The CLI run in <paramref name="dir"/> (relative paths in its arguments and messages).</summary>
    internal static (int Code, string Out, string Err) HwIn(string dir, params string[] args) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "hwmodel.dll"), .. args], 120, dir);

    /// <summary>As <see cref="HwIn"/>, for a run that builds RTL first (a design's first build).</summary>
    internal static (int Code, string Out, string Err) HwInFor(int seconds, string dir, params string[] args) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "hwmodel.dll"), .. args], seconds, dir);

    /// <summary>Runs a program to its end (killed after <paramref name="seconds"/>), with its output.</summary>
    private static (int Code, string Out, string Err) Start(string program, string[] args, int seconds,
        string? dir = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = dir ?? "",
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(seconds * 1000))
        {
            p.Kill(true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish in {seconds} s");
        }
        return (p.ExitCode, o.Result, e.Result);
    }

    [Fact]
    public void RunWithNoArgumentsUsesTheDefaults()
    {
        var (code, o, e) = Hw("run");
        Assert.True(code == 0, e);
        Assert.Contains("hbm3-6400", o);
        Assert.Contains("bandwidth", o);
    }

    [Fact]
    public void StatsJsonHasTheDocumentedFields()
    {
        var json = Path.Combine(Path.GetTempPath(), $"hw-{Guid.NewGuid():N}.json");
        var csv = Path.ChangeExtension(json, ".csv");
        var (code, _, e) = Hw("run", "--config", "hbm2-2000", "--pattern", "mix", "--requests", "20000", "--seed", "3",
            "--stats-json", json, "--stats-csv", csv, "--check", "--quiet");
        Assert.True(code == 0, e);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var r = doc.RootElement;
        foreach (var f in new[] { "cycles", "tCKps", "simulatedNs", "requests", "reads", "writes", "bandwidthGBps", "peakBandwidthGBps",
                     "avgReadLatencyCycles", "readLatencyPercentiles", "rowHits", "rowMisses", "rowConflicts", "rowHitRate", "commands",
                     "energy", "wallSeconds", "requestsPerSecond", "channels", "checker" })
            Assert.True(r.TryGetProperty(f, out _), $"missing {f}");
        Assert.Equal(20000, r.GetProperty("requests").GetInt64());
        Assert.Equal(0, r.GetProperty("checker").GetProperty("violations").GetInt64());
        Assert.Equal(16, r.GetProperty("channels").GetArrayLength());
        foreach (var p in new[] { "p50", "p90", "p99", "max" }) Assert.True(r.GetProperty("readLatencyPercentiles").TryGetProperty(p, out _));
        foreach (var p in new[] { "actPrePj", "readPj", "writePj", "refreshPj", "activeStandbyPj", "prechargeStandbyPj", "totalPj", "pjPerBit" })
            Assert.True(r.GetProperty("energy").TryGetProperty(p, out _), p);
        var lines = File.ReadAllLines(csv);
        Assert.StartsWith("scope,channel,pseudoChannel", lines[0]);
        Assert.Equal(18, lines.Length); // header + 16 pseudo-channels + total
    }

    [Fact]
    public void SameSeedGivesIdenticalStats()
    {
        string Run()
        {
            var json = Path.Combine(Path.GetTempPath(), $"hw-{Guid.NewGuid():N}.json");
            Assert.Equal(0, Hw("run", "--pattern", "random", "--requests", "5000", "--seed", "11", "--stats-json", json, "--quiet").Code);
            var d = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(json))!;
            foreach (var k in new[] { "wallSeconds", "requestsPerSecond", "cyclesPerSecond",
                "peakResidentMB" }) d.Remove(k);
            return JsonSerializer.Serialize(d);
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void BadConfigValueExitsWithTheFieldAndRule()
    {
        var (code, _, e) = Hw("run", "--config", "hbm2-2000", "--set", "timing.nRC=10", "--requests", "10");
        Assert.Equal(2, code);
        Assert.Contains("timing.nRC = 10", e);
        Assert.Contains("nRC must be >= nRAS + nRP", e);
    }

    [Fact]
    public void BadTraceLineExitsNonZeroButKeepsWhatWasComputed()
    {
        var json = Path.Combine(Path.GetTempPath(), $"hw-{Guid.NewGuid():N}.json");
        var (code, _, e) = Hw("run", "--config", "hbm2-2000", "--trace", Paths.Testbench("traces", "bad-line.trace"), "--stats-json", json, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("bad-line.trace:3: expected READ or WRITE", e);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(2, doc.RootElement.GetProperty("requests").GetInt64()); // the two good lines were simulated and reported
        Assert.Contains("stopped early", doc.RootElement.GetProperty("workload").GetString());
    }

    [Fact]
    public void EachTraceFormatRunsFromTheCommandLine()
    {
        foreach (var f in new[] { "sample.dramsim3.trace", "sample.ramulator.trace", "sample.stl", "sample.native.trace" })
        {
            var (code, _, e) = Hw("run", "--config", "hbm2-2000", "--trace", Paths.Testbench("traces", f), "--check", "--quiet");
            Assert.True(code == 0, f + ": " + e);
        }
        Assert.Equal(0, Hw("run", "--config", Paths.Testbench("configs", "HBM2_8Gb_x128.ini"), "--trace",
            Paths.Testbench("traces", "sample.dramsim3.trace"), "--trace-format", "dramsim3", "--quiet").Code);
    }

    [Fact]
    public void PresetsListsEveryPreset()
    {
        var (code, o, _) = Hw("presets");
        Assert.Equal(0, code);
        foreach (var n in Config.Presets.Names) Assert.Contains(n, o);
        var (c2, o2, _) = Hw("presets", "--show", "hbm3-6400");
        Assert.Equal(0, c2);
        Assert.Contains("nRCDRD = 31", o2);
    }

    [Fact]
    public void CheckVerbFlagsABrokenCommandTrace()
    {
        var cmds = Path.Combine(Path.GetTempPath(), $"hw-{Guid.NewGuid():N}.cmd");
        Assert.Equal(0, Hw("run", "--config", "hbm2-2000", "--requests", "2000", "--command-trace", cmds, "--quiet").Code);
        var (ok, o, _) = Hw("check", "--config", "hbm2-2000", "--commands", cmds);
        Assert.Equal(0, ok);
        Assert.Contains(" 0 violations", o);
        File.AppendAllText(cmds, "1 ACT 0 0 0 5 0\n"); // goes back in time and activates an open or busy bank
        var (bad, o2, _) = Hw("check", "--config", "hbm2-2000", "--commands", cmds);
        Assert.Equal(1, bad);
        Assert.Contains("violations", o2);
    }

    [Fact]
    public void BenchRunsAtSmallScale()
    {
        var (code, o, e) = Hw("bench", "--scale", "0.01", "--no-trace-file", "--presets", "hbm2-2000");
        Assert.True(code == 0, e);
        Assert.Contains("M requests/s", o);
    }

    private static string StatsWithoutSpeed(string json)
    {
        var d = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(json))!;
        foreach (var k in new[] { "wallSeconds", "requestsPerSecond", "cyclesPerSecond",
            "peakResidentMB" }) d.Remove(k);
        return JsonSerializer.Serialize(d);
    }

    [Fact]
    public void EveryThreadCountGivesTheSameStatsOnAGzippedTrace()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"hw-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var trace = Path.Combine(dir, "mix.trace.gz");
        using (var z = new System.IO.Compression.GZipStream(File.Create(trace),
            System.IO.Compression.CompressionLevel.Fastest))
        using (var w = new StreamWriter(z))
            for (int i = 0; i < 30_000; i++)
                w.Write($"0x{(i * 7919L % 1_000_000) * 64:X} {(i % 3 == 0 ? "WRITE" : "READ")} {i / 4}\n");
        var stats = new List<string>();
        foreach (var t in new[] { "1", "2", "3" })
        {
            var json = Path.Combine(dir, $"s{t}.json");
            var (code, _, e) = Hw("run", "--config", "hbm3-6400", "--trace", trace, "--threads", t, "--stats-json",
                json,
                "--check", "--quiet");
            Assert.True(code == 0, e);
            stats.Add(StatsWithoutSpeed(json));
        }
        Assert.Contains("\"requests\":30000", stats[0]);
        Assert.Equal(stats[0], stats[1]);
        Assert.Equal(stats[0], stats[2]);
        Assert.Equal(2, Hw("run", "--threads", "0", "--quiet").Code);
    }

    [Fact]
    public void ARequestAtATrillionCyclesEndsAtOnce()
    {
        var trace = Path.Combine(Path.GetTempPath(), $"hw-{Guid.NewGuid():N}.trace");
        File.WriteAllText(trace, "0 R 0x40\n1000000000000 R 0x80\n");
        var json = Path.ChangeExtension(trace, ".json");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, e) = Hw("run", "--config", "hbm3-6400", "--trace", trace, "--stats-json", json, "--quiet");
        Assert.True(code == 0, e);
        Assert.True(sw.Elapsed.TotalSeconds < 30, $"{sw.Elapsed.TotalSeconds:F1} s");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.True(doc.RootElement.GetProperty("cycles").GetInt64() > 1_000_000_000_000);
        Assert.True(doc.RootElement.GetProperty("commands").GetProperty("REFpb").GetInt64() > 1_000_000_000);
    }

    /// <summary>Runs ./hwmodel, the launcher users call.</summary>
    private static (int Code, string Out, string Err) Launcher(params string[] args) =>
        Start(Path.Combine(Paths.Root, "hwmodel"), args, 600);

    /// <summary>The launcher's ahead-of-time compiled program (built here on first use, as on a user's machine)
    /// gives the stats the JIT-compiled one gives, and lists the presets.</summary>
    [Fact]
    public void TheNativeLauncherMatchesTheJitBuild()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"hw-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string[] run = ["run", "--config", "hbm2-2000", "--pattern", "mix", "--requests", "20000", "--seed", "4",
            "--quiet"];
        var (code, _, e) = Hw([.. run, "--stats-json", Path.Combine(dir, "jit.json")]);
        Assert.True(code == 0, e);
        var (c2, _, e2) = Launcher([.. run, "--stats-json", Path.Combine(dir, "aot.json")]);
        Assert.True(c2 == 0, e2);
        Assert.Equal(StatsWithoutSpeed(Path.Combine(dir, "jit.json")), StatsWithoutSpeed(Path.Combine(dir,
            "aot.json")));
        Assert.True(File.Exists(Path.Combine(Paths.Root, ".build", "cli-aot", "hwmodel")) ||
            Environment.GetEnvironmentVariable("HWMODEL_JIT") == "1", "no native program was built");
    }

    [Fact]
    public void BenchRunsColdProcessesOnTraceFiles()
    {
        var json = Path.Combine(Path.GetTempPath(), $"hw-{Guid.NewGuid():N}.json");
        var (code, o, e) = Hw("bench", "--no-steady", "--cold-runs", "1", "--scale", "0.01", "--cold-configs",
            "hbm2-2000",
            "--json", json);
        Assert.True(code == 0, e);
        Assert.Contains("whole process s", o);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var rows = doc.RootElement.GetProperty("coldRows");
        Assert.Equal(4, rows.GetArrayLength());
        foreach (var r in rows.EnumerateArray())
        {
            Assert.True(r.GetProperty("processSeconds").GetDouble() >= r.GetProperty("simulationSeconds").GetDouble());
            Assert.True(r.GetProperty("peakResidentMB").GetDouble() > 1);
            Assert.True(r.GetProperty("requests").GetInt64() >= 1000);
        }
    }
}
