namespace HwModel.Config;

/// <summary>The JEDEC standard a configuration follows; each has one definition under Spec/Standards.</summary>
public enum Standard { HBM2, HBM2E, HBM3, HBM3E, HBM4 }

/// <summary>Stack organisation and interface geometry.</summary>
public sealed class Organisation
{
    [Field("-", "HBM2, HBM2E, HBM3, HBM3E or HBM4: selects the standard's timing rules and features")]
    public Standard Standard { get; set; }
    [Field("dies", "stack height: 4, 8, 12 or 16 core dies (0 = not stated; then capacity is not checked)")]
    public int StackHeight { get; set; }
    [Field("Gb", "density of one core die, for example 16, 24 or 32 (0 = not stated)")]
    public int DieDensityGb { get; set; }
    [Field("count", "channels per stack", Min = 1, Max = 1024)] public int Channels { get; set; } = 8;
    [Field("count", "pseudo-channels per channel (1 = legacy 128-bit mode)")] public int PseudoChannels { get; set; } = 2;
    [Field("count", "stack IDs (SID) per pseudo-channel (0 = StackHeight / 4: four dies per stack ID)")]
    public int StackIds
    {
        get => _stackIds != 0 ? _stackIds : Math.Max(1, StackHeight / DiesPerStackId);
        set => _stackIds = value;
    }
    [Field("count", "bank groups per stack ID", Min = 1, Max = 64)] public int BankGroups { get; set; } = 4;
    [Field("count", "banks per bank group", Min = 1, Max = 64)] public int BanksPerGroup { get; set; } = 4;
    [Field("count", "rows per bank (0 = from StackHeight and DieDensityGb; need not be a power of two)",
        Max = 1 << 20)]
    public int Rows
    {
        get => _rows != 0 ? _rows : DerivedRows();
        set => _rows = value;
    }
    [Field("count", "column bursts per row (page bytes = Columns x AccessBytes)", Min = 1, Max = 1 << 16)]
    public int Columns { get; set; } = 32;
    [Field("bits", "data bus width of one pseudo-channel (legacy: of the channel)", Min = 8, Max = 1024)]
    public int BusWidthBits { get; set; } = 64;
    [Field("beats", "burst length", Min = 1, Max = 64)] public int BurstLength { get; set; } = 4;
    [Field("Mb/s", "data rate per pin", Min = 1, Max = 100_000)] public double DataRateMbps { get; set; } = 2000;
    [Field("ps", "command clock period", Min = 10, Max = 1_000_000)] public double TckPs { get; set; } = 1000;
    [Field("half-cycles", "row-bus occupancy of ACT (HBM3: 3 = 1.5 CK)")] public int ActHalfCycles { get; set; } = 2;
    [Field("half-cycles", "row-bus occupancy of PRE/PREA/REF/RFM (HBM3: 1 = 0.5 CK)")] public int RowCmdHalfCycles { get; set; } = 2;
    [Field("bit order", "address mapping, most significant field first (rorabgbachco or RoBaBgCoPcCh style)")] public string AddressMapping { get; set; } = "RoBaBgSiCoPcCh";
    [Field("bool", "XOR the bank and bank-group bits with low row bits")] public bool XorBankHash { get; set; }

    /// <summary>Core dies behind one stack ID (HBM3 and HBM4: 4-high per SID).</summary>
    public const int DiesPerStackId = 4;

    private int _stackIds = 1, _rows = 32768;

    /// <summary>True when the rows were stated, not derived from the die density.</summary>
    public bool RowsStated => _rows != 0;

    /// <summary>Stated stack height x die density, in bytes (0 when either is not stated).</summary>
    public long StatedCapacityBytes => StackHeight > 0 && DieDensityGb > 0 ? (long)StackHeight * DieDensityGb << 27 : 0;

    private int DerivedRows()
    {
        long perRow = (long)PseudoChannelsTotal * StackIds * BankGroups * BanksPerGroup * PageBytes;
        return StatedCapacityBytes > 0 && perRow > 0 ? (int)Math.Min(int.MaxValue, StatedCapacityBytes / perRow) : 0;
    }

    public int BanksPerStackId => BankGroups * BanksPerGroup;
    public int BanksPerPseudoChannel => StackIds * BankGroups * BanksPerGroup;
    public int PseudoChannelsTotal => Channels * PseudoChannels;
    public int AccessBytes => BusWidthBits / 8 * BurstLength;
    public long PageBytes => (long)Columns * AccessBytes;
    public long CapacityBytes => (long)PseudoChannelsTotal * BanksPerPseudoChannel * Rows * PageBytes;
    public double DensityGbPerChannel => CapacityBytes * 8.0 / Channels / (1L << 30);
    /// <summary>Theoretical peak: pins x rate / 8, all pseudo-channels together.</summary>
    public double PeakBandwidthGBps => PseudoChannelsTotal * BusWidthBits * DataRateMbps / 8.0 / 1000.0;

    public Organisation Clone() => (Organisation)MemberwiseClone();
}
