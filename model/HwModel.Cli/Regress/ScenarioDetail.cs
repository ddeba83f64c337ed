using System.Text.Json;
using HwModel.Config;
using HwModel.Stats;

namespace HwModel.Cli.Regress;

/// <summary>The figures a report plots for one scenario, beside its result: epochs, the read-latency histogram
/// and per-bank activity (OUT/scenarios/SUITE/NAME.detail.json).</summary>
public sealed class ScenarioDetail
{
    public string Id { get; set; } = "";
    public string Config { get; set; } = "";
    public double TckPs { get; set; }
    public long EpochCycles { get; set; }
    /// <summary>Per epoch: start cycle, bandwidth (GB/s), row-hit rate, read-latency p50 and p99 (cycles).</summary>
    public List<double[]>? Epochs { get; set; }
    /// <summary>Read latency (cycles) and how many reads had it.</summary>
    public List<long[]>? ReadLatency { get; set; }
    /// <summary>Row labels of the bank tables: chC.pcP.</summary>
    public List<string> BankRows { get; set; } = [];
    public List<long[]> Activates { get; set; } = [];
    /// <summary>Row hits per column access of each bank; -1 where a bank had no column access.</summary>
    public List<double[]> RowHitRate { get; set; } = [];

    public static ScenarioDetail From(string id, MemoryConfig cfg, BankActivity banks, RunReport? run,
        LatencyHistogram? readLatency)
    {
        var d = new ScenarioDetail { Id = id, Config = cfg.Name, TckPs = cfg.Org.TckPs };
        if (run?.Epochs is { } eps)
        {
            d.EpochCycles = run.EpochCycles ?? 0;
            d.Epochs = [.. eps.Select(e => new[]
            {
                e.StartCycle, e.BandwidthGBps, e.RowHitRate, e.ReadLatencyP50, e.ReadLatencyP99,
            })];
        }
        if (readLatency != null) d.ReadLatency = [.. readLatency.Buckets().Select(b => new[] { b.Latency, b.Count })];
        var o = cfg.Org;
        for (int row = 0; row < banks.Rows; row++)
        {
            d.BankRows.Add($"ch{row / o.PseudoChannels}.pc{row % o.PseudoChannels}");
            d.Activates.Add([.. Enumerable.Range(0, banks.Banks).Select(b => banks.Activates(row, b))]);
            d.RowHitRate.Add([.. Enumerable.Range(0, banks.Banks).Select(b =>
                banks.Columns(row, b) == 0 ? -1 : (double)banks.Hits(row, b) / banks.Columns(row, b))]);
        }
        return d;
    }

    public string ToJson() => JsonSerializer.Serialize(this, RegressJson.Default.ScenarioDetail);

    public static ScenarioDetail? Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), RegressJson.Default.ScenarioDetail)
            : null;
}
