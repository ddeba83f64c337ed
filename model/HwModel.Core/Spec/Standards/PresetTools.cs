using HwModel.Config;

namespace HwModel.Spec.Standards;

/// <summary>The rules presets are derived by: nanoseconds to cycles (rounded up), scaling to a new clock, PIM
/// profiles.</summary>
public static class PresetTools
{
    /// <summary>Cycles of <paramref name="tckPs"/> that cover <paramref name="ns"/> nanoseconds (rounded up).</summary>
    public static int NsToCycles(double ns, double tckPs) => (int)Math.Ceiling(ns * 1000.0 / tckPs - 1e-9);

    /// <summary>The command clock of a data rate: BL beats in nBL cycles.</summary>
    public static double TckPs(int burstLength, int nBL, double rateMbps) => burstLength / (double)nBL / rateMbps * 1e6;

    /// <summary>
    /// Scales every nanosecond-valued timing of <paramref name="from"/> to a new data rate (same burst, nBL unchanged),
    /// rounding up; nCCDL keeps at least nCCDS and nRC at least nRAS + nRP. With <paramref name="busSpacings"/> the
    /// bus-turnaround and stack-ID spacings (nRTW, nCCDR) are held in nanoseconds too; nPPD stays in clocks.
    /// </summary>
    public static MemoryConfig ScaleFrom(MemoryConfig from, double rateMbps, bool busSpacings = false)
    {
        var c = from.Clone();
        double oldTck = from.Org.TckPs;
        c.Org.DataRateMbps = rateMbps;
        c.Org.TckPs = TckPs(from.Org.BurstLength, from.Timing.nBL, rateMbps);
        int S(int cycles) => cycles == 0 ? 0 : NsToCycles(cycles * oldTck / 1000.0, c.Org.TckPs);
        var t = c.Timing;
        var o = from.Timing;
        t.nCL = S(o.nCL); t.nCWL = S(o.nCWL); t.nRCDRD = S(o.nRCDRD); t.nRCDWR = S(o.nRCDWR); t.nRP = S(o.nRP);
        t.nRAS = S(o.nRAS); t.nWR = S(o.nWR); t.nRTP = S(o.nRTP); t.nCCDL = Math.Max(S(o.nCCDL), t.nCCDS);
        t.nRRDS = S(o.nRRDS); t.nRRDL = S(o.nRRDL); t.nFAW = S(o.nFAW); t.nWTRS = S(o.nWTRS); t.nWTRL = S(o.nWTRL);
        t.nRFC = S(o.nRFC); t.nRFCpb = S(o.nRFCpb); t.nRREFD = S(o.nRREFD); t.nREFI = S(o.nREFI); t.nRFM = S(o.nRFM);
        t.nRFMab = S(o.nRFMab); t.nDRFM = S(o.nDRFM);
        if (busSpacings)
        {
            t.nRTW = S(o.nRTW);
            t.nCCDR = S(o.nCCDR);
        }
        t.nRC = Math.Max(S(o.nRC), t.nRAS + t.nRP);
        return c;
    }

    /// <summary>A PIM profile of a preset: the architecture's own defaults and its source text appended.</summary>
    public static MemoryConfig WithPim(MemoryConfig c, string name, PimArchitecture arch)
    {
        c.Name = name;
        c.Pim.Architecture = arch;
        c.Source += "; " + Pim.PimArchitectures.Get(arch).ProfileSource;
        return c;
    }

    /// <summary>nRFC for a channel density (Gb per channel) from JEDEC's density table as cited for HBM3.</summary>
    public static double Hbm3RfcNs(double gbPerChannel) =>
        gbPerChannel <= 4 ? 260 : gbPerChannel <= 8 ? 350 : gbPerChannel <= 16 ? 450 : 550;
}
