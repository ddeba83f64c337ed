using HwModel.Config;
using static HwModel.Spec.Command;
using static HwModel.Spec.Scope;
using static HwModel.Spec.Standards.PresetTools;

namespace HwModel.Spec.Standards;

/// <summary>
/// HBM4 (JESD270-4, April 2025): 2048-bit stacks of 32 channels x 2 pseudo-channels of 32 bit, 2 bank groups x 8
/// banks per stack ID, up to 4 stack IDs, REFab, REFpb, RFMab, RFMpb and directed refresh management (DRFM).
/// </summary>
public sealed class Hbm4 : StandardDefinition
{
    public override Standard Id => Standard.HBM4;
    public override string Document => "JESD270-4 (HBM4)";

    public override StandardFeatures Features => StandardFeatures.StackIds | StandardFeatures.HalfCycleRowCommands |
        StandardFeatures.PerBankRefresh | StandardFeatures.Rfm | StandardFeatures.RfmAllBank | StandardFeatures.Drfm;

    private static Command[] C(params Command[] cs) => cs;

    private static TimingRule R(string name, Scope s, Command[] pre, Command[] fol, string latency, string note = "") =>
        TimingRule.Of(name, s, pre, fol, latency, note: note);

    private const string RfmAb = "dflt(nRFMab, nRFC)";

    public override IReadOnlyList<TimingRule> ExtraRules { get; } =
    [
        .. HbmCore.RfmRules,
        // ---- RFMab: like an all-bank refresh ----
        R("tRFMab", PseudoChannel, C(RFMab), C(ACT, REFab, REFpb, RFM, RFMab, DRFM), RfmAb, "nRFMab = nRFC"),
        R("tRC.rfmab", PseudoChannel, C(ACT), C(RFMab), "nRC"),
        R("tRP.rfmab", PseudoChannel, C(PRE, PREA), C(RFMab), "nRP"),
        R("tRDA_RP.rfmab", PseudoChannel, C(RDA), C(RFMab), "nRTP + nRP"),
        R("tWRA_RP.rfmab", PseudoChannel, C(WRA), C(RFMab), HbmCore.WriteDataEnd + " + nWR + nRP"),
        R("tRFC.rfmab", PseudoChannel, C(REFab), C(RFMab, DRFM), "nRFC"),
        R("tRFCpb.rfmab", PseudoChannel, C(REFpb), C(RFMab), "nRFCpb"),
        R("tRFM.rfmab", PseudoChannel, C(RFM), C(RFMab), "nRFM"),
        // ---- DRFM: like a per-bank refresh management of one bank, for its own (assumed) time ----
        R("tDRFM", Bank, C(DRFM), C(ACT, REFpb, RFM, DRFM), "nDRFM", "ASSUMPTION: not public; preset 2 x nRFCpb"),
        R("tDRFM.refab", PseudoChannel, C(DRFM), C(REFab, RFMab), "nDRFM"),
        R("tRC.drfm", Bank, C(ACT), C(DRFM), "nRC"),
        R("tRP.drfm", Bank, C(PRE), C(DRFM), "nRP"),
        R("tRP.all.drfm", PseudoChannel, C(PREA), C(DRFM), "nRP"),
        R("tRDA_RP.drfm", Bank, C(RDA), C(DRFM), "nRTP + nRP"),
        R("tWRA_RP.drfm", Bank, C(WRA), C(DRFM), HbmCore.WriteDataEnd + " + nWR + nRP"),
        R("tRFCpb.drfm", Bank, C(REFpb), C(DRFM), "nRFCpb"),
        R("tRFM.drfm", Bank, C(RFM), C(DRFM), "nRFM"),
        R("tRREFD.drfm", PseudoChannel, C(DRFM), C(DRFM, RFM, REFpb, ACT), "nRREFD"),
        R("tRREFD.drfm.in", PseudoChannel, C(ACT, REFpb, RFM), C(DRFM), "nRREFD"),
    ];

    public override IReadOnlyList<PresetEntry> Presets { get; } =
    [
        new("hbm4-6400", () => Bin("hbm4-6400", 6400, jedec: true)),
        new("hbm4-8000", () => Bin("hbm4-8000", 8000, jedec: true)),
        new("hbm4-10000", () => Bin("hbm4-10000", 10000, jedec: false)),
        new("hbm4-8000-pim", () => WithPim(Bin("hbm4-8000", 8000, true), "hbm4-8000-pim", PimArchitecture.HbmPim)),
        new("hbm4-8000-aim", () => WithPim(Bin("hbm4-8000", 8000, true), "hbm4-8000-aim", PimArchitecture.Aim)),
    ];

    /// <summary>Core timings in nanoseconds, as the one public HBM4 model (Ramulator 2.1 HBM4_8000Mbps) sets
    /// them.</summary>
    public static readonly IReadOnlyDictionary<string, double> CoreNs = new Dictionary<string, double>
    {
        ["nCL"] = 10, ["nCWL"] = 5, ["nRCDRD"] = 19.5, ["nRCDWR"] = 9.5, ["nRP"] = 16.5, ["nRAS"] = 28.5,
        ["nRC"] = 45, ["nWR"] = 21, ["nRTP"] = 6, ["nCCDL"] = 2.0, ["nRRDS"] = 2.5, ["nRRDL"] = 3.5, ["nFAW"] = 15,
        ["nWTRS"] = 4.5, ["nWTRL"] = 6.5, ["nRTW"] = 12.5, ["nRFCpb"] = 280, ["nREFI"] = 3900,
    };

    /// <summary>tRFCab by channel density (Gb per channel): 400 / 450 / 530 ns for at most 4 / 8 / 16.</summary>
    public static double RfcNs(double gbPerChannel) => gbPerChannel <= 4 ? 400 : gbPerChannel <= 8 ? 450 : 530;

    /// <summary>An 8-high stack of 32 Gb dies (32 GB, 2 stack IDs, 2^14 rows) at a pin rate.</summary>
    private static MemoryConfig Bin(string name, double rateMbps, bool jedec)
    {
        double tck = TckPs(8, 2, rateMbps);
        int N(double ns) => NsToCycles(ns, tck);
        var c = new MemoryConfig { Name = name };
        c.Org = new Organisation
        {
            Standard = Standard.HBM4, StackHeight = 8, DieDensityGb = 32, Channels = 32, PseudoChannels = 2,
            StackIds = 0, BankGroups = 2, BanksPerGroup = 8, Rows = 0, Columns = 32, BusWidthBits = 32,
            BurstLength = 8, DataRateMbps = rateMbps, TckPs = tck, ActHalfCycles = 3, RowCmdHalfCycles = 1,
            AddressMapping = "RoBaCoSiBgPcCh",
        };
        double gbPerChannel = c.Org.StackHeight * c.Org.DieDensityGb / (double)c.Org.Channels;
        var t = new TimingParams
        {
            nBL = 2, nCL = N(CoreNs["nCL"]), nCWL = N(CoreNs["nCWL"]), nRCDRD = N(CoreNs["nRCDRD"]),
            nRCDWR = N(CoreNs["nRCDWR"]), nRP = N(CoreNs["nRP"]), nRAS = N(CoreNs["nRAS"]), nWR = N(CoreNs["nWR"]),
            nRTP = N(CoreNs["nRTP"]), nCCDS = 2, nCCDL = Math.Max(2, N(CoreNs["nCCDL"])), nCCDR = 2,
            nRRDS = N(CoreNs["nRRDS"]), nRRDL = N(CoreNs["nRRDL"]), nFAW = N(CoreNs["nFAW"]),
                nWTRS = N(CoreNs["nWTRS"]),
            nWTRL = N(CoreNs["nWTRL"]), nRTW = N(CoreNs["nRTW"]), nRFC = N(RfcNs(gbPerChannel)),
            nRFCpb = N(CoreNs["nRFCpb"]), nRREFD = Math.Max(3, N(8)), nREFI = N(CoreNs["nREFI"]), nPPD = 2,
        };
        t.nRC = Math.Max(N(CoreNs["nRC"]), t.nRAS + t.nRP);
        t.nRFM = t.nRFCpb;
        t.nRFMab = 0; // = nRFC
        t.nDRFM = 2 * t.nRFCpb;
        c.Timing = t;
        c.Controller.Refresh = RefreshKind.PerBank;
        c.Controller.ReadQueueDepth = 64;
        c.Energy = new EnergyParams
        {
            VddV = 1.1,
            Source = "ASSUMPTION: no public HBM4 IDD table; HBM2 8 Gb IDD values (DRAMSim3 HBM2_8Gb_x128.ini) at " +
                "1.1 V, as for the HBM3 presets. Override with your vendor's datasheet.",
        };
        c.Source = (jedec
                ? $"HBM4 {rateMbps / 1000:0.0} Gb/s, a JESD270-4 bin. "
                : $"HBM4 {rateMbps / 1000:0.0} Gb/s: a VENDOR bin beyond the JEDEC release (JESD270-4 stops at " +
                  "8 Gb/s); nanoseconds of the 8 Gb/s bin held. ") +
            "Organisation per JESD270-4: 32 channels x 2 pseudo-channels of 32 bit, 8-high stack of 32 Gb dies " +
            "(32 GB, 2 stack IDs; org.StackHeight 4/8/12/16 gives 1-4 stack IDs, org.DieDensityGb 24 or 32). " +
            "Timing: PROVISIONAL, no public JEDEC cycle table; nanoseconds of the one public HBM4 model (Ramulator " +
            $"2.1 HBM4_8000Mbps) with nCK rounded up at tCK {tck:0.###} ps; tCCD_S, tCCD_R and tPPD held at 2 nCK " +
            "(the burst), tCCD_L at its 2 ns floor, tRREFD = max(3 nCK, 8 ns); " +
            $"tRFCab {RfcNs(gbPerChannel):0} ns for {gbPerChannel:0} Gb/channel (400/450/530 ns for <= 4/8/16 " +
            "Gb/channel: set timing.nRFC for other heights); RFMpb = tRFCpb, RFMab = tRFCab; " +
            "DRFM = 2 x tRFCpb is an ASSUMPTION (not public), override timing.nDRFM. Mapping RoBaCoSiBgPcCh: with " +
            "only 2 bank groups a stream must alternate stack IDs too, or tCCD_L caps it (at 10 Gb/s to 80 %). Read " +
            "queue 64 deep (Little's law: 32 entries cover less than a row-miss read).";
        return c;
    }
}
