namespace HwModel.Stats;

/// <summary>The figures of one epoch of a run (<c>--epoch-cycles N</c>); epochs with no activity are left out.
/// </summary>
public sealed class EpochStats
{
    public long Epoch { get; set; }
    public long StartCycle { get; set; }
    public long EndCycle { get; set; }
    public long ReadBursts { get; set; }
    public long WriteBursts { get; set; }
    /// <summary>Bytes of the bursts issued in the epoch over its length.</summary>
    public double BandwidthGBps { get; set; }
    /// <summary>Column commands to an already open row over all column commands (the run's rowHitRate
    /// definition).</summary>
    public double RowHitRate { get; set; }
    public long Activates { get; set; }
    public long ReadsCompleted { get; set; }
    public long WritesCompleted { get; set; }
    public double AvgReadLatencyCycles { get; set; }
    public long ReadLatencyP50 { get; set; }
    public long ReadLatencyP90 { get; set; }
    public long ReadLatencyP99 { get; set; }
    /// <summary>Mean requests accepted and not yet finished over the epoch (queued or being served).</summary>
    public double AvgInFlight { get; set; }
}
