using System.Numerics;
using HwModel.Spec;
using HwModel.Spec.Standards;

namespace HwModel.Config;

/// <summary>Checks a configuration against the consistency rules; the first broken rule is reported by field, value and rule.</summary>
public static class ConfigValidator
{
    /// <summary>Largest stack the model addresses (256 TiB): addresses and byte counts stay far from 2^63.</summary>
    public const ulong MaxCapacityBytes = 1UL << 48;

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

        // every number within its field's range first, so no rule below computes with an absurd value
        foreach (var f in ConfigFields.All)
            if (f.Get(c) is var v && !f.InRange(v)) Rule(false, f.Path, v!, $"must be {f.RangeText} ({f.Unit})");

        Pow2("org.Channels", o.Channels);
        Pow2("org.PseudoChannels", o.PseudoChannels);
        Rule(o.PseudoChannels <= 2, "org.PseudoChannels", o.PseudoChannels, "must be 1 (legacy) or 2 (pseudo-channel mode)");
        var std = StandardRegistry.Get(o.Standard);
        Rule(o.StackHeight is 0 or 2 or 4 or 8 or 12 or 16, "org.StackHeight", o.StackHeight,
            "must be 0 (not stated), 2, 4, 8, 12 or 16 dies");
        Rule(o.DieDensityGb is >= 0 and <= 256, "org.DieDensityGb", o.DieDensityGb, "must be 0 (not stated) .. 256 Gb");
        Rule(o.StackIds is >= 1 and <= 4, "org.StackIds", o.StackIds, "must be 1..4 (0 = StackHeight / 4)");
        Rule(o.StackIds == 1 || std.Has(StandardFeatures.StackIds), "org.StackIds", o.StackIds,
            $"{std.Document} has no stack IDs; use 1 (stack IDs exist from HBM3 on)");
        Pow2("org.BankGroups", o.BankGroups);
        Pow2("org.BanksPerGroup", o.BanksPerGroup);
        Rule(o.Rows is >= 8 and <= 1 << 20, "org.Rows", o.Rows, o.RowsStated ? "must be 8..1048576"
            : "is 0 (derived) but org.StackHeight and org.DieDensityGb do not give a row count; set org.Rows");
        Pow2("org.Columns", o.Columns);
        Pow2("org.BusWidthBits", o.BusWidthBits);
        Rule(o.BusWidthBits >= 8, "org.BusWidthBits", o.BusWidthBits, "must be at least 8");
        Pow2("org.BurstLength", o.BurstLength);
        Rule(o.BanksPerPseudoChannel <= 64, "org.StackIds", o.StackIds, "stack IDs x bank groups x banks per group must be at most 64");
        Rule(o.TckPs > 0, "org.TckPs", o.TckPs, "must be positive");
        Rule(o.DataRateMbps > 0, "org.DataRateMbps", o.DataRateMbps, "must be positive");
        Rule(o.ActHalfCycles is >= 1 and <= 4, "org.ActHalfCycles", o.ActHalfCycles, "must be 1..4 half-cycles");
        Rule(o.RowCmdHalfCycles is >= 1 and <= 2, "org.RowCmdHalfCycles", o.RowCmdHalfCycles, "must be 1 or 2 half-cycles");
        bool halves = std.Has(StandardFeatures.HalfCycleRowCommands);
        Rule(halves || o.ActHalfCycles % 2 == 0, "org.ActHalfCycles", o.ActHalfCycles,
            $"{std.Document} issues row commands in whole clocks (an even number of half-cycles)");
        Rule(halves || o.RowCmdHalfCycles % 2 == 0, "org.RowCmdHalfCycles", o.RowCmdHalfCycles,
            $"{std.Document} issues row commands in whole clocks (an even number of half-cycles)");
        UInt128 capacity = (UInt128)(ulong)o.PseudoChannelsTotal * (ulong)o.BanksPerPseudoChannel * (ulong)o.Rows
            * (ulong)o.Columns * (ulong)o.AccessBytes;
        Rule(capacity <= MaxCapacityBytes, "org.Rows", o.Rows,
            "the geometry (channels x pseudo-channels x banks x rows x columns x burst bytes) gives " +
            $"{capacity} bytes, " +
            $"beyond the model's limit of 2^48 bytes");
        if (o.StatedCapacityBytes > 0)
        {
            Rule(o.CapacityBytes == o.StatedCapacityBytes, "org.Rows", o.Rows,
                $"the geometry gives {o.CapacityBytes / (double)(1L << 30):0.###} GiB, but the stated stack " +
                $"({o.StackHeight}-high, {o.DieDensityGb} Gb dies) holds " +
                    $"{o.StatedCapacityBytes / (double)(1L << 30):0.###} GiB " +
                "(set org.Rows = 0 to derive the rows, or correct the density)");
            if (std.Has(StandardFeatures.StackIds) && o.StackHeight >= Organisation.DiesPerStackId)
                Rule(o.StackIds == o.StackHeight / Organisation.DiesPerStackId, "org.StackIds", o.StackIds,
                    $"the stated {o.StackHeight}-high stack has {o.StackHeight / Organisation.DiesPerStackId} stack " +
                        $"IDs " +
                    "(four dies each; set org.StackIds = 0 to derive it)");
        }

        foreach (var f in ConfigFields.All.Where(f => f.Section == "timing"))
        {
            int v = (int)f.Get(c)!;
            bool zeroAllowed = f.Name is "nRTW" or "nPPD" or "nCCDR" or "nRFMab" or "nDRFM";
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
        Rule(k.RfmThreshold == 0 || std.Has(StandardFeatures.Rfm), "controller.RfmThreshold", k.RfmThreshold,
            $"{std.Document} has no RFM (it exists from HBM3 on)");
        var rfmCmd = Enum.Parse<Command>(k.RfmCommand.ToString());
        Rule(k.RfmThreshold == 0 || CommandTable.Exists(rfmCmd, std.Features, c.Pim.Architecture),
            "controller.RfmCommand", k.RfmCommand,
            $"{std.Document} has no {k.RfmCommand} (RFM exists from HBM3 on, DRFM on HBM4)");
        Rule(k.Refresh != RefreshKind.PerBank || std.Has(StandardFeatures.PerBankRefresh), "controller.Refresh",
            k.Refresh, $"{std.Document} has no per-bank refresh");
        Rule(k.SchedulerName.Length == 0 || Controller.PolicyRegistry.HasScheduler(k.SchedulerName),
            "controller.SchedulerName", k.SchedulerName,
            "expected one of " + string.Join(", ", Controller.PolicyRegistry.SchedulerNames) + " (or empty)");
        Rule(k.FrontEndDepth is > 0 and <= 65536, "controller.FrontEndDepth", k.FrontEndDepth, "must be 1..65536");

        var e = c.Energy;
        foreach (var f in ConfigFields.All.Where(f => f.Section == "energy" && f.Property.PropertyType == typeof(double)))
            Rule((double)f.Get(c)! >= 0, f.Path, f.Get(c)!, "must be >= 0");
        Rule(e.IDD3NmA >= e.IDD2NmA, "energy.IDD3NmA", e.IDD3NmA, $"active standby must be >= precharge standby IDD2N ({e.IDD2NmA})");

        var pim = c.Pim;
        if (pim.Architecture != PimArchitecture.None)
        {
            Rule(pim.Lanes * 2 == o.AccessBytes, "pim.Lanes", pim.Lanes, $"lanes x 2 bytes must equal one burst ({o.AccessBytes} B)");
            Pim.PimArchitectures.Get(pim.Architecture).Validate(c, origin);
            Rule(pim.CrfEntries is > 0 and <= 32, "pim.CrfEntries", pim.CrfEntries, "must be 1..32");
            Rule(pim.GrfEntries is > 0 and <= 8, "pim.GrfEntries", pim.GrfEntries, "must be 1..8 (3 index bits)");
            Rule(pim.SrfEntries is > 0 and <= 8, "pim.SrfEntries", pim.SrfEntries, "must be 1..8 (3 index bits)");
            Rule(pim.GlobalBufferBytes > 0 && pim.GlobalBufferBytes % o.AccessBytes == 0, "pim.GlobalBufferBytes", pim.GlobalBufferBytes, "must be a positive multiple of the burst size");
            foreach (var f in ConfigFields.All.Where(f => f.Section == "pim" && f.Property.PropertyType == typeof(int)))
                Rule((int)f.Get(c)! >= 0, f.Path, f.Get(c)!, "must be >= 0");
            foreach (var f in ConfigFields.All.Where(f => f.Section == "pim" && f.Property.PropertyType == typeof(double)))
                Rule((double)f.Get(c)! >= 0, f.Path, f.Get(c)!, "must be >= 0");
        }

        std.Validate(c, origin);
        Addressing.AddressMapper.Validate(o, origin);
    }
}
