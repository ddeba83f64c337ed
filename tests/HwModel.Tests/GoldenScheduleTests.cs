using System.Text.Json;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Traces;
using Xunit;

namespace HwModel.Tests;

/// <summary>
/// Golden schedules: for fixed workloads, the schedule's fingerprint (cycles, command counts, row hits, misses and
/// conflicts, read-latency sum) must equal the one recorded in testbenches/golden/schedule.json. A change to the
/// scheduler's speed must not change what it decides; a deliberate change of policy regenerates the file with
/// HWMODEL_UPDATE_GOLDEN=1 and shows up in the diff.
/// </summary>
public class GoldenScheduleTests
{
    public static TheoryData<string, string> Cases()
    {
        var d = new TheoryData<string, string>();
        foreach (var p in new[] { "hbm2-2000", "hbm3-6400", "hbm2e-3200", "hbm2-2000-legacy" })
            foreach (var w in new[] { "stream", "random", "mix", "strided" })
                d.Add(p, w);
        d.Add("hbm3-6400", "mix-closed-fcfs");
        return d;
    }

    private static string Fingerprint(string preset, string workload)
    {
        var cfg = Presets.Get(preset);
        var pattern = workload switch { "stream" => Pattern.Stream, "random" => Pattern.Random, "strided" => Pattern.Strided, _ => Pattern.Mix };
        if (workload == "mix-closed-fcfs") { cfg.Controller.PagePolicy = PagePolicyKind.Closed; cfg.Controller.Scheduler = SchedulerKind.FCFS; }
        var sys = new MemorySystem(cfg);
        SimulationRunner.Run(sys, new PatternGenerator(pattern, workload == "strided" ? 2000 : 20_000, 11, cfg.Org.CapacityBytes, cfg.Org.AccessBytes));
        long hits = 0, misses = 0, conflicts = 0;
        var cmds = new long[HwModel.Spec.CommandInfo.Count];
        foreach (var c in sys.Controllers)
        {
            hits += c.Counters.RowHits; misses += c.Counters.RowMisses; conflicts += c.Counters.RowConflicts;
            for (int i = 0; i < cmds.Length; i++) cmds[i] += c.Counters.Commands[i];
        }
        var named = Enumerable.Range(0, cmds.Length).Where(i => cmds[i] > 0).Select(i
            => $"{(HwModel.Spec.Command)i}={cmds[i]}");
        return $"cycles={sys.Now} {string.Join(" ", named)} hits={hits} misses={misses} conflicts={conflicts} " +
               $"reads={sys.CompletedReads} writes={sys.CompletedWrites} readLatencySum={sys.ReadLatency.Sum}";
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScheduleMatchesTheGoldenFingerprint(string preset, string workload)
    {
        string path = Paths.Testbench("golden", "schedule.json");
        string key = $"{preset} {workload}";
        string actual = Fingerprint(preset, workload);
        var golden = File.Exists(path) ? JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(path))! : [];
        if (Environment.GetEnvironmentVariable("HWMODEL_UPDATE_GOLDEN") == "1")
        {
            lock (typeof(GoldenScheduleTests))
            {
                golden = File.Exists(path) ? JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(path))! : [];
                golden[key] = actual;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, JsonSerializer.Serialize(golden, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            }
            return;
        }
        Assert.True(golden.ContainsKey(key), $"{path} has no entry for '{key}' (regenerate with HWMODEL_UPDATE_GOLDEN=1)");
        Assert.Equal(golden[key], actual);
    }
}
