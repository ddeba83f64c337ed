namespace HwModel.Config;

/// <summary>JEDEC timing parameters, all in cycles of tCK. Names follow the JEDEC / DRAMSim3 convention (n = cycles).</summary>
public sealed class TimingParams
{
    [Field("cycles", "data burst duration on the bus")] public int nBL { get; set; } = 2;
    [Field("cycles", "read latency (RD to first data)")] public int nCL { get; set; } = 14;
    [Field("cycles", "write latency (WR to first data)")] public int nCWL { get; set; } = 5;
    [Field("cycles", "ACT to RD")] public int nRCDRD { get; set; } = 14;
    [Field("cycles", "ACT to WR")] public int nRCDWR { get; set; } = 12;
    [Field("cycles", "PRE to ACT")] public int nRP { get; set; } = 14;
    [Field("cycles", "ACT to PRE")] public int nRAS { get; set; } = 34;
    [Field("cycles", "ACT to ACT, same bank")] public int nRC { get; set; } = 48;
    [Field("cycles", "write recovery (end of write data to PRE)")] public int nWR { get; set; } = 16;
    [Field("cycles", "RD to PRE")] public int nRTP { get; set; } = 5;
    [Field("cycles", "column to column, different bank group")] public int nCCDS { get; set; } = 2;
    [Field("cycles", "column to column, same bank group")] public int nCCDL { get; set; } = 4;
    [Field("cycles", "column to column, different stack ID")] public int nCCDR { get; set; } = 3;
    [Field("cycles", "ACT to ACT, different bank group")] public int nRRDS { get; set; } = 4;
    [Field("cycles", "ACT to ACT, same bank group")] public int nRRDL { get; set; } = 4;
    [Field("cycles", "four-activate window")] public int nFAW { get; set; } = 15;
    [Field("cycles", "end of write data to RD, different bank group")] public int nWTRS { get; set; } = 6;
    [Field("cycles", "end of write data to RD, same bank group")] public int nWTRL { get; set; } = 8;
    [Field("cycles", "minimum RD to WR (0 = nCL + nBL + 2 - nCWL)")] public int nRTW { get; set; }
    [Field("cycles", "all-bank refresh cycle time")] public int nRFC { get; set; } = 350;
    [Field("cycles", "per-bank refresh cycle time")] public int nRFCpb { get; set; } = 160;
    [Field("cycles", "refresh to refresh, different banks")] public int nRREFD { get; set; } = 8;
    [Field("cycles", "average refresh interval (all-bank)")] public int nREFI { get; set; } = 3900;
    [Field("cycles", "PRE to PRE (HBM3, 0 = none)")] public int nPPD { get; set; }
    [Field("cycles", "RFM (per bank) to ACT, same bank (HBM3 and later)")] public int nRFM { get; set; } = 160;
    [Field("cycles", "RFMab to any row command (HBM4; 0 = nRFC)")] public int nRFMab { get; set; }
    [Field("cycles", "DRFM to ACT, same bank (HBM4; 0 = no DRFM rule; the value is an assumption, not public)")]
    public int nDRFM { get; set; }

    public TimingParams Clone() => (TimingParams)MemberwiseClone();
}
