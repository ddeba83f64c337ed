namespace HwModel.Cli.Regress;

/// <summary>A suite file: its scenarios and where its goldens live.</summary>
public sealed record Suite
{
    public string Name { get; init; } = "";
    public string File { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>The golden file of the suite's scenarios (docs/regress.md#goldens).</summary>
    public string GoldenPath { get; init; } = "";
    public IReadOnlyList<Scenario> Scenarios { get; init; } = [];
}
