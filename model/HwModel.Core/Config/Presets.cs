namespace HwModel.Config;

/// <summary>
/// Named configurations. Every preset states its source; numbers not given by that source are derived
/// from it by a stated rule (nanoseconds scaled to the preset's tCK, rounded up).
/// </summary>
public static class Presets
{
    public const string Default = "hbm3-6400";

    private static readonly Dictionary<string, Func<MemoryConfig>> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hbm2-2000"] = Hbm2_2000,
        ["hbm2-2400"] = Hbm2_2400,
        ["hbm2e-3200"] = () => Hbm2eScaled("hbm2e-3200", 3200),
        ["hbm2e-3600"] = () => Hbm2eScaled("hbm2e-3600", 3600),
        ["hbm2-2000-legacy"] = Hbm2_2000_Legacy,
        ["hbm3-6400"] = Hbm3_6400,
        ["hbm2-2000-pim"] = Hbm2_2000_Pim,
        ["hbm2-2400-pim"] = () => WithPim(Hbm2_2400(), "hbm2-2400-pim", PimArchitecture.HbmPim),
        ["hbm2e-3200-pim"] = () => WithPim(Hbm2eScaled("hbm2e-3200", 3200), "hbm2e-3200-pim", PimArchitecture.HbmPim),
        ["hbm2e-3600-pim"] = () => WithPim(Hbm2eScaled("hbm2e-3600", 3600), "hbm2e-3600-pim", PimArchitecture.HbmPim),
        ["hbm3-6400-pim"] = () => WithPim(Hbm3_6400(), "hbm3-6400-pim", PimArchitecture.HbmPim),
        ["hbm3-6400-aim"] = () => WithPim(Hbm3_6400(), "hbm3-6400-aim", PimArchitecture.Aim),
    };

    public static IEnumerable<string> Names => Table.Keys;

    public static bool Exists(string name) => Table.ContainsKey(name);

    /// <summary>A fresh copy of the named preset.</summary>
    public static MemoryConfig Get(string name) =>
        Table.TryGetValue(name, out var f) ? f()
        : throw new ConfigException("preset", "preset", name, "unknown preset; expected one of " + string.Join(", ", Table.Keys));

    /// <summary>HBM2 at 2.0 Gb/s in pseudo-channel mode, 8 Gb per channel (8-high, 8 GB stack).</summary>
    private static MemoryConfig Hbm2_2000()
    {
        var c = new MemoryConfig
        {
            Name = "hbm2-2000",
            Source = "JESD235 HBM2 2.0 Gb/s as cited by the Ramulator 2.0 HBM2 preset; nRFC for 8 Gb/channel (350 ns), nREFI 3900 ns, nFAW 15 ns (vendor-typical)",
        };
        c.Org = new Organisation
        {
            Standard = Standard.HBM2, Channels = 8, PseudoChannels = 2, StackIds = 1, BankGroups = 4, BanksPerGroup = 4,
            Rows = 32768, Columns = 32, BusWidthBits = 64, BurstLength = 4, DataRateMbps = 2000, TckPs = 1000,
            ActHalfCycles = 2, RowCmdHalfCycles = 2, AddressMapping = "RoBaCoBgPcCh",
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

    /// <summary>HBM2 at 2.4 Gb/s: the cycle values the source gives, the rest scaled from the 2.0 Gb/s nanoseconds.</summary>
    private static MemoryConfig Hbm2_2400()
    {
        var c = ScaleFrom(Hbm2_2000(), 2400);
        c.Name = "hbm2-2400";
        c.Source = "JESD235 HBM2 2.4 Gb/s as cited by the Ramulator 2.0 HBM2 preset (nCL..nWTRL); nRRD, nFAW, nRFC, nREFI scaled from the 2.0 Gb/s nanoseconds";
        var t = c.Timing;
        (t.nCL, t.nRCDRD, t.nRCDWR, t.nRP, t.nRAS, t.nRC, t.nWR, t.nRTP, t.nCWL, t.nCCDS, t.nCCDL, t.nWTRS, t.nWTRL) =
            (17, 17, 14, 17, 40, 57, 19, 6, 6, 2, 4, 8, 10);
        return c;
    }

    /// <summary>HBM2E: no public cycle table; HBM2 2.0 Gb/s nanosecond values scaled to the faster clock, 16 Gb per channel.</summary>
    private static MemoryConfig Hbm2eScaled(string name, double rateMbps)
    {
        var c = ScaleFrom(Hbm2_2000(), rateMbps);
        c.Name = name;
        c.Org.Standard = Standard.HBM2E;
        c.Org.Rows = 65536;
        c.Timing.nRFC = NsToCycles(450, c.Org.TckPs);
        c.Source = $"JESD235D HBM2E {rateMbps / 1000:0.0} Gb/s organisation (16 Gb/channel); no public HBM2E cycle table, so the JEDEC-cited HBM2 2.0 Gb/s nanosecond values are scaled to tCK {c.Org.TckPs:0.##} ps and rounded up; nRFC 450 ns for 16 Gb from the JEDEC density table";
        return c;
    }

    /// <summary>HBM2 8 Gb in legacy mode: 128-bit channels, as DRAMSim3's configs/HBM2_8Gb_x128.ini configures it.</summary>
    private static MemoryConfig Hbm2_2000_Legacy()
    {
        var c = new MemoryConfig
        {
            Name = "hbm2-2000-legacy",
            Source = "DRAMSim3 configs/HBM2_8Gb_x128.ini (legacy 128-bit channels, BL4, 2 KB page); nRTP = DRAMSim3's built-in 5 (the file's tRTP_S/tRTP_L are not read by DRAMSim3)",
        };
        c.Org = new Organisation
        {
            Standard = Standard.HBM2, Channels = 8, PseudoChannels = 1, StackIds = 1, BankGroups = 4, BanksPerGroup = 4,
            Rows = 32768, Columns = 32, BusWidthBits = 128, BurstLength = 4, DataRateMbps = 2000, TckPs = 1000,
            ActHalfCycles = 2, RowCmdHalfCycles = 2, AddressMapping = "rorabgbachco",
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

    /// <summary>HBM3 at 6.4 Gb/s, 16 channels x 2 pseudo-channels, 2 stack IDs (8-high 16 Gb dies, 16 GB stack).</summary>
    private static MemoryConfig Hbm3_6400()
    {
        var c = new MemoryConfig
        {
            Name = "hbm3-6400",
            Source = "JESD238 HBM3 6.4 Gb/s as cited by the Ramulator 2.0 HBM3 preset; nRFC 350 ns for 8 Gb/channel; tCCD_L = max(4 nCK, 2.5 ns) (JESD238)",
        };
        c.Org = new Organisation
        {
            Standard = Standard.HBM3, Channels = 16, PseudoChannels = 2, StackIds = 2, BankGroups = 4, BanksPerGroup = 4,
            Rows = 16384, Columns = 32, BusWidthBits = 32, BurstLength = 8, DataRateMbps = 6400, TckPs = 625,
            ActHalfCycles = 3, RowCmdHalfCycles = 1, AddressMapping = "RoBaSiCoBgPcCh",
        };
        c.Timing = new TimingParams
        {
            nBL = 2, nCL = 20, nCWL = 10, nRCDRD = 31, nRCDWR = 15, nRP = 26, nRAS = 45, nRC = 72, nWR = 33, nRTP = 9,
            nCCDS = 2, nCCDL = 4, nCCDR = 3, nRRDS = 4, nRRDL = 5, nFAW = 24, nWTRS = 7, nWTRL = 10, nRTW = 20,
            nRFC = NsToCycles(350, 625), nRFCpb = 320, nRREFD = 8, nREFI = 6240, nPPD = 2, nRFM = 320,
        };
        c.Controller.Refresh = RefreshKind.PerBank;
        c.Energy = new EnergyParams
        {
            VddV = 1.1,
            Source = "ASSUMPTION: no public JEDEC HBM3 IDD table; HBM2 8 Gb IDD values (DRAMSim3 HBM2_8Gb_x128.ini) at the HBM3 VDD of 1.1 V (JESD238). Override with your vendor's datasheet.",
        };
        return c;
    }

    private static MemoryConfig WithPim(MemoryConfig c, string name, PimArchitecture arch)
    {
        c.Name = name;
        c.Pim.Architecture = arch;
        c.Source += arch == PimArchitecture.HbmPim
            ? "; HBM-PIM profile (one FP16 SIMD-16 unit per bank pair, Aquabolt-XL style) on this preset's timing"
            : "; AiM profile (BF16 MAC and reduction tree in every bank, 2 KB global buffer per pseudo-channel, Newton / GDDR6-AiM style); AiM extra timings default to the HBM3 values they correspond to (nRCDRDMAC = nRCDRD, MAC16 spacing = nCCDL)";
        return c;
    }

    /// <summary>HBM2 2.0 Gb/s with HBM-PIM, using the timing of the vendor's public research configuration where it differs.</summary>
    private static MemoryConfig Hbm2_2000_Pim()
    {
        var c = WithPim(Hbm2_2000(), "hbm2-2000-pim", PimArchitecture.HbmPim);
        var t = c.Timing;
        (t.nCL, t.nCWL, t.nRCDRD, t.nRCDWR, t.nRAS, t.nRC, t.nRP, t.nCCDS, t.nCCDL, t.nCCDR, t.nRRDS, t.nRRDL, t.nRTP, t.nWR, t.nWTRS, t.nWTRL, t.nFAW, t.nRFC, t.nRFCpb, t.nREFI) =
            (20, 8, 14, 10, 33, 47, 14, 2, 4, 3, 4, 6, 5, 16, 4, 9, 16, 350, 160, 3900);
        c.Source = "HBM2 2.0 Gb/s with the timing of the HBM-PIM vendor's public research simulator configuration (RL 20, WL 8, RCDRD 14, RCDWR 10, RAS 33, RC 47, RP 14, CCDS 2, CCDL 4, RRDS 4, RRDL 6, RTP 5 (RTPL), WR 16, WTRS 4, WTRL 9, FAW 16, RFC 350, REFI 3900, tCK 1 ns); organisation as hbm2-2000; HBM-PIM profile (one FP16 SIMD-16 unit per bank pair, Aquabolt-XL style)";
        return c;
    }

    public static int NsToCycles(double ns, double tckPs) => (int)Math.Ceiling(ns * 1000.0 / tckPs - 1e-9);

    /// <summary>Scales every nanosecond-valued timing of <paramref name="from"/> to a new data rate (same burst, nBL unchanged).</summary>
    private static MemoryConfig ScaleFrom(MemoryConfig from, double rateMbps)
    {
        var c = from.Clone();
        double oldTck = from.Org.TckPs;
        c.Org.DataRateMbps = rateMbps;
        c.Org.TckPs = from.Org.BurstLength / (double)from.Timing.nBL / rateMbps * 1e6;
        int S(int cycles) => cycles == 0 ? 0 : NsToCycles(cycles * oldTck / 1000.0, c.Org.TckPs);
        var t = c.Timing;
        var o = from.Timing;
        t.nCL = S(o.nCL); t.nCWL = S(o.nCWL); t.nRCDRD = S(o.nRCDRD); t.nRCDWR = S(o.nRCDWR); t.nRP = S(o.nRP);
        t.nRAS = S(o.nRAS); t.nWR = S(o.nWR); t.nRTP = S(o.nRTP); t.nCCDL = Math.Max(S(o.nCCDL), t.nCCDS);
        t.nRRDS = S(o.nRRDS); t.nRRDL = S(o.nRRDL); t.nFAW = S(o.nFAW); t.nWTRS = S(o.nWTRS); t.nWTRL = S(o.nWTRL);
        t.nRFC = S(o.nRFC); t.nRFCpb = S(o.nRFCpb); t.nRREFD = S(o.nRREFD); t.nREFI = S(o.nREFI); t.nRFM = S(o.nRFM);
        t.nRC = Math.Max(S(o.nRC), t.nRAS + t.nRP);
        return c;
    }
}
