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

        var cmd = new Command("run", "simulate a workload (no arguments: 100k random reads on hbm3-6400)")
        {
            Config, trace, format, pattern, requests, seed, stride, readFraction, json, csv, Set, check, cmdTrace, quiet,
            threads,
        };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            var warnings = new List<string>();
            var cfg = ConfigLoader.Load(pr.GetValue(Config)!, pr.GetValue(Set), warnings);
            foreach (var w in warnings) Console.Error.WriteLine($"warning: {w}");
            int nThreads = pr.GetValue(threads);
            if (nThreads is < 1 or > 1024)
                throw new ConfigException("--threads", "--threads",
                    nThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "expected 1..1024");
            // one thread parses a trace file ahead of the model when the model itself runs on one
            ITraceSource src = pr.GetValue(trace) is { } tf
                ? (nThreads == 1 ? Workloads.FromTraceFile(tf, pr.GetValue(format), cfg)
                    : new TraceFileReader(tf, Workloads.ParseFormat(pr.GetValue(format)), cfg.Org.AccessBytes))
                : Workloads.FromPattern(cfg, Workloads.ParsePattern(pr.GetValue(pattern)!), pr.GetValue(requests), pr.GetValue(seed), pr.GetValue(stride), pr.GetValue(readFraction));
            var checkers = pr.GetValue(check) ? new TimingChecker[cfg.Org.Channels] : null;
            string? traceOut = pr.GetValue(cmdTrace);
            var partFiles = traceOut == null ? null
                : Enumerable.Range(0, cfg.Org.Channels).Select(c => $"{traceOut}.ch{c}.tmp").ToArray();
            var partWriters = partFiles?.Select(f => new StreamWriter(f, false, new System.Text.UTF8Encoding(false),
                1 << 16)).ToArray();
            var runner = new ChannelPartitionedRunner(cfg, ch =>
            {
                var observers = new List<ICommandObserver>();
                if (checkers != null) observers.Add(checkers[ch] = new TimingChecker(cfg) { OnlyChannel = ch });
                if (partWriters != null) observers.Add(new CommandTrace.Writer(partWriters[ch]));
                return observers.Count switch { 0 => null, 1 => observers[0], _ => new CommandFanOut([.. observers]) };
            });

            ChannelPartitionedRunner.Result result;
            using (src) result = RunWithProgress(runner, src, nThreads);
            string? error = result.Error?.Message;
            if (partWriters != null)
            {
                foreach (var w in partWriters) w.Dispose();
                using (var output = new StreamWriter(traceOut!, false, new System.Text.UTF8Encoding(false), 1 << 16))
                    CommandTraceMerge.Merge(partFiles!, output);
                foreach (var f in partFiles!) File.Delete(f);
            }
            var report = ReportBuilder.Build(result, src.Description, checkers);
            if (error != null) report.Workload += $" (stopped early: {error})";
            if (!pr.GetValue(quiet)) ConsoleReport.Print(report);
            if (pr.GetValue(json) is { } jf) File.WriteAllText(jf, report.ToJson());
            if (pr.GetValue(csv) is { } cf) File.WriteAllText(cf, CsvReport.Format(report));
            if (error != null) { Console.Error.WriteLine($"error: {error}"); return 2; }
            return report.Checker is { Violations: > 0 } ? 1 : 0;
        }));
        return cmd;
    }

    private static ChannelPartitionedRunner.Result RunWithProgress(ChannelPartitionedRunner runner, ITraceSource src,
        int threads)
    {
        bool show = AnsiConsole.Profile.Capabilities.Interactive && (src.Count < 0 || src.Count >= 1_000_000) && !Console.IsOutputRedirected;
        if (!show) return runner.Run(src, threads);
        ChannelPartitionedRunner.Result? result = null;
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("simulating", maxValue: src.Count > 0 ? src.Count : 1);
            if (src.Count < 0) task.IsIndeterminate = true;
            result = runner.Run(src, threads, n
                => { if (src.Count > 0) task.Value = n; else task.Description = $"simulating ({n:N0} requests)"; });
        });
        return result!;
    }
}
