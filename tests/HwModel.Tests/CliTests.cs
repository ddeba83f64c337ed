using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace HwModel.Tests;

/// <summary>End-to-end: the real command-line program in a child process.</summary>
public class CliTests
{
    internal static (int Code, string Out, string Err) Hw(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hwmodel.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("hwmodel did not finish in 120 s"); }
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
            foreach (var k in new[] { "wallSeconds", "requestsPerSecond", "cyclesPerSecond" }) d.Remove(k);
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
}
