namespace HwModel.Cli.Regress;

/// <summary>What <c>hwmodel regress</c> was asked to do.</summary>
public sealed record RegressOptions
{
    public IReadOnlyList<string> SuiteFiles { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Filter { get; init; }
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public Shard Shard { get; init; } = Shard.All;
    public ulong Seed { get; init; } = 1;
    public string OutDir { get; init; } = "regress-out";
    public string? JUnit { get; init; }
    public bool UpdateGolden { get; init; }
    /// <summary>Every scenario writes a timeline (OUT/scenarios/SUITE/NAME.timeline.json), as if its suite said
    /// <c>waves = { timeline = true }</c>.</summary>
    public bool Timeline { get; init; }
    /// <summary>Every scenario writes a VCD of the model's bank states (OUT/scenarios/SUITE/NAME.vcd).</summary>
    public bool Vcd { get; init; }
    /// <summary>Directory of the HTML report, or null.</summary>
    public string? ReportDir { get; init; }
    /// <summary>How the replay line starts (the launcher users run).</summary>
    public string Program { get; init; } = "./hwmodel";
}
