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
/// <c>hwmodel bench --cosim</c>: streams about 10^6 commands through the gRPC bridge in checker mode, for two
/// workloads on hbm2-2000 (a random 2:1 read/write mix, and a sequential read stream), records the same commands to a
/// file, and times the RTL server replaying that file without gRPC: commands per second for both and the ratio of the
/// two times, with the model alone for reference (the co-simulation cannot be faster than the model that drives it).
/// </summary>
public static class CosimBench
{
    private const int BatchSize = 16384, Lookahead = 4;

    /// <summary>One workload's figures.</summary>
    public sealed record Result(string Workload, long Commands, double ModelOnlyCommandsPerSecond, double CosimSeconds,
        double CosimCommandsPerSecond, double ReplaySeconds, double ReplayCommandsPerSecond, double CosimOverReplay,
        long Mismatches, long Violations)
    {
        /// <summary>The co-simulation against the slower of its two halves run alone (the model, the RTL replay):
        /// what the bridge costs beyond the work itself.</summary>
        public double CosimOverSlowerPart => CosimSeconds / Math.Max(Commands / ModelOnlyCommandsPerSecond, ReplaySeconds);
    }

    public static int Run(double scale, string? json)
    {
        var cfg = Presets.Get("hbm2-2000");
        using var server = RtlServer.Start();
        // the realistic case (random 2:1 read/write mix: row misses, write data, the model's scheduler busy) and the
        // bridge's own cost (a sequential read stream: row hits, the model cheap, 32 bytes of read data per command)
        var mix = Measure(server, cfg, "random 2:1 mix", Pattern.Mix, Math.Max(1000, (long)(330_000 * scale)));
        var stream = Measure(server, cfg, "sequential read stream", Pattern.Stream, Math.Max(1000, (long)(1_000_000 * scale)));
        var t = new Table().Border(TableBorder.Rounded).Title("[bold]co-simulation throughput[/] (hbm2-2000, checker mode, TCP loopback)")
            .AddColumns("workload", "commands", "model alone", "model + bridge + RTL", "RTL replaying the file (no gRPC)", "co-simulation / replay time",
                "co-simulation / slower of model alone and replay");
        foreach (var r in new[] { mix, stream })
            t.AddRow(r.Workload, r.Commands.ToString("N0"), $"{r.ModelOnlyCommandsPerSecond / 1e6:F2} M commands/s",
                $"{r.CosimSeconds:F2} s, {r.CosimCommandsPerSecond / 1e6:F3} M commands/s ({r.Mismatches} mismatches, {r.Violations} violations)",
                $"{r.ReplaySeconds:F2} s, {r.ReplayCommandsPerSecond / 1e6:F3} M commands/s", $"{r.CosimOverReplay:F2}x", $"{r.CosimOverSlowerPart:F2}x");
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        AnsiConsole.Write(t);
        if (json != null)
        {
            // top-level fields: the random mix (as before); every workload under "workloads"
            var doc = new
            {
                commands = mix.Commands, modelOnlyCommandsPerSecond = mix.ModelOnlyCommandsPerSecond, cosimSeconds = mix.CosimSeconds,
                cosimCommandsPerSecond = mix.CosimCommandsPerSecond, replaySeconds = mix.ReplaySeconds, replayCommandsPerSecond = mix.ReplayCommandsPerSecond,
                cosimOverReplay = mix.CosimOverReplay, cosimOverSlowerPart = mix.CosimOverSlowerPart, mismatches = mix.Mismatches, violations = mix.Violations,
                batch = BatchSize, lookahead = Lookahead, transport = "TCP loopback",
                workloads = new[] { mix, stream },
            };
            File.WriteAllText(json, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        }
        return mix.Mismatches + mix.Violations + stream.Mismatches + stream.Violations > 0 ? 1 : 0;
    }

    /// <summary>The model alone, the co-simulation (after a warm-up a tenth the size) and the RTL replaying the same
    /// commands from a file, for one workload.</summary>
    private static Result Measure(RtlServer server, MemoryConfig cfg, string name, Pattern pattern, long requests)
    {
        string file = Path.Combine(Path.GetTempPath(), $"hwmodel-cosim-bench-{Environment.ProcessId}.bin");
        try
        {
            // the model alone, for reference (after a warm-up)
            WarmUp(() => SimulationRunner.Run(new MemorySystem(cfg), Workloads.FromPattern(cfg, pattern, requests, 5)));
            var alone = new MemorySystem(cfg);
            long aloneCommands = 0;
            alone.Observer = new Counter(() => aloneCommands++);
            var sw = Stopwatch.StartNew();
            SimulationRunner.Run(alone, Workloads.FromPattern(cfg, pattern, requests, 5));
            double modelSeconds = sw.Elapsed.TotalSeconds;

            // the same command stream, recorded for the replay (untimed: recording is the benchmark's apparatus)
            using (var rec = new CommandFile(file, cfg))
            {
                var recorder = new MemorySystem(cfg) { Observer = new CommandFileRecorder(rec, cfg.Org) };
                SimulationRunner.Run(recorder, Workloads.FromPattern(cfg, pattern, requests, 5));
            }

            // warm-up: the workload through the bridge (JIT tiering of the bridge and checker code)
            WarmUp(() => CoSimulate(server, cfg, pattern, requests));
            var (cosimSeconds, commands, mismatches, violations) = CoSimulate(server, cfg, pattern, requests);
            if (commands != aloneCommands) throw new InvalidOperationException($"the co-simulated run issued {commands} commands, the model alone {aloneCommands}");
            var psi = new ProcessStartInfo(RtlBuild.ServerPath) { RedirectStandardOutput = true };
            psi.ArgumentList.Add("--replay");
            psi.ArgumentList.Add(file);
            using var p = Process.Start(psi)!;
            string outText = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var line = outText.Split('\n').FirstOrDefault(l => l.StartsWith("REPLAY", StringComparison.Ordinal)) ?? throw new InvalidOperationException("replay printed no result: " + outText);
            double replaySeconds = double.Parse(line.Split(' ').First(f => f.StartsWith("seconds=", StringComparison.Ordinal))[8..], CultureInfo.InvariantCulture);
            return new Result(name, commands, aloneCommands / modelSeconds, cosimSeconds, commands / cosimSeconds, replaySeconds,
                commands / replaySeconds, cosimSeconds / replaySeconds, mismatches, violations);
        }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// Two full-size runs, then a pause: the runtime first runs new code unoptimised, then instrumented (profile-guided
    /// optimisation counts every branch), and compiles the final code in the background about 100 ms after the last
    /// new method; a tenth-size warm-up left the timed run partly in the instrumented code (model alone 2.8 instead of
    /// 4.2 M commands/s on the mix).
    /// </summary>
    private static void WarmUp(Action run)
    {
        run();
        run();
        Thread.Sleep(300);
    }

    /// <summary>One checker-mode co-simulation of the workload on a freshly configured RTL.</summary>
    private static (double Seconds, long Commands, long Mismatches, long Violations) CoSimulate(RtlServer server, MemoryConfig cfg, Pattern pattern, long requests)
    {
        server.Configure(cfg, instantiateAll: true);
        using var session = new RtlSession(server, Bridge.Wire.Mode.Check, BatchSize, Lookahead);
        var chk = new CosimChecker(session, cfg, (int)server.Design.StoredRows);
        var sys = new MemorySystem(cfg) { Observer = chk };
        var sw = Stopwatch.StartNew();
        SimulationRunner.Run(sys, Workloads.FromPattern(cfg, pattern, requests, 5));
        chk.Finish();
        return (sw.Elapsed.TotalSeconds, chk.Commands, chk.MismatchCount, chk.ViolationCount);
    }

    private sealed class Counter(Action a) : ICommandObserver
    {
        public void OnCommand(in CommandRecord r) => a();
    }
}
