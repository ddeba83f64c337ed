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
        return new TimingTable(std, rows);
    }

    /// <summary>The rows whose following set contains <paramref name="cmd"/>.</summary>
    public IEnumerable<TimingConstraint> Following(Command cmd) => Constraints.Where(r => r.Following.Contains(cmd));
}
