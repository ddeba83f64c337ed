using HwModel.Config;
using static HwModel.Spec.Standards.PresetTools;

namespace HwModel.Spec.Standards;

/// <summary>HBM2 (JESD235): 8 channels of 128 bit, pseudo-channel mode, 4 x 4 banks, the shared core rules.</summary>
public sealed class Hbm2 : StandardDefinition
{
    public override Standard Id => Standard.HBM2;
    public override string Document => "JESD235 (HBM2)";
    public override StandardFeatures Features => StandardFeatures.PerBankRefresh;

    public override IReadOnlyList<PresetEntry> Presets { get; } =
    [
        new("hbm2-2000", Hbm2_2000),
        new("hbm2-2400", Hbm2_2400),
        new("hbm2-2000-legacy", Legacy),
        new("hbm2-2000-pim", Hbm2_2000_Pim),
        new("hbm2-2400-pim", () => WithPim(Hbm2_2400(), "hbm2-2400-pim", PimArchitecture.HbmPim)),
    ];

    /// <summary>HBM2 at 2.0 Gb/s in pseudo-channel mode, 8 Gb per channel (8-high, 8 GB stack).</summary>
    public static MemoryConfig Hbm2_2000()
    {
        var c = new MemoryConfig
        {
            Name = "hbm2-2000",
            Source = "JESD235 HBM2 2.0 Gb/s as cited by the Ramulator 2.0 HBM2 preset; nRFC for 8 Gb/channel " +
                "(350 ns), nREFI 3900 ns, nFAW 15 ns (vendor-typical)",
        };
        c.Org = new Organisation
        {
            Standard = Standard.HBM2, StackHeight = 8, DieDensityGb = 8, Channels = 8, PseudoChannels = 2,
            StackIds = 1, BankGroups = 4, BanksPerGroup = 4, Rows = 32768, Columns = 32, BusWidthBits = 64,
            BurstLength = 4, DataRateMbps = 2000, TckPs = 1000, ActHalfCycles = 2, RowCmdHalfCycles = 2,
            AddressMapping = "RoBaCoBgPcCh",
        };
        c.Timing = new TimingParams
        {
            nBL = 2, nCL = 14, nCWL = 5, nRCDRD = 14, nRCDWR = 12, nRP = 14, nRAS = 34, nRC = 48, nWR = 16, nRTP = 5,
            nCCDS = 2, nCCDL = 4, nCCDR = 0, nRRDS = 4, nRRDL = 4, nFAW = 15, nWTRS = 6, nWTRL = 8, nRTW = 0,
            nRFC = 350, nRFCpb = 160, nRREFD = 8, nREFI = 3900, nPPD = 0, nRFM = 160,
        };
        c.Controller.Refresh = RefreshKind.PerBank;
        return c;
    }

    /// <summary>HBM2 at 2.4 Gb/s: the cycle values the source gives, the rest scaled from the 2.0 Gb/s
    /// nanoseconds.</summary>
    public static MemoryConfig Hbm2_2400()
    {
        var c = ScaleFrom(Hbm2_2000(), 2400);
        c.Name = "hbm2-2400";
        c.Source = "JESD235 HBM2 2.4 Gb/s as cited by the Ramulator 2.0 HBM2 preset (nCL..nWTRL); nRRD, nFAW, nRFC, " +
            "nREFI scaled from the 2.0 Gb/s nanoseconds";
        var t = c.Timing;
        (t.nCL, t.nRCDRD, t.nRCDWR, t.nRP, t.nRAS, t.nRC, t.nWR, t.nRTP, t.nCWL, t.nCCDS, t.nCCDL, t.nWTRS, t.nWTRL) =
            (17, 17, 14, 17, 40, 57, 19, 6, 6, 2, 4, 8, 10);
        return c;
    }

    /// <summary>HBM2 8 Gb in legacy mode: 128-bit channels, as DRAMSim3's configs/HBM2_8Gb_x128.ini configures
    /// it.</summary>
    private static MemoryConfig Legacy()
    {
        var c = new MemoryConfig
        {
            Name = "hbm2-2000-legacy",
            Source = "DRAMSim3 configs/HBM2_8Gb_x128.ini (legacy 128-bit channels, BL4, 2 KB page); nRTP = " +
                "DRAMSim3's " +
                "built-in 5 (the file's tRTP_S/tRTP_L are not read by DRAMSim3)",
        };
        c.Org = new Organisation
        {
            Standard = Standard.HBM2, StackHeight = 8, DieDensityGb = 8, Channels = 8, PseudoChannels = 1,
            StackIds = 1, BankGroups = 4, BanksPerGroup = 4, Rows = 32768, Columns = 32, BusWidthBits = 128,
            BurstLength = 4, DataRateMbps = 2000, TckPs = 1000, ActHalfCycles = 2, RowCmdHalfCycles = 2,
            AddressMapping = "rorabgbachco",
        };
        c.Timing = new TimingParams
        {
            nBL = 2, nCL = 14, nCWL = 4, nRCDRD = 14, nRCDWR = 14, nRP = 14, nRAS = 34, nRC = 48, nWR = 16, nRTP = 5,
            nCCDS = 1, nCCDL = 2, nCCDR = 0, nRRDS = 4, nRRDL = 6, nFAW = 30, nWTRS = 6, nWTRL = 8, nRTW = 0,
            nRFC = 260, nRFCpb = 160, nRREFD = 8, nREFI = 3900, nPPD = 0, nRFM = 160,
        };
        c.Controller.Refresh = RefreshKind.AllBank;
        return c;
    }

    /// <summary>HBM2 2.0 Gb/s with HBM-PIM, using the timing of the vendor's public research configuration.</summary>
    private static MemoryConfig Hbm2_2000_Pim()
    {
        var c = WithPim(Hbm2_2000(), "hbm2-2000-pim", PimArchitecture.HbmPim);
        var t = c.Timing;
        (t.nCL, t.nCWL, t.nRCDRD, t.nRCDWR, t.nRAS, t.nRC, t.nRP, t.nCCDS, t.nCCDL, t.nCCDR, t.nRRDS, t.nRRDL, t.nRTP,
            t.nWR, t.nWTRS, t.nWTRL, t.nFAW, t.nRFC, t.nRFCpb, t.nREFI) =
            (20, 8, 14, 10, 33, 47, 14, 2, 4, 3, 4, 6, 5, 16, 4, 9, 16, 350, 160, 3900);
        c.Source = "HBM2 2.0 Gb/s with the timing of the HBM-PIM vendor's public research simulator configuration " +
            "(RL 20, WL 8, RCDRD 14, RCDWR 10, RAS 33, RC 47, RP 14, CCDS 2, CCDL 4, RRDS 4, RRDL 6, RTP 5 (RTPL), " +
            "WR 16, WTRS 4, WTRL 9, FAW 16, RFC 350, REFI 3900, tCK 1 ns); organisation as hbm2-2000; HBM-PIM " +
                "profile " +
            "(one FP16 SIMD-16 unit per bank pair, Aquabolt-XL style)";
        return c;
    }
}
