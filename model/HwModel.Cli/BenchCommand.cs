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
/// <c>hwmodel bench</c>: the model's own speed. Each workload runs once small to warm the JIT, then timed. Reports
/// requests and simulated cycles per wall second, bytes allocated per request during the timed run (the hot path
/// must not allocate), and the peak resident memory after streaming a 1M-request trace file.
/// </summary>
public static class BenchCommand
{
    public sealed record Row(string Preset, string Workload, long Requests, long Cycles, double WallSeconds,
        double RequestsPerSecond, double CyclesPerSecond, double BandwidthPercentOfPeak, double AllocatedBytesPerRequest);

    public static Command Build()
    {
        var presets = new Option<string[]>("--presets") { Description = "presets to measure", DefaultValueFactory = _ => ["hbm2-2000", "hbm3-6400"] };
        var scale = new Option<double>("--scale") { Description = "multiply every request count (e.g. 0.1 for a quick look)", DefaultValueFactory = _ => 1.0 };
        var json = new Option<string?>("--json") { Description = "write the results as JSON" };
        var noTrace = new Option<bool>("--no-trace-file") { Description = "skip the 1M-request trace-file run" };
        var cmd = new Command("bench", "measure the model's speed (requests/s, cycles/s, allocation, memory)") { presets, scale, json, noTrace };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            double s = pr.GetValue(scale);
            var rows = new List<Row>();
            var work = new (string Name, Pattern P, long N)[]
            {
                ("stream 1M reads", Pattern.Stream, 1_000_000), ("random 200k reads", Pattern.Random, 200_000),
                ("mix 200k 2:1 r/w", Pattern.Mix, 200_000), ("row-conflict stride 200k", Pattern.Strided, 200_000),
            };
            foreach (var preset in pr.GetValue(presets)!)
            {
                var cfg = ConfigLoader.Load(preset);
                foreach (var (name, p, n) in work)
                {
                    // warm-up: the same workload once, so the timed run measures tiered-JIT steady state
                    Measure(cfg, Workloads.FromPattern(cfg, p, Math.Max(1000, (long)(n * s)), 7), name);
                    rows.Add(Measure(cfg, Workloads.FromPattern(cfg, p, Math.Max(1000, (long)(n * s)), 1), name) with { Preset = preset });
                }
            }
            if (!pr.GetValue(noTrace)) rows.Add(TraceFileRun((long)(1_000_000 * s)));
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
            var t = new Table().Border(TableBorder.Rounded).AddColumns("preset", "workload", "requests", "sim cycles", "wall s",
                "M requests/s", "M cycles/s", "% of peak BW", "alloc B/request");
            string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
            foreach (var r in rows)
                t.AddRow(r.Preset, r.Workload, r.Requests.ToString("N0"), r.Cycles.ToString("N0"), F(r.WallSeconds, "0.000"),
                    F(r.RequestsPerSecond / 1e6, "0.00"), F(r.CyclesPerSecond / 1e6, "0.0"), F(r.BandwidthPercentOfPeak, "0.0"), F(r.AllocatedBytesPerRequest, "0.0"));
            AnsiConsole.Write(t);
            long rss = Process.GetCurrentProcess().PeakWorkingSet64;
            Console.WriteLine($"peak resident memory of this process: {rss / 1048576.0:0} MB");
            if (pr.GetValue(json) is { } jf)
                File.WriteAllText(jf, JsonSerializer.Serialize(new { rows, peakResidentMB = rss / 1048576.0 }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
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
            using var src = new TraceFileReader(path, TraceFormat.Native, cfg.Org.AccessBytes);
            return Measure(cfg, src, $"trace file, {n / 1000}k random reads") with { Preset = cfg.Name };
        }
        finally { File.Delete(path); }
    }
}
