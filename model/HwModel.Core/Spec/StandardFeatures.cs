namespace HwModel.Spec;

/// <summary>What a standard offers beyond the shared HBM core; the validator and the controller read these.</summary>
[Flags]
public enum StandardFeatures
{
    None = 0,
    /// <summary>More than one stack ID (SID) per pseudo-channel, with tCCDR between them.</summary>
    StackIds = 1,
    /// <summary>Row commands may occupy half a clock on the row bus (HBM3 and later: ACT 1.5 CK, PRE 0.5 CK).</summary>
    HalfCycleRowCommands = 2,
    /// <summary>Per-bank refresh (REFpb).</summary>
    PerBankRefresh = 4,
    /// <summary>Per-bank refresh management (RFM / RFMpb).</summary>
    Rfm = 8,
    /// <summary>All-bank refresh management (RFMab).</summary>
    RfmAllBank = 16,
    /// <summary>Directed refresh management of one row (DRFM, HBM4).</summary>
    Drfm = 32,
}
