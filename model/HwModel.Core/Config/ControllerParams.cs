namespace HwModel.Config;

public enum SchedulerKind { FRFCFS, FCFS }
public enum PagePolicyKind { Open, Closed }
public enum RefreshKind { AllBank, PerBank, Off }

/// <summary>Memory-controller policy, one controller per channel with one queue pair per pseudo-channel.</summary>
public sealed class ControllerParams
{
    [Field("entries", "read queue depth per pseudo-channel")] public int ReadQueueDepth { get; set; } = 32;
    [Field("entries", "write queue depth per pseudo-channel")] public int WriteQueueDepth { get; set; } = 32;
    [Field("entries", "enter write drain at this many queued writes")] public int WriteHighWatermark { get; set; } = 24;
    [Field("entries", "leave write drain at this many queued writes")] public int WriteLowWatermark { get; set; } = 8;
    [Field("-", "FRFCFS or FCFS")] public SchedulerKind Scheduler { get; set; } = SchedulerKind.FRFCFS;
    [Field("name", "a registered scheduler by name, overriding Scheduler (FRFCFS, FCFS, OldestFirst, or your own)")]
    public string SchedulerName { get; set; } = "";
    [Field("-", "Open or Closed")] public PagePolicyKind PagePolicy { get; set; } = PagePolicyKind.Open;
    [Field("-", "AllBank, PerBank or Off")] public RefreshKind Refresh { get; set; } = RefreshKind.AllBank;
    [Field("refreshes", "refreshes that may be owed before one is forced (JEDEC allows 8)")] public int RefreshPostponeLimit { get; set; } = 8;
    [Field("ACTs", "activations of a bank that trigger RFM (0 = RFM off)")] public int RfmThreshold { get; set; }
    [Field("-", "command refresh management issues: RFM (per bank) or DRFM (directed, per bank, HBM4)")]
    public RfmKind RfmCommand { get; set; } = RfmKind.RFM;
    [Field("bursts", "front-end buffer between the requester and the controller queues: per channel in hwmodel run "
        + "(each channel admits its own requests in order), for the whole stack in one MemorySystem")]
    public int FrontEndDepth { get; set; } = 256;

    public ControllerParams Clone() => (ControllerParams)MemberwiseClone();
}
