using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Traces;
using Spectre.Console;

namespace HwModel.Cli;

/// <summary>
/// <c>hwmodel bench</c>: the model's own speed. Each workload runs once to warm the JIT, then five times timed (the median is reported). Reports
/// requests and simulated cycles per wall second (each measurement in its own child process unless --in-process), bytes allocated per request during the timed run (the hot path
/// must not allocate), and the peak resident memory after streaming a 1M-request trace file.
/// </summary>
public static class BenchCommand
{
    /// <summary>One measurement: <see cref="WallSeconds"/> is the median of <see cref="WallSecondsRuns"/> (identical
    /// simulations, timed one after another after a warm-up run), and the rates derive from it.</summary>
    public sealed record Row(string Preset, string Workload, long Requests, long Cycles, double WallSeconds,
        double RequestsPerSecond, double CyclesPerSecond, double BandwidthPercentOfPeak, double AllocatedBytesPerRequest, double PeakResidentMB = 0,
        double[]? WallSecondsRuns = null);

    /// <summary>The <c>--json</c> document.</summary>
    public sealed record BenchDoc(List<ColdBench.ColdRow> ColdRows, List<Row> Rows);

    /// <summary>DRAMSim3's HBM2 .ini as shipped in testbenches/, found from the program's folder upwards.</summary>
    private static string? DefaultColdConfig()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var f = Path.Combine(d.FullName, "testbenches", "configs", "HBM2_8Gb_x128.ini");
            if (File.Exists(f)) return f;
        }
        return null;
    }

    /// <summary>Timed runs per measurement; the median is reported. A shared machine slows single runs, sometimes
    /// whole processes, by up to half (ten processes of the same hbm2-2000 stream measurement: 4.5 to 7.75 M
    /// requests/s; within one process 0.129, 0.174, 0.143 s).</summary>
    private const int TimedRuns = 5;

    private static readonly (string Name, Pattern P, long N)[] Work =
    [
        ("stream 1M reads", Pattern.Stream, 1_000_000), ("random 200k reads", Pattern.Random, 200_000),
        ("mix 200k 2:1 r/w", Pattern.Mix, 200_000), ("row-conflict stride 200k", Pattern.Strided, 200_000),
    ];

    /// <summary>One workload: a same-size warm-up run (tiered JIT), then the timed run.</summary>
    private static Row RunOne(string preset, int index, double scale)
    {
        var cfg = ConfigLoader.Load(preset);
        var (name, p, n) = Work[index];
        long count = Math.Max(1000, (long)(n * scale));
        Measure(cfg, Workloads.FromPattern(cfg, p, count, 7), name);
        return Median([.. Enumerable.Range(0, TimedRuns).Select(_ => Measure(cfg, Workloads.FromPattern(cfg, p, count, 1), name))]) with { Preset = preset };
    }

    /// <summary>The run with the median wall time, carrying every run's wall time.</summary>
    private static Row Median(Row[] runs)
    {
        var sorted = runs.OrderBy(r => r.WallSeconds).ToArray();
        return sorted[sorted.Length / 2] with { WallSecondsRuns = [.. runs.Select(r => r.WallSeconds)] };
    }

    /// <summary>Runs one measurement in a fresh process, so that no workload inherits another's JIT profile or heap.</summary>
    private static Row Child(string job, double scale)
    {
        var psi = SelfProcess.StartInfo(
            ["bench", "--single", job, "--scale", scale.ToString(CultureInfo.InvariantCulture)]);
        var (code, output, _) = Bridge.ChildProcess.Run(psi, TimeSpan.FromMinutes(30));
        if (code != 0) throw new InvalidOperationException($"bench child '{job}' failed with exit code {code}");
        return JsonSerializer.Deserialize(output.Trim().Split('\n')[^1], CliJson.Default.Row)!;
    }

    public static Command Build()
    {
        var presets = new Option<string[]>("--presets") { Description = "presets to measure", DefaultValueFactory = _ => ["hbm2-2000", "hbm3-6400"] };
        var scale = new Option<double>("--scale") { Description = "multiply every request count (e.g. 0.1 for a quick look)", DefaultValueFactory = _ => 1.0 };
        var json = new Option<string?>("--json") { Description = "write the results as JSON" };
        var noTrace = new Option<bool>("--no-trace-file") { Description = "skip the 1M-request trace-file run" };
        var inProcess = new Option<bool>("--in-process") { Description = "run every measurement in this process instead of one child process each" };
        var single = new Option<string?>("--single") { Description = "internal: run one measurement (preset:index) and print it as JSON", Hidden = true };
        var cosim = new Option<bool>("--cosim") { Description = "measure co-simulation: 10^6 commands through the bridge against the same RTL replaying them from a file" };
        var noSteady = new Option<bool>("--no-steady") { Description = "only the cold-process runs" };
        var noCold = new Option<bool>("--no-cold") { Description = "skip the cold-process runs on trace files" };
        var coldRuns = new Option<int>("--cold-runs")
        {
            Description = "cold processes per workload (the median is reported)", DefaultValueFactory = _ => 5,
        };
        var coldConfigs = new Option<string[]>("--cold-configs")
        {
            Description = "configurations of the cold runs "
                + "(default: DRAMSim3's HBM2 .ini from testbenches/, hbm3-6400)",
        };
        var cmd = new Command("bench",
            "measure the model's speed: cold processes on trace files (wall time, peak RSS), "
            + "then steady-state requests/s, cycles/s, allocation")
        {
            presets, scale, json, noTrace, inProcess, single, cosim, noCold, coldRuns, coldConfigs, noSteady,
        };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            double s = pr.GetValue(scale);
            Cli.Range("--scale", s, 1e-6, 1000);
            new OutputPaths().Output("--json", pr.GetValue(json)).Check();
            if (pr.GetValue(cosim)) return CosimBench.Run(s, pr.GetValue(json));
            if (pr.GetValue(single) is { } one)
            {
                var parts = one.Split(':');
                var row = parts[0] == "trace" ? TraceFileRun((long)(1_000_000 * s)) : RunOne(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), s);
                Console.WriteLine(JsonSerializer.Serialize(row with
                {
                    PeakResidentMB = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
                }, CliJson.Compact.Row));
                return 0;
            }
            var cold = new List<ColdBench.ColdRow>();
            if (!pr.GetValue(noCold))
            {
                int runs = pr.GetValue(coldRuns);
                if (runs < 1) throw new ConfigException("--cold-runs", "--cold-runs",
                    runs.ToString(CultureInfo.InvariantCulture), "expected at least 1");
                var configs = pr.GetValue(coldConfigs) is { Length: > 0 } cc ? cc
                    : DefaultColdConfig() is { } ini ? [ini, "hbm3-6400"] : ["hbm3-6400"];
                foreach (var c in configs) ConfigLoader.Load(c); // fail early on a bad name
                foreach (var c in configs)
                {
                    Console.Error.WriteLine(
                        $"bench: cold processes on {Path.GetFileName(c)} ({ColdBench.Describe()})...");
                    cold.AddRange(ColdBench.Run(c, s, runs, Path.GetFileName(c)));
                }
                if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
                var ct = new Table().Border(TableBorder.Rounded)
                    .Title("[bold]cold processes[/]: one new process per run on a DRAMSim3-format trace file, "
                        + $"median of {runs}")
                    .AddColumns("config", "workload", "requests", "sim cycles", "whole process s", "in-process sim s",
                        "peak RSS MB", "start-up floor s");
                foreach (var r in cold)
                    ct.AddRow(r.Config, r.Workload, r.Requests.ToString("N0"), r.Cycles.ToString("N0"),
                        ColdBench.F(r.ProcessSeconds),
                        ColdBench.F(r.SimulationSeconds), r.PeakResidentMB.ToString("0", CultureInfo.InvariantCulture),
                        ColdBench.F(r.StartupFloorSeconds));
                AnsiConsole.Write(ct);
                Console.WriteLine("start-up floor: `hwmodel --version` as a cold process; peak RSS: the child's VmHWM");
            }
            var rows = new List<Row>();
            var jobs = new List<string>();
            foreach (var preset in pr.GetValue(noSteady) ? [] : pr.GetValue(presets)!)
            {
                ConfigLoader.Load(preset); // fail early on a bad name
                for (int i = 0; i < Work.Length; i++) jobs.Add($"{preset}:{i}");
            }
            if (!pr.GetValue(noTrace) && !pr.GetValue(noSteady)) jobs.Add("trace");
            foreach (var job in jobs)
            {
                if (pr.GetValue(inProcess))
                {
                    var parts = job.Split(':');
                    rows.Add(parts[0] == "trace" ? TraceFileRun((long)(1_000_000 * s)) : RunOne(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), s));
                }
                else rows.Add(Child(job, s));
            }
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
            var t = new Table().Border(TableBorder.Rounded).AddColumns("preset", "workload", "requests", "sim cycles", "wall s",
                "M requests/s", "M cycles/s", "% of peak BW", "alloc B/request", "peak RSS MB");
            string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
            foreach (var r in rows)
                t.AddRow(r.Preset, r.Workload, r.Requests.ToString("N0"), r.Cycles.ToString("N0"), F(r.WallSeconds, "0.000"),
                    F(r.RequestsPerSecond / 1e6, "0.00"), F(r.CyclesPerSecond / 1e6, "0.0"), F(r.BandwidthPercentOfPeak, "0.0"), F(r.AllocatedBytesPerRequest, "0.0"), F(r.PeakResidentMB, "0"));
            AnsiConsole.Write(t);
            Console.WriteLine(pr.GetValue(inProcess)
                ? $"peak resident memory of this process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"
                : $"each row ran in its own process (a warm-up run, then {TimedRuns} timed runs: the median is shown); peak RSS is that process's");
            if (pr.GetValue(json) is { } jf)
                File.WriteAllText(jf, JsonSerializer.Serialize(new BenchDoc(cold, rows), CliJson.Default.BenchDoc));
            return 0;
        }));
        return cmd;
    }

    public static Row Measure(MemoryConfig cfg, ITraceSource src, string name)
    {
        var sys = new MemorySystem(cfg);
        GC.Collect();
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        double wall = SimulationRunner.Run(sys, src);
        long alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
        long n = sys.CompletedReads + sys.CompletedWrites;
        var rep = Stats.ReportBuilder.Build(sys, name, wall);
        return new Row(cfg.Name, name, n, sys.Now, wall, n / wall, sys.Now / wall, rep.BandwidthPercentOfPeak, (double)alloc / n);
    }

    private static Row TraceFileRun(long n)
    {
        var cfg = Presets.Get("hbm3-6400");
        string path = Path.Combine(Path.GetTempPath(), $"hwmodel-bench-{Environment.ProcessId}.trace");
        try
        {
            using (var w = new StreamWriter(path))
            {
                var gen = Workloads.FromPattern(cfg, Pattern.Random, n, 3);
                while (gen.TryRead(out var r)) w.WriteLine($"0 {(r.IsWrite ? 'W' : 'R')} 0x{r.Address:X}");
            }
            var runs = new Row[TimedRuns];
            for (int i = 0; i < TimedRuns; i++)
            {
                using var src = new TraceFileReader(path, TraceFormat.Native, cfg.Org.AccessBytes);
                runs[i] = Measure(cfg, src, $"trace file, {n / 1000}k random reads");
            }
            return Median(runs) with { Preset = cfg.Name };
        }
        finally { File.Delete(path); }
    }
}
