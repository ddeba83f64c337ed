using System.Numerics;

namespace HwModel.Config;

/// <summary>Checks a configuration against the consistency rules; the first broken rule is reported by field, value and rule.</summary>
public static class ConfigValidator
{
    public static void Validate(MemoryConfig c, string origin)
    {
        var o = c.Org;
        var t = c.Timing;
        var k = c.Controller;
        void Rule(bool ok, string field, object value, string rule)
        {
            if (!ok) throw new ConfigException(origin, field, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), rule);
        }
        void Pow2(string field, int v) => Rule(v > 0 && BitOperations.IsPow2(v), field, v, "must be a power of two (it feeds address bits)");

        Pow2("org.Channels", o.Channels);
        Pow2("org.PseudoChannels", o.PseudoChannels);
        Rule(o.PseudoChannels <= 2, "org.PseudoChannels", o.PseudoChannels, "must be 1 (legacy) or 2 (pseudo-channel mode)");
        Pow2("org.StackIds", o.StackIds);
        Pow2("org.BankGroups", o.BankGroups);
        Pow2("org.BanksPerGroup", o.BanksPerGroup);
        Pow2("org.Rows", o.Rows);
        Pow2("org.Columns", o.Columns);
        Pow2("org.BusWidthBits", o.BusWidthBits);
        Rule(o.BusWidthBits >= 8, "org.BusWidthBits", o.BusWidthBits, "must be at least 8");
        Pow2("org.BurstLength", o.BurstLength);
        Rule(o.BanksPerPseudoChannel <= 64, "org.StackIds", o.StackIds, "stack IDs x bank groups x banks per group must be at most 64");
        Rule(o.TckPs > 0, "org.TckPs", o.TckPs, "must be positive");
        Rule(o.DataRateMbps > 0, "org.DataRateMbps", o.DataRateMbps, "must be positive");
        Rule(o.ActHalfCycles is >= 1 and <= 4, "org.ActHalfCycles", o.ActHalfCycles, "must be 1..4 half-cycles");
        Rule(o.RowCmdHalfCycles is >= 1 and <= 2, "org.RowCmdHalfCycles", o.RowCmdHalfCycles, "must be 1 or 2 half-cycles");

        foreach (var f in ConfigFields.All.Where(f => f.Section == "timing"))
        {
            int v = (int)f.Get(c)!;
            bool zeroAllowed = f.Name is "nRTW" or "nPPD" or "nCCDR";
            Rule(zeroAllowed ? v >= 0 : v > 0, f.Path, v, zeroAllowed ? "must be a non-negative integer" : "must be a positive integer");
        }
        // The burst must fit the data rate: BL beats in nBL cycles of tCK.
        double rateFromClock = o.BurstLength / (t.nBL * o.TckPs) * 1e6;
        Rule(Math.Abs(rateFromClock - o.DataRateMbps) <= 0.01 * o.DataRateMbps, "timing.nBL", t.nBL,
            $"BurstLength / (nBL x TckPs) gives {rateFromClock:F0} Mb/s, but org.DataRateMbps is {o.DataRateMbps}");
        Rule(t.nRC >= t.nRAS + t.nRP, "timing.nRC", t.nRC, $"nRC must be >= nRAS + nRP ({t.nRAS} + {t.nRP} = {t.nRAS + t.nRP})");
        Rule(t.nRAS >= t.nRCDRD, "timing.nRAS", t.nRAS, $"nRAS must be >= nRCDRD ({t.nRCDRD})");
        Rule(t.nCCDL >= t.nCCDS, "timing.nCCDL", t.nCCDL, $"nCCDL must be >= nCCDS ({t.nCCDS})");
        Rule(t.nRRDL >= t.nRRDS, "timing.nRRDL", t.nRRDL, $"nRRDL must be >= nRRDS ({t.nRRDS})");
        Rule(t.nWTRL >= t.nWTRS, "timing.nWTRL", t.nWTRL, $"nWTRL must be >= nWTRS ({t.nWTRS})");
        Rule(t.nFAW >= t.nRRDS, "timing.nFAW", t.nFAW, $"nFAW must be >= nRRDS ({t.nRRDS})");
        Rule(t.nREFI > t.nRFC, "timing.nREFI", t.nREFI, $"nREFI must be > nRFC ({t.nRFC})");
        if (k.Refresh == RefreshKind.PerBank)
            Rule(c.RefreshIntervalPerBankCycles > t.nRFCpb / o.BanksPerPseudoChannel, "timing.nREFI", t.nREFI,
                "per-bank refresh interval (nREFI / banks) is too short for nRFCpb");

        Rule(k.ReadQueueDepth is > 0 and <= 4096, "controller.ReadQueueDepth", k.ReadQueueDepth, "must be 1..4096");
        Rule(k.WriteQueueDepth is > 0 and <= 4096, "controller.WriteQueueDepth", k.WriteQueueDepth, "must be 1..4096");
        Rule(k.WriteHighWatermark > 0 && k.WriteHighWatermark <= k.WriteQueueDepth, "controller.WriteHighWatermark", k.WriteHighWatermark,
            $"must be 1..WriteQueueDepth ({k.WriteQueueDepth})");
        Rule(k.WriteLowWatermark >= 0 && k.WriteLowWatermark < k.WriteHighWatermark, "controller.WriteLowWatermark", k.WriteLowWatermark,
            $"must be 0..WriteHighWatermark-1 ({k.WriteHighWatermark - 1})");
        Rule(k.RefreshPostponeLimit is >= 0 and <= 8, "controller.RefreshPostponeLimit", k.RefreshPostponeLimit, "must be 0..8 (JEDEC)");
        Rule(k.RfmThreshold >= 0, "controller.RfmThreshold", k.RfmThreshold, "must be >= 0");
        Rule(k.RfmThreshold == 0 || o.Standard == Standard.HBM3, "controller.RfmThreshold", k.RfmThreshold, "RFM exists on HBM3 only");
        Rule(k.FrontEndDepth is > 0 and <= 65536, "controller.FrontEndDepth", k.FrontEndDepth, "must be 1..65536");

        var e = c.Energy;
        foreach (var f in ConfigFields.All.Where(f => f.Section == "energy" && f.Property.PropertyType == typeof(double)))
            Rule((double)f.Get(c)! >= 0, f.Path, f.Get(c)!, "must be >= 0");
        Rule(e.IDD3NmA >= e.IDD2NmA, "energy.IDD3NmA", e.IDD3NmA, $"active standby must be >= precharge standby IDD2N ({e.IDD2NmA})");

        var pim = c.Pim;
        if (pim.Architecture != PimArchitecture.None)
        {
            Rule(pim.Lanes * 2 == o.AccessBytes, "pim.Lanes", pim.Lanes, $"lanes x 2 bytes must equal one burst ({o.AccessBytes} B)");
            Rule(pim.Architecture != PimArchitecture.HbmPim || o.BanksPerPseudoChannel % 2 == 0, "pim.Architecture", pim.Architecture, "HBM-PIM needs bank pairs");
            Rule(pim.Architecture != PimArchitecture.Aim || o.BankGroups * o.BanksPerGroup == 16, "pim.Architecture", pim.Architecture, "AiM needs 16 banks per stack ID");
            Rule(pim.CrfEntries is > 0 and <= 32, "pim.CrfEntries", pim.CrfEntries, "must be 1..32");
            Rule(pim.GrfEntries is > 0 and <= 8, "pim.GrfEntries", pim.GrfEntries, "must be 1..8 (3 index bits)");
            Rule(pim.SrfEntries is > 0 and <= 8, "pim.SrfEntries", pim.SrfEntries, "must be 1..8 (3 index bits)");
            Rule(pim.GlobalBufferBytes > 0 && pim.GlobalBufferBytes % o.AccessBytes == 0, "pim.GlobalBufferBytes", pim.GlobalBufferBytes, "must be a positive multiple of the burst size");
            foreach (var f in ConfigFields.All.Where(f => f.Section == "pim" && f.Property.PropertyType == typeof(int)))
                Rule((int)f.Get(c)! >= 0, f.Path, f.Get(c)!, "must be >= 0");
            foreach (var f in ConfigFields.All.Where(f => f.Section == "pim" && f.Property.PropertyType == typeof(double)))
                Rule((double)f.Get(c)! >= 0, f.Path, f.Get(c)!, "must be >= 0");
        }

        Addressing.AddressMapper.Validate(o, origin);
    }
}
