using System.CommandLine;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Stats;
using HwModel.Traces;
using Spectre.Console;

namespace HwModel.Cli;

/// <summary><c>hwmodel run</c>: one simulation from a trace file or a seeded pattern.</summary>
public static class RunCommand
{
    public static readonly Option<string> Config = new("--config") { Description = "preset name or .toml/.json/DRAMSim3 .ini file", DefaultValueFactory = _ => Presets.Default };
    public static readonly Option<string[]> Set = new("--set") { Description = "override a field: --set timing.nCL=16 (repeatable)", AllowMultipleArgumentsPerToken = false };

    public static Command Build()
    {
        var trace = new Option<string?>("--trace")
        {
            Description = "request trace file (streamed; .gz and .zst read directly)",
        };
        var format = new Option<string>("--trace-format") { Description = "auto, dramsim3, ramulator, dramsys, native", DefaultValueFactory = _ => "auto" };
        var pattern = new Option<string>("--pattern") { Description = "stream, random, mix or strided (when no --trace)", DefaultValueFactory = _ => "random" };
        var requests = new Option<long>("--requests") { Description = "number of generated requests", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<ulong>("--seed") { Description = "generator seed", DefaultValueFactory = _ => 1 };
        var stride = new Option<long>("--stride") { Description = "bytes between strided requests (default: one row of one bank)" };
        var readFraction = new Option<double>("--read-fraction") { Description = "share of reads for --pattern mix", DefaultValueFactory = _ => 2.0 / 3.0 };
        var json = new Option<string?>("--stats-json") { Description = "write the stats as JSON (docs/stats-schema.md)" };
        var csv = new Option<string?>("--stats-csv") { Description = "write the stats as CSV" };
        var check = new Option<bool>("--check") { Description = "feed every issued command through the independent timing checker" };
        var cmdTrace = new Option<string?>("--command-trace") { Description = "write every issued command to this file" };
        var quiet = new Option<bool>("--quiet") { Description = "no summary table" };
        var threads = new Option<int>("--threads")
        {
            Description = "threads simulating channels (results are identical for any count)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };

        var epochs = new Option<long>("--epoch-cycles")
        {
            Description = "add per-epoch bandwidth, latency percentiles, row-hit rate and occupancy to the stats",
        };
        var cmd = new Command("run", "simulate a workload (no arguments: 100k random reads on hbm3-6400)")
        {
            Config, trace, format, pattern, requests, seed, stride, readFraction, json, csv, Set, check, cmdTrace, quiet,
            threads, epochs, WaveOptions.Timeline, WaveOptions.Vcd, WaveOptions.Window, WaveOptions.Channels,
        };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            // every input, option and output is checked here, before the first simulated cycle
            var warnings = new List<string>();
            string configArg = pr.GetValue(Config)!;
            var cfg = ConfigLoader.Load(configArg, pr.GetValue(Set), warnings);
            foreach (var w in warnings) Console.Error.WriteLine($"warning: {w}");
            int nThreads = pr.GetValue(threads);
            Cli.Range("--threads", nThreads, 1, 1024);
            long epochCycles = pr.GetValue(epochs);
            if (pr.GetResult(epochs) is { Implicit: false }) Cli.Range("--epoch-cycles", epochCycles, 1, 1L << 40);
            string? tf = pr.GetValue(trace);
            Workloads.ParseFormat(pr.GetValue(format)); // a bad --trace-format is refused before any file is opened
            Pattern pat = Workloads.ParsePattern(pr.GetValue(pattern)!);
            if (tf != null)
            {
                foreach (var o in new Option[] { pattern, requests, seed, stride, readFraction })
                    if (pr.GetResult(o) is { Implicit: false })
                        throw new ConfigException(o.Name, o.Name, null,
                            "describes a generated pattern and is not used with --trace; give one workload");
            }
            else if (pr.GetResult(format) is { Implicit: false })
                throw new ConfigException("--trace-format", "--trace-format", pr.GetValue(format),
                    "applies to --trace only");
            else
            {
                if (pr.GetResult(readFraction) is { Implicit: false } && pat != Traces.Pattern.Mix)
                    throw new ConfigException("--read-fraction", "--read-fraction", null,
                        "applies to --pattern mix only");
                if (pr.GetResult(stride) is { Implicit: false } && pat != Traces.Pattern.Strided)
                    throw new ConfigException("--stride", "--stride", null, "applies to --pattern strided only");
            }
            string? traceOut = pr.GetValue(cmdTrace);
            var paths = new OutputPaths().Input("--config", configArg).Input("--trace", tf)
                .Output("--stats-json", pr.GetValue(json)).Output("--stats-csv", pr.GetValue(csv))
                .Output("--command-trace", traceOut);
            var waveWindow = WaveOptions.Parse(pr, cfg, paths);
            paths.Check();

            FileStream? traceFile = null;
            ITraceSource src;
            // one thread parses a trace file ahead of the model when the model itself runs on one
            if (tf != null) src = Workloads.FromTraceFile(tf, pr.GetValue(format), cfg, nThreads == 1, out traceFile);
            else
                src = Workloads.FromPattern(cfg, pat, pr.GetValue(requests), pr.GetValue(seed), pr.GetValue(stride),
                    pr.GetValue(readFraction));

            var checkers = pr.GetValue(check) ? new TimingChecker[cfg.Org.Channels] : null;
            var partFiles = traceOut == null ? null
                : Enumerable.Range(0, cfg.Org.Channels).Select(c => $"{traceOut}.ch{c}.tmp").ToArray();
            var partWriters = partFiles?.Select(f => new StreamWriter(f, false, new System.Text.UTF8Encoding(false),
                1 << 16)).ToArray();
            using var waves = WaveOptions.Open(pr, cfg, Spec.TimingTable.For(cfg), waveWindow, cfg.Org.Channels,
                src.Description, epochCycles > 0 ? epochCycles : 1000);
            var runner = new ChannelPartitionedRunner(cfg, ch =>
            {
                var observers = new List<ICommandObserver>();
                if (checkers != null) observers.Add(checkers[ch] = new TimingChecker(cfg) { OnlyChannel = ch });
                if (partWriters != null) observers.Add(new CommandTrace.Writer(partWriters[ch]));
                if (waveWindow.Includes(ch) && waves.For(ch) is { } w) observers.Add(w);
                return observers.Count switch { 0 => null, 1 => observers[0], _ => new CommandFanOut([.. observers]) };
            }, epochCycles);
            for (int ch = 0; ch < cfg.Org.Channels; ch++) waves.Controllers(ch, runner.Systems[ch].Controllers);

            Interrupt.Install();
            var stoppable = new StoppableTraceSource(src, () => Interrupt.Requested);
            ChannelPartitionedRunner.Result result;
            try
            {
                using (stoppable) result = RunWithProgress(runner, stoppable, nThreads, traceFile);
            }
            finally
            {
                waves.Finish();
                if (partWriters != null)
                {
                    foreach (var w in partWriters) w.Dispose();
                    if (File.Exists(partFiles![0]))
                        using (var output = new StreamWriter(traceOut!, false, new System.Text.UTF8Encoding(false),
                                   1 << 16))
                            CommandTraceMerge.Merge(partFiles, output);
                    foreach (var f in partFiles) File.Delete(f);
                }
            }
            string? error = result.Error?.Message;
            var report = ReportBuilder.Build(result, src.Description, checkers);
            if (error != null) report.Workload += $" (stopped early: {error})";
            report.Interrupted = stoppable.Stopped;
            if (!pr.GetValue(quiet)) ConsoleReport.Print(report);
            if (pr.GetValue(json) is { } jf) File.WriteAllText(jf, report.ToJson());
            if (pr.GetValue(csv) is { } cf) File.WriteAllText(cf, CsvReport.Format(report));
            if (error != null) { Console.Error.WriteLine($"error: {error}"); return 2; }
            if (stoppable.Stopped)
            {
                Console.Error.WriteLine($"interrupted after {report.Requests:N0} requests; the stats so far are " +
                    "written, marked \"interrupted\": true");
                return Interrupt.ExitCode;
            }
            return report.Checker is { Violations: > 0 } ? 1 : 0;
        }));
        return cmd;
    }

    private static ChannelPartitionedRunner.Result RunWithProgress(ChannelPartitionedRunner runner, ITraceSource src,
        int threads, FileStream? traceFile)
    {
        bool show = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
            && (traceFile != null || src.Count >= 1_000_000);
        if (!show) return runner.Run(src, threads);
        ChannelPartitionedRunner.Result? result = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        AnsiConsole.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                // a trace file's progress is the share of its bytes read (compressed or not): that gives the ETA
                long total = traceFile != null ? Math.Max(1, traceFile.Length) : src.Count;
                var task = ctx.AddTask("simulating", maxValue: total);
                result = runner.Run(src, threads, n =>
                {
                    task.Value = traceFile != null ? traceFile.Position : n;
                    long cycles = runner.Systems.Max(s => s.Now);
                    double rate = n / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                    task.Description = $"{n:N0} requests, {cycles:N0} cycles, {rate / 1e6:F2} M req/s";
                });
                task.Value = total;
            });
        return result!;
    }
}
