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

    /// <summary>Timed runs per measurement (the median is reported, every run kept): a neighbour on a shared machine
    /// can slow a second or more of runs.</summary>
    private const int TimedRuns = 5;

    /// <summary>One workload's figures: medians of <see cref="TimedRuns"/> steady-state runs (after warm-up), with
    /// every run's co-simulation and replay time; mismatches, violations and commands checked count every run,
    /// warm-ups included.</summary>
    public sealed record Result(string Workload, long Commands, double ModelOnlyCommandsPerSecond, double CosimSeconds,
        double CosimCommandsPerSecond, double ReplaySeconds, double ReplayCommandsPerSecond, double CosimOverReplay,
        long Mismatches, long Violations, double[] CosimRunsSeconds, double[] ReplayRunsSeconds, int WarmUpRuns, long CheckedCommands)
    {
        /// <summary>The co-simulation against the slower of its two halves run alone (the model, the RTL replay):
        /// what the bridge costs beyond the work itself.</summary>
        public double CosimOverSlowerPart => CosimSeconds / Math.Max(Commands / ModelOnlyCommandsPerSecond, ReplaySeconds);
    }

    /// <summary>The <c>--json</c> document: the random mix's figures at the top level, every workload below.</summary>
    public sealed record CosimBenchDoc(long Commands, double ModelOnlyCommandsPerSecond, double CosimSeconds,
        double CosimCommandsPerSecond, double ReplaySeconds, double ReplayCommandsPerSecond, double CosimOverReplay,
        double CosimOverSlowerPart, long Mismatches, long Violations, int Batch, int Lookahead, string Transport,
        Result[] Workloads);

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
                $"{r.CosimSeconds:F3} s ({Range(r.CosimRunsSeconds)}), {r.CosimCommandsPerSecond / 1e6:F3} M commands/s ({r.Mismatches} mismatches, {r.Violations} violations)",
                $"{r.ReplaySeconds:F3} s ({Range(r.ReplayRunsSeconds)}), {r.ReplayCommandsPerSecond / 1e6:F3} M commands/s", $"{r.CosimOverReplay:F2}x", $"{r.CosimOverSlowerPart:F2}x");
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        AnsiConsole.Write(t);
        Console.WriteLine($"median of {TimedRuns} timed runs each (range in brackets), after warm-up runs until steady ({mix.WarmUpRuns} and {stream.WarmUpRuns} runs: two in a row within 5 %, the JIT compiler quiet)");
        Console.WriteLine($"every run is checked: {mix.CheckedCommands + stream.CheckedCommands:N0} commands compared with the RTL, {mix.Mismatches + stream.Mismatches} mismatches, {mix.Violations + stream.Violations} violations (warm-up and timed runs)");
        if (json != null)
        {
            // top-level fields: the random mix (as before); every workload under "workloads"
            var doc = new CosimBenchDoc(mix.Commands, mix.ModelOnlyCommandsPerSecond, mix.CosimSeconds,
                mix.CosimCommandsPerSecond, mix.ReplaySeconds, mix.ReplayCommandsPerSecond, mix.CosimOverReplay,
                mix.CosimOverSlowerPart, mix.Mismatches, mix.Violations, BatchSize, Lookahead, "TCP loopback",
                [mix, stream]);
            File.WriteAllText(json, JsonSerializer.Serialize(doc, CliJson.Default.CosimBenchDoc));
        }
        return mix.Mismatches + mix.Violations + stream.Mismatches + stream.Violations > 0 ? 1 : 0;
    }

    /// <summary>The model alone, the co-simulation and the RTL replaying the same commands from a file, for one
    /// workload: each warmed up, then the median of <see cref="TimedRuns"/> runs.</summary>
    private static Result Measure(RtlServer server, MemoryConfig cfg, string name, Pattern pattern, long requests)
    {
        string file = Path.Combine(Path.GetTempPath(), $"hwmodel-cosim-bench-{Environment.ProcessId}.bin");
        try
        {
            // the model alone, for reference (after a warm-up)
            long aloneCommands = 0;
            double ModelAlone()
            {
                var alone = new MemorySystem(cfg);
                aloneCommands = 0;
                alone.Observer = new Counter(() => aloneCommands++);
                var sw = Stopwatch.StartNew();
                SimulationRunner.Run(alone, Workloads.FromPattern(cfg, pattern, requests, 5));
                return sw.Elapsed.TotalSeconds;
            }
            WarmUp(ModelAlone);
            double modelSeconds = Median([.. Enumerable.Range(0, TimedRuns).Select(_ => ModelAlone())]);

            // the same command stream, recorded for the replay (untimed: recording is the benchmark's apparatus)
            using (var rec = new CommandFile(file, cfg))
            {
                var recorder = new MemorySystem(cfg) { Observer = new CommandFileRecorder(rec, cfg.Org) };
                SimulationRunner.Run(recorder, Workloads.FromPattern(cfg, pattern, requests, 5));
            }

            // warm-up: the workload through the bridge (JIT tiering of the bridge and checker code), then timed runs;
            // every run is checked (mismatches and violations add up over all of them)
            long commands = 0, mismatches = 0, violations = 0, checkedCommands = 0;
            int warmUps = WarmUp(() =>
            {
                var run = CoSimulate(server, cfg, pattern, requests);
                mismatches += run.Mismatches; violations += run.Violations; checkedCommands += run.Commands;
                return run.Seconds;
            });
            var cosimRuns = new double[TimedRuns];
            for (int i = 0; i < TimedRuns; i++)
            {
                var run = CoSimulate(server, cfg, pattern, requests);
                if (run.Commands != aloneCommands) throw new InvalidOperationException($"the co-simulated run issued {run.Commands} commands, the model alone {aloneCommands}");
                cosimRuns[i] = run.Seconds;
                commands = run.Commands; mismatches += run.Mismatches; violations += run.Violations; checkedCommands += run.Commands;
            }
            var replayRuns = new double[TimedRuns];
            for (int i = 0; i < TimedRuns; i++) replayRuns[i] = Replay(file);
            double cosimSeconds = Median(cosimRuns), replaySeconds = Median(replayRuns);
            return new Result(name, commands, aloneCommands / modelSeconds, cosimSeconds, commands / cosimSeconds, replaySeconds,
                commands / replaySeconds, cosimSeconds / replaySeconds, mismatches, violations, cosimRuns, replayRuns, warmUps, checkedCommands);
        }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// Full-size runs until the run time is steady, then a pause. The runtime first runs new code unoptimised, then
    /// instrumented (profile-guided optimisation counts every branch), and compiles the final code in the background;
    /// the bridge's many code paths (HTTP/2, protobuf, the thread pool, set-up) keep the compiler busy for several runs,
    /// on the core the RTL server needs (measured on the mix: 0.74, 0.40, 0.48, 0.49, 0.39, 0.35, ... 0.32 s, with
    /// 100-300 ms of compilation in each of the first runs). Steady: at least three runs, the last within 5 % of the one
    /// before, and the compiler busy for under 2 % of the last run; at most twelve runs. Returns the number of runs.
    /// </summary>
    private static int WarmUp(Func<double> run)
    {
        double last = double.NaN;
        int n = 0;
        while (n < 12)
        {
            var jit0 = System.Runtime.JitInfo.GetCompilationTime();
            double t = run();
            double jitSeconds = (System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalSeconds;
            n++;
            bool steady = n >= 3 && Math.Abs(t - last) <= 0.05 * last && jitSeconds < 0.02 * t;
            last = t;
            if (steady) break;
        }
        Thread.Sleep(300);
        return n;
    }

    private static double Median(double[] xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>The RTL server replaying the command file without gRPC; the seconds it reports (set-up excluded).</summary>
    private static double Replay(string file)
    {
        var psi = new ProcessStartInfo(RtlBuild.ServerPath) { RedirectStandardOutput = true };
        psi.ArgumentList.Add("--replay");
        psi.ArgumentList.Add(file);
        var (_, outText, _) = ChildProcess.Run(psi, TimeSpan.FromMinutes(10));
        var line = outText.Split('\n').FirstOrDefault(l => l.StartsWith("REPLAY", StringComparison.Ordinal)) ?? throw new InvalidOperationException("replay printed no result: " + outText);
        return double.Parse(line.Split(' ').First(f => f.StartsWith("seconds=", StringComparison.Ordinal))[8..], CultureInfo.InvariantCulture);
    }

    /// <summary>One checker-mode co-simulation of the workload on a freshly configured RTL.</summary>
    private static (double Seconds, long Commands, long Mismatches, long Violations) CoSimulate(RtlServer server, MemoryConfig cfg, Pattern pattern, long requests)
    {
        server.Configure(cfg, instantiateAll: true);
        using var session = new RtlSession(server, Bridge.Wire.Mode.Check, BatchSize, Lookahead);
        var chk = new CosimChecker(session, cfg, (int)server.StoredRows(cfg));
        var sys = new MemorySystem(cfg) { Observer = chk };
        var sw = Stopwatch.StartNew();
        SimulationRunner.Run(sys, Workloads.FromPattern(cfg, pattern, requests, 5));
        chk.Finish();
        return (sw.Elapsed.TotalSeconds, chk.Commands, chk.MismatchCount, chk.ViolationCount);
    }

    private static string Range(double[] xs) => $"{xs.Min():F3}-{xs.Max():F3}";

    private sealed class Counter(Action a) : ICommandObserver
    {
        public void OnCommand(in CommandRecord r) => a();
    }
}
