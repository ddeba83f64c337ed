namespace HwModel.Bridge.Verify;

/// <summary>What a campaign runs: how many cases, from which seed, which share of them (a shard), how long each.
/// </summary>
public sealed record CampaignOptions
{
    public long Cases { get; init; } = 1000;
    public ulong Seed { get; init; } = 1;
    /// <summary>Run only this case (a replay), or -1.</summary>
    public long OnlyCase { get; init; } = -1;
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;
    public int MaxCommands { get; init; } = 40;
    public double IllegalShare { get; init; } = 0.3;
    /// <summary>Failures shrunk and reported in full (the rest are counted).</summary>
    public int ShrinkFailures { get; init; } = 3;
    /// <summary>Stop after this many failures (0: never).</summary>
    public int StopAfter { get; init; }
    public RtlServerOptions Server { get; init; } = new();
}
