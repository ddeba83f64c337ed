using System.Text.Json;
using System.Text.Json.Serialization;
using HwModel.Energy;

namespace HwModel.Stats;

/// <summary>
/// The stats of one run. Serialised as JSON with camelCase names (schema: docs/stats-schema.md). Cycles are cycles
/// of tCK; bandwidth counts the bytes that crossed the data bus (bursts x access size).
/// </summary>
public sealed class RunReport
{
    public string Config { get; set; } = "";
    public string Standard { get; set; } = "";
    public string Source { get; set; } = "";
    public string Workload { get; set; } = "";
    public long Cycles { get; set; }
    [JsonPropertyName("tCKps")] public double TckPs { get; set; }
    public double SimulatedNs { get; set; }
    public long Requests { get; set; }
    public long Reads { get; set; }
    public long Writes { get; set; }
    public long BytesRead { get; set; }
    public long BytesWritten { get; set; }
    public double BandwidthGBps { get; set; }
    public double PeakBandwidthGBps { get; set; }
    public double BandwidthPercentOfPeak { get; set; }
    public double AvgReadLatencyCycles { get; set; }
    public double AvgReadLatencyNs { get; set; }
    public Dictionary<string, long> ReadLatencyPercentiles { get; set; } = [];
    public double AvgWriteLatencyCycles { get; set; }
    public long RowHits { get; set; }
    public long RowMisses { get; set; }
    public long RowConflicts { get; set; }
    public double RowHitRate { get; set; }
    public Dictionary<string, long> Commands { get; set; } = [];
    public EnergyReport Energy { get; set; } = new();
    public double WallSeconds { get; set; }
    public double RequestsPerSecond { get; set; }
    public double CyclesPerSecond { get; set; }
    /// <summary>Peak resident memory of the process so far, from the OS (VmHWM), in MiB.</summary>
    public double PeakResidentMB { get; set; }
    /// <summary>True when SIGINT or SIGTERM stopped the run: the stats are those of the requests read before
    /// it.</summary>
    public bool Interrupted { get; set; }
    public CheckerReport? Checker { get; set; }
    public List<ChannelReport> Channels { get; set; } = [];
    /// <summary>Length of an epoch in cycles (--epoch-cycles), or null when epochs are off.</summary>
    public long? EpochCycles { get; set; }
    /// <summary>Per-epoch figures, in order; epochs without activity are left out.</summary>
    public List<EpochStats>? Epochs { get; set; }

    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Default.RunReport);
}

public sealed class EnergyReport
{
    public double ActPrePj { get; set; }
    public double ReadPj { get; set; }
    public double WritePj { get; set; }
    public double RefreshPj { get; set; }
    public double ActiveStandbyPj { get; set; }
    public double PrechargeStandbyPj { get; set; }
    public double TotalPj { get; set; }
    public double PjPerBit { get; set; }
    public double AveragePowerMw { get; set; }
    public string Source { get; set; } = "";

    public static EnergyReport From(EnergyBreakdown e, long bits, double ns, string source) => new()
    {
        ActPrePj = e.ActPrePj, ReadPj = e.ReadPj, WritePj = e.WritePj, RefreshPj = e.RefreshPj,
        ActiveStandbyPj = e.ActiveStandbyPj, PrechargeStandbyPj = e.PrechargeStandbyPj, TotalPj = e.TotalPj,
        PjPerBit = bits > 0 ? e.TotalPj / bits : 0,
        AveragePowerMw = ns > 0 ? e.TotalPj / ns : 0,
        Source = source,
    };
}

public sealed class CheckerReport
{
    public long CommandsChecked { get; set; }
    public long Violations { get; set; }
    public List<string> FirstViolations { get; set; } = [];
}

public sealed class ChannelReport
{
    public int Channel { get; set; }
    public int PseudoChannel { get; set; }
    public long ReadBursts { get; set; }
    public long WriteBursts { get; set; }
    public double BandwidthGBps { get; set; }
    public long RowHits { get; set; }
    public long RowMisses { get; set; }
    public long RowConflicts { get; set; }
    public Dictionary<string, long> Commands { get; set; } = [];
    public double EnergyPj { get; set; }
}
