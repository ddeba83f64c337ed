using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HwModel.Bridge;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Traces;
using Spectre.Console;

namespace HwModel.Cli;

/// <summary>
/// <c>hwmodel bench --cosim</c>: streams about 10^6 commands (a random 2:1 read/write mix on hbm2-2000) through the
/// gRPC bridge in checker mode, records the same commands to a file, and times the RTL server replaying that file
/// without gRPC: commands per second for both and the ratio of the two times.
/// </summary>
public static class CosimBench
{
    public static int Run(double scale, string? json)
    {
        var cfg = Presets.Get("hbm2-2000");
        long requests = Math.Max(1000, (long)(330_000 * scale));
        string file = Path.Combine(Path.GetTempPath(), $"hwmodel-cosim-bench-{Environment.ProcessId}.bin");
        try
        {
            // the model alone, for reference
            var sw = Stopwatch.StartNew();
            var alone = new MemorySystem(cfg);
            long aloneCommands = 0;
            alone.Observer = new Counter(() => aloneCommands++);
            SimulationRunner.Run(alone, Workloads.FromPattern(cfg, Pattern.Mix, requests, 5));
            double modelSeconds = sw.Elapsed.TotalSeconds;

            // the same command stream, recorded for the replay (untimed: recording is the benchmark's apparatus)
            using (var rec = new CommandFile(file, cfg))
            {
                var recorder = new MemorySystem(cfg) { Observer = new CommandFileRecorder(rec, cfg.Org) };
                SimulationRunner.Run(recorder, Workloads.FromPattern(cfg, Pattern.Mix, requests, 5));
            }

            using var server = RtlServer.Start();
            // warm-up: a tenth of the workload through the bridge (JIT tiering of the bridge and checker code)
            CoSimulate(server, cfg, Math.Max(1000, requests / 10));
            var (cosimSeconds, commands, mismatches, violations) = CoSimulate(server, cfg, requests);
            if (commands != aloneCommands) throw new InvalidOperationException($"the co-simulated run issued {commands} commands, the model alone {aloneCommands}");
            var psi = new ProcessStartInfo(RtlBuild.ServerPath) { RedirectStandardOutput = true };
            psi.ArgumentList.Add("--replay");
            psi.ArgumentList.Add(file);
            using var p = Process.Start(psi)!;
            string outText = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var line = outText.Split('\n').FirstOrDefault(l => l.StartsWith("REPLAY", StringComparison.Ordinal)) ?? throw new InvalidOperationException("replay printed no result: " + outText);
            double replaySeconds = double.Parse(line.Split(' ').First(f => f.StartsWith("seconds=", StringComparison.Ordinal))[8..], CultureInfo.InvariantCulture);
            var r = new
            {
                commands, modelOnlyCommandsPerSecond = aloneCommands / modelSeconds, cosimSeconds, cosimCommandsPerSecond = commands / cosimSeconds,
                replaySeconds, replayCommandsPerSecond = commands / replaySeconds, cosimOverReplay = cosimSeconds / replaySeconds, mismatches, violations,
                batch = 4096, lookahead = 4, transport = "TCP loopback",
            };
            var t = new Table().Border(TableBorder.Rounded).Title("[bold]co-simulation throughput[/] (hbm2-2000, random 2:1 mix, checker mode)").AddColumns("", "");
            t.AddRow("commands", commands.ToString("N0"));
            t.AddRow("model alone", $"{r.modelOnlyCommandsPerSecond / 1e6:F2} M commands/s");
            t.AddRow("model + bridge + RTL", $"{cosimSeconds:F2} s, {r.cosimCommandsPerSecond / 1e6:F3} M commands/s ({mismatches} mismatches, {violations} violations)");
            t.AddRow("RTL replaying the file (no gRPC)", $"{replaySeconds:F2} s, {r.replayCommandsPerSecond / 1e6:F3} M commands/s");
            t.AddRow("co-simulation / replay time", $"{r.cosimOverReplay:F2}x");
            AnsiConsole.Write(t);
            if (json != null) File.WriteAllText(json, JsonSerializer.Serialize(r, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        finally { File.Delete(file); }
    }

    /// <summary>One checker-mode co-simulation of the benchmark workload on a freshly configured RTL.</summary>
    private static (double Seconds, long Commands, long Mismatches, long Violations) CoSimulate(RtlServer server, MemoryConfig cfg, long requests)
    {
        server.Configure(cfg, instantiateAll: true);
        using var session = new RtlSession(server, Bridge.Wire.Mode.Check, 16384, 4);
        var chk = new CosimChecker(session, cfg, (int)server.Design.StoredRows);
        var sys = new MemorySystem(cfg) { Observer = chk };
        var sw = Stopwatch.StartNew();
        SimulationRunner.Run(sys, Workloads.FromPattern(cfg, Pattern.Mix, requests, 5));
        chk.Finish();
        return (sw.Elapsed.TotalSeconds, chk.Commands, chk.MismatchCount, chk.ViolationCount);
    }

    private sealed class Counter(Action a) : ICommandObserver
    {
        public void OnCommand(in CommandRecord r) => a();
    }
}
