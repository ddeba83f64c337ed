namespace HwModel.Cli.Regress;

/// <summary>What one scenario did: its status, its metrics, the checks that failed and how to replay it.</summary>
public sealed class ScenarioResult
{
    public string Suite { get; set; } = "";
    public string Name { get; set; } = "";
    public string[] Tags { get; set; } = [];
    public string Config { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Workload { get; set; } = "";
    /// <summary>passed, failed (a check did not hold), error (the scenario could not finish) or skipped
    /// (interrupted before it started).</summary>
    public string Status { get; set; } = "";
    public ulong Seed { get; set; }
    /// <summary>One line that reruns this scenario alone with the same seed.</summary>
    public string Replay { get; set; } = "";
    public List<string> Failures { get; set; } = [];
    public string? Error { get; set; }
    /// <summary>compared, missing (no golden entry), seed-differs (recorded with another seed), off or updated.
    /// </summary>
    public string GoldenStatus { get; set; } = "off";
    public List<GoldenDelta> GoldenDeltas { get; set; } = [];
    public SortedDictionary<string, double> Metrics { get; set; } = new(StringComparer.Ordinal);
    public double WallSeconds { get; set; }

    public string Id => $"{Suite}/{Name}";
}
