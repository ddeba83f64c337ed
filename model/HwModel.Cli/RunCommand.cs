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
        var trace = new Option<string?>("--trace") { Description = "request trace file (streamed)" };
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

        var cmd = new Command("run", "simulate a workload (no arguments: 100k random reads on hbm3-6400)")
        {
            Config, trace, format, pattern, requests, seed, stride, readFraction, json, csv, Set, check, cmdTrace, quiet,
        };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            var warnings = new List<string>();
            var cfg = ConfigLoader.Load(pr.GetValue(Config)!, pr.GetValue(Set), warnings);
            foreach (var w in warnings) Console.Error.WriteLine($"warning: {w}");
            ITraceSource src = pr.GetValue(trace) is { } tf
                ? new TraceFileReader(tf, Workloads.ParseFormat(pr.GetValue(format)), cfg.Org.AccessBytes)
                : Workloads.FromPattern(cfg, Workloads.ParsePattern(pr.GetValue(pattern)!), pr.GetValue(requests), pr.GetValue(seed), pr.GetValue(stride), pr.GetValue(readFraction));
            var sys = new MemorySystem(cfg, pr.GetValue(Config)!);
            TimingChecker? checker = pr.GetValue(check) ? new TimingChecker(cfg, sys.Table) : null;
            StreamWriter? cw = pr.GetValue(cmdTrace) is { } ct ? new StreamWriter(ct) : null;
            var observers = new List<ICommandObserver>();
            if (checker != null) observers.Add(checker);
            if (cw != null) observers.Add(new CommandTrace.Writer(cw));
            if (observers.Count > 0) sys.Observer = observers.Count == 1 ? observers[0] : new CommandFanOut([.. observers]);

            string? error = null;
            double wall;
            using (src)
            {
                try { wall = RunWithProgress(sys, src); }
                catch (TraceFormatException e)
                {
                    // keep what was computed: finish the requests already accepted, report them, then fail
                    error = e.Message;
                    var sw = System.Diagnostics.Stopwatch.StartNew();
                    sys.RunToCompletion();
                    wall = sw.Elapsed.TotalSeconds;
                }
            }
            cw?.Dispose();
            var report = ReportBuilder.Build(sys, src.Description, wall, checker);
            if (error != null) report.Workload += $" (stopped early: {error})";
            if (!pr.GetValue(quiet)) ConsoleReport.Print(report);
            if (pr.GetValue(json) is { } jf) File.WriteAllText(jf, report.ToJson());
            if (pr.GetValue(csv) is { } cf) File.WriteAllText(cf, CsvReport.Format(report));
            if (error != null) { Console.Error.WriteLine($"error: {error}"); return 2; }
            return report.Checker is { Violations: > 0 } ? 1 : 0;
        }));
        return cmd;
    }

    private static double RunWithProgress(MemorySystem sys, ITraceSource src)
    {
        bool show = AnsiConsole.Profile.Capabilities.Interactive && (src.Count < 0 || src.Count >= 1_000_000) && !Console.IsOutputRedirected;
        if (!show) return SimulationRunner.Run(sys, src);
        double wall = 0;
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("simulating", maxValue: src.Count > 0 ? src.Count : 1);
            if (src.Count < 0) task.IsIndeterminate = true;
            wall = SimulationRunner.Run(sys, src, n => { if (src.Count > 0) task.Value = n; else task.Description = $"simulating ({n:N0} requests)"; });
        });
        return wall;
    }
}

