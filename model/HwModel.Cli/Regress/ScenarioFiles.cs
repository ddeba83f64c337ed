namespace HwModel.Cli.Regress;

/// <summary>What a scenario writes beside its result JSON, and the extra figures a report needs.</summary>
/// <param name="Timeline">Chrome trace-event file, or null.</param>
/// <param name="Vcd">VCD of the model's bank states, or null.</param>
/// <param name="EpochCycles">Epoch length of the statistics (0: none).</param>
/// <param name="Detail">Also record the read-latency histogram and per-bank activity (for --report).</param>
public sealed record ScenarioFiles(string? Timeline = null, string? Vcd = null, long EpochCycles = 0,
    bool Detail = false)
{
    public static readonly ScenarioFiles None = new();
}
