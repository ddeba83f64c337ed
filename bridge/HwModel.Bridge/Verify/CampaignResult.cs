namespace HwModel.Bridge.Verify;

/// <summary>What a campaign found: cases run, passed and failed, the failures (shrunk ones first), speed.</summary>
public sealed class CampaignResult
{
    public long Cases { get; set; }
    public long Passed { get; set; }
    public long Failed { get; set; }
    public long Illegal { get; set; }
    public long Commands { get; set; }
    public double Seconds { get; set; }
    public bool Interrupted { get; set; }
    public List<CampaignFailure> Failures { get; } = [];
    /// <summary>Every failing case's index (shrunk or not).</summary>
    public List<long> FailedCases { get; } = [];
    /// <summary>Per case run: index, passed, seconds (for JUnit).</summary>
    public List<(long Index, bool Passed, double Seconds, string? Fault)> PerCase { get; } = [];
    public Coverage Coverage { get; } = new();
    public double CasesPerSecond => Seconds > 0 ? Cases / Seconds : 0;
}
