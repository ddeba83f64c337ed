namespace HwModel.Cli.Regress;

/// <summary>One scenario of a suite: a configuration, a workload, the checks on its result and its tags.</summary>
public sealed record Scenario
{
    public string Suite { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>suite-file:line of its [[scenario]] header, for messages.</summary>
    public string Where { get; init; } = "";
    public string[] Tags { get; init; } = [];
    /// <summary>A preset name or a config file path (resolved against the suite file's folder).</summary>
    public string Config { get; init; } = "";
    public string[] Sets { get; init; } = [];
    public WorkloadSpec Workload { get; init; } = new();
    public MetricCheck[] Checks { get; init; } = [];
    public Tolerance[] Tolerances { get; init; } = [];
    /// <summary>Whether the result is compared with the suite's golden file.</summary>
    public bool UseGolden { get; init; } = true;
    /// <summary>Feeds every command of a run through the independent timing checker (zero violations expected).
    /// </summary>
    public bool CheckTiming { get; init; } = true;
    /// <summary>A seed written in the suite file; null: derived from the global seed and the name.</summary>
    public ulong? PinnedSeed { get; init; }
    /// <summary>The timeline and VCD this scenario writes beside its result.</summary>
    public WaveSpec Waves { get; init; } = WaveSpec.None;
    /// <summary>Epoch length of its statistics (0: none, unless a report asks for them).</summary>
    public long EpochCycles { get; init; }

    /// <summary>suite/name: the id that shards, goldens and JUnit use.</summary>
    public string Id => $"{Suite}/{Name}";

    /// <summary>The tolerance of one metric: the last matching entry (scenario entries after suite ones).</summary>
    public Tolerance ToleranceOf(string metric) => Tolerances.LastOrDefault(t => t.Matches(metric)) ?? Tolerance.Exact;
}
