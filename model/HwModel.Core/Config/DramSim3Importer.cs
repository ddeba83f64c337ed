using System.Globalization;
using System.Numerics;

namespace HwModel.Config;

/// <summary>
/// Imports a DRAMSim3 .ini file (sections dram_structure, timing, power, system) the way DRAMSim3 itself reads it:
/// columns doubled for the HBM protocols, request size = bus_width / 8 x BL, nBL = BL / 2, tRC = tRAS + tRP,
/// tRTP from the tRTP key (default 5; tRTP_L/tRTP_S are not read by DRAMSim3), address mapping read two letters a
/// field, trans_queue_size as the read and write queue depth. Fields that the import does not use are reported as
/// warnings, never silently reinterpreted. Errors name file:line, the field and the rule.
/// </summary>
public static class DramSim3Importer
{
    private sealed record Entry(string Value, int Line);

    // Keys DRAMSim3 reads that have no counterpart here (power-down and self-refresh states are not modelled).
    private static readonly HashSet<string> KnownUnmodelled = new(StringComparer.OrdinalIgnoreCase)
    {
        "timing.AL", "timing.tXS", "timing.tCKE", "timing.tCKESR", "timing.tCKSRE", "timing.tXP", "timing.tRPRE", "timing.tWPRE",
        "timing.tRFC2", "timing.tRFC4", "timing.t32AW", "timing.tRTP_L", "timing.tRTP_S", "timing.tRC", "timing.tREFIb",
        "power.IDD2P", "power.IDD3P", "power.IDD6x", "power.IDD6", "power.IDD5", "power.IDD5B", "power.VDDQ", "power.IDD4R_Q",
        "system.cmd_queue_size", "system.queue_structure", "system.refresh_policy", "system.enable_self_refresh",
        "system.sref_threshold", "system.aggressive_precharging_enabled", "system.enable_hbm_dual_cmd", "system.unified_queue",
        "other.epoch_period", "other.output_level", "other.output_prefix", "dram_structure.device_width",
    };

    public static MemoryConfig Import(string path, List<string>? warnings = null)
    {
        var ini = Parse(path);
        warnings ??= [];
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        Entry? Get(string key) { used.Add(key); return ini.TryGetValue(key, out var e) ? e : null; }
        string Where(Entry? e) => e is null ? path : $"{path}:{e.Line}";
        long Int(string key, long def)
        {
            var e = Get(key);
            if (e is null) return def;
            if (long.TryParse(e.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
            if (double.TryParse(e.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e18) return (long)d;
            throw new ConfigException(Where(e), key, e.Value, "expected an integer");
        }
        double Dbl(string key, double def)
        {
            var e = Get(key);
            if (e is null) return def;
            if (double.TryParse(e.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                && double.IsFinite(v)) return v;
            throw new ConfigException(Where(e), key, e.Value, "expected a finite number");
        }
        string Str(string key, string def) => Get(key)?.Value ?? def;
        // every integer key has a range, so no product below can divide by zero or overflow
        int I(string key, long def, long min = 0, long max = 1 << 20)
        {
            long v = Int(key, def);
            if (v < min || v > max)
                throw new ConfigException(Where(Get(key)), key, v.ToString(CultureInfo.InvariantCulture),
                    $"expected an integer in {min}..{max}");
            return (int)v;
        }

        var protoEntry = Get("dram_structure.protocol");
        var protocol = protoEntry?.Value ?? "";
        if (!protocol.Equals("HBM2", StringComparison.OrdinalIgnoreCase) && !protocol.Equals("HBM", StringComparison.OrdinalIgnoreCase))
            throw new ConfigException(Where(protoEntry), "dram_structure.protocol", protocol, "expected HBM or HBM2 (this model imports HBM configurations only)");
        if (protocol.Equals("HBM", StringComparison.OrdinalIgnoreCase))
            warnings.Add($"{Where(protoEntry)}: protocol HBM (first generation) is modelled with the HBM2 timing table");

        var c = Presets.Get("hbm2-2000-legacy");
        c.Name = Path.GetFileNameWithoutExtension(path);
        c.Source = $"imported from DRAMSim3 file {Path.GetFileName(path)}";
        c.Energy.Source = $"DRAMSim3 file {Path.GetFileName(path)} [power]";
        var o = c.Org; var t = c.Timing; var k = c.Controller; var en = c.Energy;

        o.BankGroups = I("dram_structure.bankgroups", 4, 1, 64);
        o.BanksPerGroup = I("dram_structure.banks_per_group", 4, 1, 64);
        o.Rows = I("dram_structure.rows", 32768, 1);
        var colEntry = Get("dram_structure.columns");
        long fileColumns = I("dram_structure.columns", 64, 1, 1 << 16);
        int bl = I("dram_structure.BL", 4, 1, 64);
        long columns = fileColumns * 2; // DRAMSim3 doubles columns for the HBM protocols
        if (bl <= 0 || columns % bl != 0)
            throw new ConfigException(Where(colEntry), "dram_structure.columns", fileColumns.ToString(CultureInfo.InvariantCulture), $"2 x columns must be a multiple of BL ({bl})");
        o.Columns = (int)(columns / bl);
        o.BurstLength = bl;
        o.Channels = I("system.channels", 8, 1, 1024);
        o.PseudoChannels = 1;
        o.BusWidthBits = I("system.bus_width", 128, 8, 1024);
        o.AddressMapping = Str("system.address_mapping", "rorabgbachco");

        double tckNs = Dbl("timing.tCK", 1.0);
        if (tckNs is < 0.01 or > 1000)
            throw new ConfigException(Where(Get("timing.tCK")), "timing.tCK",
                tckNs.ToString(CultureInfo.InvariantCulture), "expected a clock period in 0.01..1000 ns");
        o.TckPs = tckNs * 1000.0;
        o.DataRateMbps = 2000.0 / tckNs;
        t.nBL = Math.Max(1, bl / 2);

        // ranks follow from channel_size (MB) as DRAMSim3 computes them; on HBM a rank is a stack ID
        var csEntry = Get("system.channel_size");
        long channelMb = I("system.channel_size", 0, 0, 1 << 28);
        long rankBytes = (long)o.Rows * columns * o.BankGroups * o.BanksPerGroup * o.BusWidthBits / 8;
        int ranks = I("dram_structure.ranks", 1, 1, 16);
        if (channelMb > 0)
        {
            long bytes = channelMb << 20;
            if (bytes % rankBytes != 0 || !BitOperations.IsPow2(bytes / rankBytes))
                throw new ConfigException(Where(csEntry), "system.channel_size", channelMb.ToString(CultureInfo.InvariantCulture),
                    $"must be a power-of-two multiple of one rank ({rankBytes >> 20} MB = rows x 2 x columns x banks x bus_width / 8)");
            ranks = (int)(bytes / rankBytes);
        }
        o.StackIds = ranks;

        t.nCL = I("timing.CL", t.nCL);
        t.nCWL = I("timing.CWL", t.nCWL);
        int rcd = I("timing.tRCD", 0);
        t.nRCDRD = I("timing.tRCDRD", rcd > 0 ? rcd : t.nRCDRD);
        t.nRCDWR = I("timing.tRCDWR", rcd > 0 ? rcd : t.nRCDWR);
        t.nRP = I("timing.tRP", t.nRP);
        t.nRAS = I("timing.tRAS", t.nRAS);
        t.nRC = t.nRAS + t.nRP;
        if (ini.TryGetValue("timing.tRC", out var rc))
            warnings.Add($"{path}:{rc.Line}: tRC is not read by DRAMSim3 (it uses tRAS + tRP = {t.nRC}); ignored");
        t.nWR = I("timing.tWR", t.nWR);
        t.nRTP = I("timing.tRTP", 5);
        foreach (var key in new[] { "timing.tRTP_L", "timing.tRTP_S" })
            if (ini.TryGetValue(key, out var e))
                warnings.Add($"{path}:{e.Line}: {key[7..]} is not read by DRAMSim3 (its built-in tRTP = {t.nRTP} applies); ignored");
        t.nCCDS = I("timing.tCCD_S", t.nCCDS);
        t.nCCDL = I("timing.tCCD_L", t.nCCDL);
        t.nRRDS = I("timing.tRRD_S", t.nRRDS);
        t.nRRDL = I("timing.tRRD_L", t.nRRDL);
        t.nFAW = I("timing.tFAW", t.nFAW);
        t.nWTRS = I("timing.tWTR_S", t.nWTRS);
        t.nWTRL = I("timing.tWTR_L", t.nWTRL);
        t.nRFC = I("timing.tRFC", t.nRFC);
        t.nRFCpb = I("timing.tRFCb", t.nRFCpb);
        t.nREFI = I("timing.tREFI", t.nREFI);
        t.nPPD = I("timing.tPPD", 0);
        t.nCCDR = I("timing.tRTRS", 0) > 0 ? Math.Max(t.nBL, t.nCCDS) + I("timing.tRTRS", 0) : 0;
        if (ini.TryGetValue("timing.tREFIb", out var refib))
            warnings.Add($"{path}:{refib.Line}: tREFIb is not used; the per-bank refresh interval is nREFI / banks = {t.nREFI / Math.Max(1, o.BanksPerPseudoChannel)}");

        en.VddV = Dbl("power.VDD", en.VddV);
        en.IDD0mA = Dbl("power.IDD0", en.IDD0mA);
        en.IDD2NmA = Dbl("power.IDD2N", en.IDD2NmA);
        en.IDD3NmA = Dbl("power.IDD3N", en.IDD3NmA);
        en.IDD4RmA = Dbl("power.IDD4R", en.IDD4RmA);
        en.IDD4WmA = Dbl("power.IDD4W", en.IDD4WmA);
        en.IDD5ABmA = Dbl("power.IDD5AB", en.IDD5ABmA);
        en.IDD5PBmA = Dbl("power.IDD5PB", 0);

        int tq = I("system.trans_queue_size", 32, 1, 4096);
        k.ReadQueueDepth = k.WriteQueueDepth = tq;
        k.WriteHighWatermark = Math.Max(1, tq * 3 / 4);
        k.WriteLowWatermark = Math.Min(k.WriteHighWatermark - 1, tq / 4);
        var rbp = Get("system.row_buf_policy");
        k.PagePolicy = (rbp?.Value ?? "OPEN_PAGE").ToUpperInvariant() switch
        {
            "OPEN_PAGE" => PagePolicyKind.Open,
            "CLOSE_PAGE" => PagePolicyKind.Closed,
            _ => throw new ConfigException(Where(rbp), "system.row_buf_policy", rbp!.Value, "expected OPEN_PAGE or CLOSE_PAGE"),
        };
        if (ini.TryGetValue("system.cmd_queue_size", out var cq))
            warnings.Add($"{path}:{cq.Line}: cmd_queue_size = {cq.Value} is not modelled separately (requests wait in per-bank lists bounded by the transaction queue)");

        foreach (var (key, e) in ini)
            if (!used.Contains(key) && !KnownUnmodelled.Contains(key))
                warnings.Add($"{path}:{e.Line}: {key} is not used by this import");
            else if (KnownUnmodelled.Contains(key) && !used.Contains(key) && !key.StartsWith("timing.tRTP_") && key != "timing.tRC"
                     && key != "timing.tREFIb" && key != "system.cmd_queue_size")
                warnings.Add($"{path}:{e.Line}: {key} is read by DRAMSim3 but not modelled here (power-down, self-refresh and queue-structure details); ignored");

        ConfigValidator.Validate(c, path);
        return c;
    }

    private static Dictionary<string, Entry> Parse(string path)
    {
        var d = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        string section = "";
        int n = 0;
        using var reader = new StreamReader(path);
        foreach (var raw in Util.BoundedText.ReadLines(reader, path))
        {
            n++;
            var line = raw;
            int hash = line.IndexOfAny([';', '#']);
            if (hash >= 0) line = line[..hash];
            line = line.Trim();
            if (line.Length == 0) continue;
            if (line[0] == '[')
            {
                if (line[^1] != ']') throw new ConfigException($"{path}:{n}", "section", line, "expected [section]");
                section = line[1..^1].Trim();
                continue;
            }
            int eq = line.IndexOf('=');
            if (eq <= 0) throw new ConfigException($"{path}:{n}", "line", line, "expected key = value");
            if (section.Length == 0) throw new ConfigException($"{path}:{n}", line[..eq].Trim(), null, "key outside any [section]");
            d[$"{section}.{line[..eq].Trim()}"] = new Entry(line[(eq + 1)..].Trim(), n);
        }
        return d;
    }
}
