using System.Text.Json;
using System.Text.Json.Serialization;

namespace HwModel.Pim.Runtime;

/// <summary>One PIM kernel run beside the same HBM without PIM (see docs/pim.md for every field).</summary>
public sealed class PimResult
{
    public string Kernel { get; set; } = "";
    public string Config { get; set; } = "";
    public string Architecture { get; set; } = "";
    public string DataType { get; set; } = "";
    public Dictionary<string, long> Shape { get; set; } = [];
    [JsonPropertyName("tCKps")] public double TckPs { get; set; }
    public long PimCycles { get; set; }
    public long BaselineCycles { get; set; }
    public double PimNs { get; set; }
    public double BaselineNs { get; set; }
    public double Speedup { get; set; }
    public double PimEnergyPj { get; set; }
    public double BaselineEnergyPj { get; set; }
    public double EnergyRatio { get; set; }
    public PimEnergyBreakdown PimEnergy { get; set; } = new();
    /// <summary>Bytes the PIM units read inside the banks per second of the kernel.</summary>
    public double InternalBandwidthGBps { get; set; }
    public double BaselineBandwidthGBps { get; set; }
    public double PeakExternalBandwidthGBps { get; set; }
    public long OperandBytes { get; set; }
    /// <summary>Whether the timed model's result matched the reference model bit for bit (null: not checked).</summary>
    public bool? Verified { get; set; }
    public string VerifiedNote { get; set; } = "";
    public string BaselineNote { get; set; } = "";
    public long Commands { get; set; }
    public Dictionary<string, long> CommandCounts { get; set; } = [];
    public long? CheckerViolations { get; set; }
    public DecodeReport? Decode { get; set; }
    /// <summary>Wall time of the PIM command-stream simulation alone (without operand set-up, reference check, baseline).</summary>
    public double PimSimulationSeconds { get; set; }
    public double WallSeconds { get; set; }
    public string EnergySource { get; set; } = "";

    public string ToJson() => JsonSerializer.Serialize(this, Stats.ReportJson.Default.PimResult);
}

/// <summary>Per-token figures of an LLM decode step.</summary>
public sealed class DecodeReport
{
    public string Model { get; set; } = "";
    public int Layers { get; set; }
    public int Hidden { get; set; }
    public int Ffn { get; set; }
    public int Heads { get; set; }
    public int KvHeads { get; set; }
    public int KvLength { get; set; }
    public int Stacks { get; set; }
    public long WeightBytes { get; set; }
    public long KvCacheBytes { get; set; }
    public double TokensPerSecondPim { get; set; }
    public double TokensPerSecondBaseline { get; set; }
    public double EnergyPerTokenPimMj { get; set; }
    public double EnergyPerTokenBaselineMj { get; set; }
    public List<KernelStep> Steps { get; set; } = [];
    public string HostWork { get; set; } = "";
}

public sealed record KernelStep(string Name, int M, int N, int Count, long PimCycles);
