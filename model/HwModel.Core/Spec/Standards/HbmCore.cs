using static HwModel.Spec.Command;
using static HwModel.Spec.Scope;

namespace HwModel.Spec.Standards;

/// <summary>
/// The timing rules every HBM generation shares (JESD235 onwards): column spacing, row to column, row to row and
/// refresh. A standard adds only what it has beyond these (<see cref="StandardDefinition.ExtraRules"/>).
/// </summary>
public static class HbmCore
{
    /// <summary>Read to write on the data bus: the read burst ends and the bus turns round (2 cycles).</summary>
    public const string ReadToWrite = "max(nRTW, nCL + nBL + 2 - nCWL)";

    /// <summary>Cycles from a write command to the end of its data burst.</summary>
    public const string WriteDataEnd = "nCWL + nBL";

    public static readonly Command[] Reads = [RD, RDA];
    public static readonly Command[] Writes = [WR, WRA];

    private static Command[] C(params Command[] cs) => cs;

    private static TimingRule R(string name, Scope s, Command[] pre, Command[] fol, string latency,
        int window = 1, bool sibling = false, string? when = null, string note = "") =>
        TimingRule.Of(name, s, pre, fol, latency, window, sibling, when, note);

    public static readonly IReadOnlyList<TimingRule> Rules =
    [
        // ---- column to column (data bus and bank-group I/O gating) ----
        R("tCCD_S.rd", PseudoChannel, Reads, Reads, "max(nBL, nCCDS)"),
        R("tCCD_S.wr", PseudoChannel, Writes, Writes, "max(nBL, nCCDS)"),
        R("tCCD_L.rd", BankGroup, Reads, Reads, "nCCDL"),
        R("tCCD_L.wr", BankGroup, Writes, Writes, "nCCDL"),
        R("tRTW", PseudoChannel, Reads, Writes, ReadToWrite),
        R("tWTR_S", PseudoChannel, Writes, Reads, WriteDataEnd + " + nWTRS"),
        R("tWTR_L", BankGroup, Writes, Reads, WriteDataEnd + " + nWTRL"),
        R("tCCDR.rd", StackId, Reads, Reads, "max(nBL, nCCDR)", sibling: true, when: "org.StackIds > 1"),
        R("tCCDR.wr", StackId, Writes, Writes, "max(nBL, nCCDR)", sibling: true, when: "org.StackIds > 1"),

        // ---- row to column and column to row, same bank ----
        R("tRCDRD", Bank, C(ACT), Reads, "nRCDRD"),
        R("tRCDWR", Bank, C(ACT), Writes, "nRCDWR"),
        R("tRTP", Bank, C(RD), C(PRE), "nRTP"),
        R("tWR", Bank, C(WR), C(PRE), WriteDataEnd + " + nWR"),
        R("tRTP.prea", PseudoChannel, C(RD), C(PREA), "nRTP"),
        R("tWR.prea", PseudoChannel, C(WR), C(PREA), WriteDataEnd + " + nWR"),
        R("tRDA_RP", Bank, C(RDA), C(ACT, REFpb, RFM), "nRTP + nRP"),
        R("tWRA_RP", Bank, C(WRA), C(ACT, REFpb, RFM), WriteDataEnd + " + nWR + nRP"),
        R("tRDA_RP.refab", PseudoChannel, C(RDA), C(REFab), "nRTP + nRP"),
        R("tWRA_RP.refab", PseudoChannel, C(WRA), C(REFab), WriteDataEnd + " + nWR + nRP"),

        // ---- row to row ----
        R("tRC", Bank, C(ACT), C(ACT), "nRC"),
        R("tRAS", Bank, C(ACT), C(PRE), "nRAS"),
        R("tRAS.prea", PseudoChannel, C(ACT), C(PREA), "nRAS"),
        R("tRP", Bank, C(PRE), C(ACT, REFpb, RFM), "nRP"),
        R("tRP.all", PseudoChannel, C(PREA), C(ACT, REFab, REFpb, RFM), "nRP"),
        R("tRP.refab", PseudoChannel, C(PRE), C(REFab), "nRP"),
        R("tRRD_S", PseudoChannel, C(ACT), C(ACT), "nRRDS"),
        R("tRRD_L", BankGroup, C(ACT), C(ACT), "nRRDL"),
        R("tFAW", PseudoChannel, C(ACT), C(ACT), "nFAW", window: 4),
        R("tPPD", PseudoChannel, C(PRE, PREA), C(PRE, PREA), "nPPD", note: "HBM3 and later; 0 = no such rule"),

        // ---- refresh ----
        R("tRFC", PseudoChannel, C(REFab), C(ACT, REFab, REFpb, RFM), "nRFC"),
        R("tRC.refab", PseudoChannel, C(ACT), C(REFab), "nRC"),
        R("tRFCpb", Bank, C(REFpb), C(ACT, REFpb, RFM), "nRFCpb"),
        R("tRFCpb.refab", PseudoChannel, C(REFpb), C(REFab), "nRFCpb"),
        R("tRC.refpb", Bank, C(ACT), C(REFpb), "nRC"),
        R("tRREFD", PseudoChannel, C(REFpb), C(REFpb, ACT), "nRREFD"),
        R("tRREFD.act", PseudoChannel, C(ACT), C(REFpb), "nRREFD"),
    ];

    /// <summary>Per-bank refresh management (RFM, HBM3 and later).</summary>
    public static readonly IReadOnlyList<TimingRule> RfmRules =
    [
        R("tRFM", Bank, C(RFM), C(ACT, REFpb, RFM), "nRFM"),
        R("tRC.rfm", Bank, C(ACT), C(RFM), "nRC"),
        R("tRREFD.rfm", PseudoChannel, C(RFM), C(RFM, REFpb, ACT), "nRREFD"),
    ];
}
