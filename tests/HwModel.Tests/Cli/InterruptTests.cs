using System.Diagnostics;
using System.Text.Json;
using HwModel.Bridge;
using Xunit;

namespace HwModel.Tests.Cli;

/// <summary>SIGINT and SIGTERM stop a run at a safe point with what it computed written; a server that cannot start
/// is reported.</summary>
public class InterruptTests
{
    private static Process StartCli(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = dir,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hwmodel.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        var p = Process.Start(psi)!;
        Started.Add(p);
        return p;
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<Process> Started = [];

    /// <summary>Kills what a failed test left running (a child never signalled must not outlive the test).</summary>
    private static void KillAll()
    {
        foreach (var p in Started)
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    private static void Signal(Process p, string signal)
    {
        using var k = Process.Start("kill", [$"-{signal}", p.Id.ToString()]);
        k.WaitForExit(10_000);
    }

    /// <summary>Waits until <paramref name="ready"/> holds (the run is simulating), at most 60 s.</summary>
    private static void WaitFor(Func<bool> ready, Process p)
    {
        var sw = Stopwatch.StartNew();
        while (!ready())
        {
            Assert.False(p.HasExited, $"the run ended (exit {(p.HasExited ? p.ExitCode : 0)}) before it was signalled");
            Assert.True(sw.Elapsed.TotalSeconds < 60, "the run did not start within 60 s");
            Thread.Sleep(50);
        }
    }

    private static string Dir()
    {
        var d = Path.Combine(Path.GetTempPath(), "hwmodel-signal", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void SigintDuringRunWritesTheStatsSoFar()
    {
        try { SignalDuringRun("INT", 130); } finally { KillAll(); }
    }

    [Fact]
    public void SigtermDuringRunWritesTheStatsSoFar()
    {
        try { SignalDuringRun("TERM", 143); } finally { KillAll(); }
    }

    private static void SignalDuringRun(string signal, int expected)
    {
        var dir = Dir();
        using var p = StartCli(dir, "run", "--pattern", "random", "--requests", "1000000000", "--stats-json",
            "s.json", "--stats-csv", "s.csv", "--command-trace", "c.trace", "--quiet", "--threads", "2",
            "--timeline", "t.json", "--vcd", "w.vcd", "--window", "0:40000", "--channels", "0-3");
        var err = p.StandardError.ReadToEndAsync();
        // the per-channel command traces exist once the model runs; give it a little simulated work
        WaitFor(() => File.Exists(Path.Combine(dir, "c.trace.ch0.tmp"))
            && new FileInfo(Path.Combine(dir, "c.trace.ch0.tmp")).Length > 100_000, p);
        Signal(p, signal);
        Assert.True(p.WaitForExit(60_000), "the run did not stop within 60 s of the signal");
        Assert.Equal(expected, p.ExitCode);
        Assert.Contains("interrupted after", err.Result);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "s.json")));
        Assert.True(doc.RootElement.GetProperty("interrupted").GetBoolean());
        long req = doc.RootElement.GetProperty("requests").GetInt64();
        Assert.InRange(req, 1, 999_999_999);
        var csv = File.ReadAllLines(Path.Combine(dir, "s.csv"));
        int col = Array.IndexOf(csv[0].Split(','), "interrupted");
        Assert.True(col > 0, csv[0]);
        Assert.Equal("true", csv[^1].Split(',')[col]);
        // the command trace is merged and ends with a whole line
        var trace = File.ReadAllText(Path.Combine(dir, "c.trace"));
        Assert.EndsWith("\n", trace);
        Assert.Equal(7, trace.TrimEnd('\n').Split('\n')[^1].Split(' ').Length);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        // the timeline and the waveform are complete files too
        Assert.Contains(Waves.WaveOutputsTests.AssertWellFormedTimeline(Path.Combine(dir, "t.json")),
            e => (string)e!["ph"]! == "X");
        Assert.NotEmpty(new Waves.VcdReader(Path.Combine(dir, "w.vcd")).Times);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task SigintDuringCosimStopsTheServerAndClosesTheWaveform()
    {
        try { await CosimInterrupted(); } finally { KillAll(); }
    }

    private static async Task CosimInterrupted()
    {
        RtlBuild.EnsureBuilt(TextWriter.Null);
        var dir = Dir();
        using var p = StartCli(dir, "cosim", "--workload", "random", "--requests", "100000000", "--vcd", "w.vcd",
            "--vcd-window", "0:2000", "--json", "r.json", "--timeline", "t.json", "--tlm-vcd", "m.vcd",
            "--window", "0:2000");
        var err = p.StandardError.ReadToEndAsync();
        WaitFor(() => File.Exists(Path.Combine(dir, "w.vcd")), p);
        Thread.Sleep(500);
        Signal(p, "INT");
        Assert.True(p.WaitForExit(60_000), "cosim did not stop within 60 s of the signal");
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {await err}");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "r.json")));
        Assert.True(doc.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("commands").GetInt64() > 0);
        BadInputCaseTests.AssertWellFormedVcd(Path.Combine(dir, "w.vcd"));
        Waves.WaveOutputsTests.AssertWellFormedTimeline(Path.Combine(dir, "t.json"));
        Assert.NotEmpty(new Waves.VcdReader(Path.Combine(dir, "m.vcd")).Times);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ANonExecutableServerIsReported()
    {
        var path = Paths.Temp("not-a-server", "#!/bin/sh\n");
        var e = Assert.Throws<RtlException>(() => RtlServer.Start(new RtlServerOptions { ServerPath = path }));
        Assert.Contains("cannot start", e.Message);
        Assert.Contains("expected an executable file", e.Message);
    }
}
