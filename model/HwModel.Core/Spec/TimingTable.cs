using HwModel.Config;
using static HwModel.Spec.Command;
using static HwModel.Spec.Scope;

namespace HwModel.Spec;

/// <summary>
/// The declarative timing table of a standard: the one source of truth for the scheduler's timing state,
/// the independent checker and (generated) RTL parameters. Each row names the JEDEC parameters it comes from.
/// </summary>
public sealed class TimingTable
{
    public Standard Standard { get; }
    public IReadOnlyList<TimingConstraint> Constraints { get; }

    private TimingTable(Standard standard, List<TimingConstraint> rows)
    {
        Standard = standard;
        Constraints = rows;
    }

    private static readonly Command[] Reads = [RD, RDA];
    private static readonly Command[] Writes = [WR, WRA];

    /// <summary>Builds the table for the configuration's standard from its timing values.</summary>
    public static TimingTable For(MemoryConfig c)
    {
        var t = c.Timing;
        var std = c.Org.Standard;
        var rows = new List<TimingConstraint>();
        void R(string name, Scope s, Command[] pre, Command[] fol, int lat, string formula, int window = 1, bool sibling = false)
        {
            if (lat > 0) rows.Add(new TimingConstraint(name, s, pre, fol, lat, window, sibling, formula));
        }
        RowAdder add = R;
        Command[] C(params Command[] cs) => cs;

        int rdToWr = Math.Max(t.nRTW, t.nCL + t.nBL + 2 - t.nCWL);
        int wrDataEnd = t.nCWL + t.nBL;

        // ---- column to column (data bus and bank-group I/O gating) ----
        R("tCCD_S.rd", PseudoChannel, Reads, Reads, Math.Max(t.nBL, t.nCCDS), "max(nBL, nCCDS)");
        R("tCCD_S.wr", PseudoChannel, Writes, Writes, Math.Max(t.nBL, t.nCCDS), "max(nBL, nCCDS)");
        R("tCCD_L.rd", BankGroup, Reads, Reads, t.nCCDL, "nCCDL");
        R("tCCD_L.wr", BankGroup, Writes, Writes, t.nCCDL, "nCCDL");
        R("tRTW", PseudoChannel, Reads, Writes, rdToWr, "max(nRTW, nCL + nBL + 2 - nCWL)");
        R("tWTR_S", PseudoChannel, Writes, Reads, wrDataEnd + t.nWTRS, "nCWL + nBL + nWTRS");
        R("tWTR_L", BankGroup, Writes, Reads, wrDataEnd + t.nWTRL, "nCWL + nBL + nWTRL");
        if (c.Org.StackIds > 1)
        {
            R("tCCDR.rd", StackId, Reads, Reads, Math.Max(t.nBL, t.nCCDR), "max(nBL, nCCDR)", sibling: true);
            R("tCCDR.wr", StackId, Writes, Writes, Math.Max(t.nBL, t.nCCDR), "max(nBL, nCCDR)", sibling: true);
        }

        // ---- row to column and column to row, same bank ----
        R("tRCDRD", Bank, C(ACT), Reads, t.nRCDRD, "nRCDRD");
        R("tRCDWR", Bank, C(ACT), Writes, t.nRCDWR, "nRCDWR");
        R("tRTP", Bank, C(RD), C(PRE), t.nRTP, "nRTP");
        R("tWR", Bank, C(WR), C(PRE), wrDataEnd + t.nWR, "nCWL + nBL + nWR");
        R("tRTP.prea", PseudoChannel, C(RD), C(PREA), t.nRTP, "nRTP");
        R("tWR.prea", PseudoChannel, C(WR), C(PREA), wrDataEnd + t.nWR, "nCWL + nBL + nWR");
        R("tRDA_RP", Bank, C(RDA), C(ACT, REFpb, RFM), t.nRTP + t.nRP, "nRTP + nRP");
        R("tWRA_RP", Bank, C(WRA), C(ACT, REFpb, RFM), wrDataEnd + t.nWR + t.nRP, "nCWL + nBL + nWR + nRP");
        R("tRDA_RP.refab", PseudoChannel, C(RDA), C(REFab), t.nRTP + t.nRP, "nRTP + nRP");
        R("tWRA_RP.refab", PseudoChannel, C(WRA), C(REFab), wrDataEnd + t.nWR + t.nRP, "nCWL + nBL + nWR + nRP");

        // ---- row to row ----
        R("tRC", Bank, C(ACT), C(ACT), t.nRC, "nRC");
        R("tRAS", Bank, C(ACT), C(PRE), t.nRAS, "nRAS");
        R("tRAS.prea", PseudoChannel, C(ACT), C(PREA), t.nRAS, "nRAS");
        R("tRP", Bank, C(PRE), C(ACT, REFpb, RFM), t.nRP, "nRP");
        R("tRP.all", PseudoChannel, C(PREA), C(ACT, REFab, REFpb, RFM), t.nRP, "nRP");
        R("tRP.refab", PseudoChannel, C(PRE), C(REFab), t.nRP, "nRP");
        R("tRRD_S", PseudoChannel, C(ACT), C(ACT), t.nRRDS, "nRRDS");
        R("tRRD_L", BankGroup, C(ACT), C(ACT), t.nRRDL, "nRRDL");
        R("tFAW", PseudoChannel, C(ACT), C(ACT), t.nFAW, "nFAW", window: 4);
        if (t.nPPD > 0) R("tPPD", PseudoChannel, C(PRE, PREA), C(PRE, PREA), t.nPPD, "nPPD");

        // ---- refresh ----
        R("tRFC", PseudoChannel, C(REFab), C(ACT, REFab, REFpb, RFM), t.nRFC, "nRFC");
        R("tRC.refab", PseudoChannel, C(ACT), C(REFab), t.nRC, "nRC");
        R("tRFCpb", Bank, C(REFpb), C(ACT, REFpb, RFM), t.nRFCpb, "nRFCpb");
        R("tRFCpb.refab", PseudoChannel, C(REFpb), C(REFab), t.nRFCpb, "nRFCpb");
        R("tRC.refpb", Bank, C(ACT), C(REFpb), t.nRC, "nRC");
        R("tRREFD", PseudoChannel, C(REFpb), C(REFpb, ACT), t.nRREFD, "nRREFD");
        R("tRREFD.act", PseudoChannel, C(ACT), C(REFpb), t.nRREFD, "nRREFD");
        if (std == Standard.HBM3)
        {
            R("tRFM", Bank, C(RFM), C(ACT, REFpb, RFM), t.nRFM, "nRFM");
            R("tRC.rfm", Bank, C(ACT), C(RFM), t.nRC, "nRC");
            R("tRREFD.rfm", PseudoChannel, C(RFM), C(RFM, REFpb, ACT), t.nRREFD, "nRREFD");
        }
        if (c.Pim.Architecture == PimArchitecture.HbmPim) AddHbmPim(c, add, rdToWr, wrDataEnd);
        if (c.Pim.Architecture == PimArchitecture.Aim) AddAim(c, add, rdToWr, wrDataEnd);
        return new TimingTable(std, rows);
    }

    private delegate void RowAdder(string name, Scope s, Command[] pre, Command[] fol, int lat, string formula, int window = 1, bool sibling = false);

    /// <summary>HBM-PIM (Aquabolt-XL style): all-bank activate and the AB-PIM column triggers. Each PIM operation
    /// takes tCCD_L; all-bank activates are spaced by a configurable power window.</summary>
    private static void AddHbmPim(MemoryConfig c, RowAdder R, int rdToWr, int wrDataEnd)
    {
        var t = c.Timing;
        Command[] C(params Command[] cs) => cs;
        Command[] plainCol = [RD, RDA, WR, WRA];
        R("tRCDRD.ab", PseudoChannel, C(ACTab), C(RD, RDA, PIMRD), t.nRCDRD, "nRCDRD");
        R("tRCDWR.ab", PseudoChannel, C(ACTab), C(WR, WRA, PIMWR), t.nRCDWR, "nRCDWR");
        R("tRAS.ab", PseudoChannel, C(ACTab), C(PREA), t.nRAS, "nRAS");
        R("tRP.ab", PseudoChannel, C(PREA, PRE), C(ACTab), t.nRP, "nRP");
        R("tRC.ab", PseudoChannel, C(ACTab), C(ACTab, ACT), t.nRC, "nRC (every bank takes part in an all-bank activate)");
        R("tRC.ab.in", PseudoChannel, C(ACT), C(ACTab), t.nRC, "nRC");
        R("tACTAB", PseudoChannel, C(ACTab), C(ACTab), c.ActAbWindowCycles, "pim.nACTAB, default 2 x nFAW (all-bank activate power window)");
        R("tRC.ab.ref", PseudoChannel, C(ACTab), C(REFab, REFpb), t.nRC, "nRC");
        R("tRFC.ab", PseudoChannel, C(REFab), C(ACTab), t.nRFC, "nRFC");
        R("tRFCpb.ab", PseudoChannel, C(REFpb), C(ACTab), t.nRFCpb, "nRFCpb");
        R("tCCD.pim", PseudoChannel, C(PIMRD, PIMWR), C(RD, RDA, WR, WRA, PIMRD, PIMWR), t.nCCDL, "nCCDL (one PIM operation per tCCD_L)");
        R("tCCD.pim.in", PseudoChannel, plainCol, C(PIMRD, PIMWR), t.nCCDL, "nCCDL");
        R("tRTW.pim", PseudoChannel, C(RD, RDA, PIMRD), C(PIMWR), rdToWr, "max(nRTW, nCL + nBL + 2 - nCWL)");
        R("tRTW.pim.out", PseudoChannel, C(PIMRD), C(WR, WRA), rdToWr, "max(nRTW, nCL + nBL + 2 - nCWL)");
        R("tWTR.pim", PseudoChannel, C(WR, WRA, PIMWR), C(PIMRD), wrDataEnd + t.nWTRL, "nCWL + nBL + nWTRL");
        R("tWTR.pim.out", PseudoChannel, C(PIMWR), C(RD, RDA), wrDataEnd + t.nWTRL, "nCWL + nBL + nWTRL");
        R("tRTP.pim", PseudoChannel, C(PIMRD), C(PREA), t.nRTP, "nRTP");
        R("tWR.pim", PseudoChannel, C(PIMWR), C(PREA), wrDataEnd + t.nWR, "nCWL + nBL + nWR");
    }

    /// <summary>AiM (Newton / GDDR6-AiM style) on HBM3: multi-bank activates, MAC16 into per-bank accumulators,
    /// global-buffer writes on the data bus, accumulator reads, element-wise multiply and activation functions.</summary>
    private static void AddAim(MemoryConfig c, RowAdder R, int rdToWr, int wrDataEnd)
    {
        var t = c.Timing;
        Command[] C(params Command[] cs) => cs;
        int bus = Math.Max(t.nBL, t.nCCDS);
        R("tRCDMAC", StackId, C(ACT16), C(MAC16, EWMUL16), c.MacActCycles, "pim.nRCDRDMAC, default nRCDRD");
        R("tRCDRD.16", StackId, C(ACT16), C(RD, RDA), t.nRCDRD, "nRCDRD");
        R("tRCDWR.16", StackId, C(ACT16), C(WR, WRA), t.nRCDWR, "nRCDWR");
        R("tRCDRD.4", BankGroup, C(ACT4), C(RD, RDA), t.nRCDRD, "nRCDRD");
        R("tRCDWR.4", BankGroup, C(ACT4), C(WR, WRA), t.nRCDWR, "nRCDWR");
        R("tRAS.16", PseudoChannel, C(ACT16, ACT4), C(PREA), t.nRAS, "nRAS");
        R("tRP.16", PseudoChannel, C(PREA), C(ACT16, ACT4), t.nRP, "nRP");
        R("tRP.16.pre", StackId, C(PRE), C(ACT16), t.nRP, "nRP");
        R("tRP.4.pre", BankGroup, C(PRE), C(ACT4), t.nRP, "nRP");
        R("tRC.16", StackId, C(ACT16, ACT), C(ACT16), t.nRC, "nRC");
        R("tRC.16.out", StackId, C(ACT16), C(ACT, ACT4), t.nRC, "nRC");
        R("tRC.4", BankGroup, C(ACT4, ACT), C(ACT4), t.nRC, "nRC");
        R("tRC.4.out", BankGroup, C(ACT4), C(ACT), t.nRC, "nRC");
        R("tACT16", PseudoChannel, C(ACT16), C(ACT16), c.ActAbWindowCycles, "pim.nACTAB, default 2 x nFAW (16-bank activate power window)");
        R("tACT4", PseudoChannel, C(ACT4), C(ACT4), t.nFAW, "nFAW (a 4-bank activate spends one four-activate window)");
        R("tRRD.16", PseudoChannel, C(ACT16, ACT4), C(ACT, ACT16, ACT4), t.nRRDS, "nRRDS");
        R("tRRD.16.in", PseudoChannel, C(ACT), C(ACT16, ACT4), t.nRRDS, "nRRDS");
        R("tMAC16", StackId, C(MAC16, EWMUL16), C(MAC16, EWMUL16), c.Mac16SpacingCycles, "pim.nMAC16, default nCCDL");
        R("tMAC16.pc", PseudoChannel, C(MAC16, EWMUL16), C(MAC16, EWMUL16), t.nCCDS, "nCCDS");
        R("tMACLAT", StackId, C(MAC16), C(RDMAC16, AF16), c.Pim.nMACLAT, "pim.nMACLAT (adder tree)");
        R("tAFLAT", StackId, C(AF16), C(RDMAC16), c.Pim.nAFLAT, "pim.nAFLAT (lookup table)");
        R("tWRGB", PseudoChannel, C(WRGB), C(MAC16, EWMUL16), wrDataEnd, "nCWL + nBL (buffer data arrives)");
        R("tCCD.gb", PseudoChannel, C(WRGB, WR, WRA), C(WRGB, WR, WRA), bus, "max(nBL, nCCDS)");
        R("tCCD.rdmac", PseudoChannel, C(RDMAC16, RD, RDA), C(RDMAC16, RD, RDA), bus, "max(nBL, nCCDS)");
        R("tWTR.gb", PseudoChannel, C(WRGB), C(RD, RDA, RDMAC16), wrDataEnd + t.nWTRS, "nCWL + nBL + nWTRS");
        R("tWTR.gb.in", PseudoChannel, C(WR, WRA), C(RDMAC16), wrDataEnd + t.nWTRS, "nCWL + nBL + nWTRS");
        R("tRTW.gb", PseudoChannel, C(RD, RDA, RDMAC16), C(WRGB), rdToWr, "max(nRTW, nCL + nBL + 2 - nCWL)");
        R("tRTW.rdmac", PseudoChannel, C(RDMAC16), C(WR, WRA), rdToWr, "max(nRTW, nCL + nBL + 2 - nCWL)");
        R("tRTP.mac", PseudoChannel, C(MAC16), C(PREA), t.nRTP, "nRTP");
        R("tRTP.mac.pre", StackId, C(MAC16), C(PRE), t.nRTP, "nRTP");
        R("tWR.ew", PseudoChannel, C(EWMUL16), C(PREA), wrDataEnd + t.nWR, "nCWL + nBL + nWR");
        R("tWR.ew.pre", StackId, C(EWMUL16), C(PRE), wrDataEnd + t.nWR, "nCWL + nBL + nWR");
        R("tRC.16.ref", PseudoChannel, C(ACT16, ACT4), C(REFab), t.nRC, "nRC");
        R("tRFC.16", PseudoChannel, C(REFab), C(ACT16, ACT4), t.nRFC, "nRFC");
        R("tRFCpb.16", StackId, C(REFpb), C(ACT16), t.nRFCpb, "nRFCpb");
        R("tRFCpb.4", BankGroup, C(REFpb), C(ACT4), t.nRFCpb, "nRFCpb");
    }

    /// <summary>The rows whose following set contains <paramref name="cmd"/>.</summary>
    public IEnumerable<TimingConstraint> Following(Command cmd) => Constraints.Where(r => r.Following.Contains(cmd));
}
