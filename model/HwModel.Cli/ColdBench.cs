using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HwModel.Config;
using HwModel.Traces;

namespace HwModel.Cli;

/// <summary>
/// The cold half of <c>hwmodel bench</c>: each workload as a user runs it, one new process on a trace file in
/// DRAMSim3 format with DRAMSim3's HBM2 .ini, timed from start to exit; peak resident memory from the OS (the
/// child's VmHWM), beside the child's own in-process simulation time.
/// </summary>
public static class ColdBench
{
    /// <summary>One workload's cold figures: medians over the runs, every run's wall time kept.</summary>
    public sealed record ColdRow(string Config, string Workload, long Requests, long Cycles, double ProcessSeconds,
        double SimulationSeconds, double PeakResidentMB, double[] ProcessSecondsRuns, double StartupFloorSeconds);

    /// <summary>The workloads of the comparison with DRAMSim3 (issue figures: the same four kinds and sizes).</summary>
    private static readonly (string Name, Pattern P, long N)[] Work =
    [
        ("1M sequential 64-B reads", Pattern.Stream, 1_048_576), ("200k random reads (1 GiB)", Pattern.Random, 200_000),
        ("200k random 2:1 mix", Pattern.Mix, 200_000), ("200k single-bank row conflicts", Pattern.Strided, 200_000),
    ];

    /// <summary>Writes the traces, then runs every workload <paramref name="runs"/> times, interleaved (one run of
    /// each in turn, so that a slow period of the machine spreads over all of them).</summary>
    public static List<ColdRow> Run(string config, double scale, int runs, string? preset = null)
    {
        var cfg = ConfigLoader.Load(config);
        string dir = Path.Combine(Path.GetTempPath(), $"hwmodel-cold-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var files = new string[Work.Length];
            for (int i = 0; i < Work.Length; i++)
                files[i] = WriteTrace(cfg, Path.Combine(dir, $"w{i}.trace"), Work[i].P, Math.Max(1000,
                    (long)(Work[i].N * scale)));
            var floor = new double[runs];
            var wall = new double[Work.Length][];
            var stats = new JsonElement[Work.Length][];
            for (int i = 0; i < Work.Length; i++) { wall[i] = new double[runs]; stats[i] = new JsonElement[runs]; }
            for (int k = 0; k < runs; k++)
            {
                floor[k] = Time(["--version"], out _);
                for (int i = 0; i < Work.Length; i++)
                {
                    string json = Path.Combine(dir, $"s{i}.json");
                    wall[i][k] = Time(["run", "--config", config, "--trace", files[i], "--trace-format", "dramsim3",
                        "--stats-json", json, "--quiet"], out _);
                    stats[i][k] = JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
                }
            }
            var rows = new List<ColdRow>();
            double floorMedian = Median(floor);
            for (int i = 0; i < Work.Length; i++)
            {
                var s = stats[i];
                rows.Add(new ColdRow(preset ?? config, Work[i].Name, s[0].GetProperty("requests").GetInt64(),
                    s[0].GetProperty("cycles").GetInt64(), Median(wall[i]),
                    Median([.. s.Select(e => e.GetProperty("wallSeconds").GetDouble())]),
                    Median([.. s.Select(e => e.GetProperty("peakResidentMB").GetDouble())]), wall[i], floorMedian));
            }
            return rows;
        }
        finally { Directory.Delete(dir, true); }
    }

    private static double Median(double[] v)
    {
        var s = v.OrderBy(x => x).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>A DRAMSim3-format trace (<c>0xADDR READ|WRITE cycle</c>), every request at cycle 0 (as fast as the
    /// memory takes them); random reads cover 1 GiB, the conflict stride keeps one bank and changes the row.</summary>
    private static string WriteTrace(MemoryConfig cfg, string path, Pattern p, long n)
    {
        long span = p == Pattern.Random || p == Pattern.Mix ? Math.Min(1L << 30, cfg.Org.CapacityBytes)
            : cfg.Org.CapacityBytes;
        long stride = p == Pattern.Strided ? Workloads.RowConflictStride(cfg) : 0;
        var gen = new PatternGenerator(p, n, 1, span, 64, stride);
        using var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20);
        while (gen.TryRead(out var r)) w.Write($"0x{r.Address:X} {(r.IsWrite ? "WRITE" : "READ")} 0\n");
        return path;
    }

    /// <summary>Wall time of one child process of this program, start to exit; a non-zero exit fails.</summary>
    private static double Time(string[] args, out string stdout)
    {
        var psi = SelfProcess.StartInfo(args, redirectError: true);
        var sw = Stopwatch.StartNew();
        var (code, output, err) = Bridge.ChildProcess.Run(psi, TimeSpan.FromMinutes(10));
        double t = sw.Elapsed.TotalSeconds;
        stdout = output;
        if (code != 0)
            throw new InvalidOperationException(
                $"bench child 'hwmodel {string.Join(' ', args)}' exited {code}: {err.Trim()}");
        return t;
    }

    /// <summary>The help text's list of the workloads.</summary>
    public static string Describe() => string.Join(", ", Work.Select(w => w.Name));

    /// <summary>Formats seconds for the table.</summary>
    public static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
