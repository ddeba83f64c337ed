namespace HwModel.Cli.Regress;

/// <summary>One metric against its golden value.</summary>
public sealed class GoldenDelta
{
    public string Metric { get; set; } = "";
    public double? Golden { get; set; }
    public double? Actual { get; set; }
    /// <summary>(actual - golden) / |golden| in percent; null when golden is 0 or either side is missing.</summary>
    public double? DeltaPercent { get; set; }
    public string Tolerance { get; set; } = "exact";
    public bool Ok { get; set; }
}
