namespace HwModel.Config;

public enum Standard { HBM2, HBM2E, HBM3 }

/// <summary>Stack organisation and interface geometry.</summary>
public sealed class Organisation
{
    [Field("-", "HBM2, HBM2E or HBM3: selects the timing table")] public Standard Standard { get; set; }
    [Field("count", "channels per stack")] public int Channels { get; set; } = 8;
    [Field("count", "pseudo-channels per channel (1 = legacy 128-bit mode)")] public int PseudoChannels { get; set; } = 2;
    [Field("count", "stack IDs (SID) per pseudo-channel")] public int StackIds { get; set; } = 1;
    [Field("count", "bank groups per stack ID")] public int BankGroups { get; set; } = 4;
    [Field("count", "banks per bank group")] public int BanksPerGroup { get; set; } = 4;
    [Field("count", "rows per bank")] public int Rows { get; set; } = 32768;
    [Field("count", "column bursts per row (page bytes = Columns x AccessBytes)")] public int Columns { get; set; } = 32;
    [Field("bits", "data bus width of one pseudo-channel (legacy: of the channel)")] public int BusWidthBits { get; set; } = 64;
    [Field("beats", "burst length")] public int BurstLength { get; set; } = 4;
    [Field("Mb/s", "data rate per pin")] public double DataRateMbps { get; set; } = 2000;
    [Field("ps", "command clock period")] public double TckPs { get; set; } = 1000;
    [Field("half-cycles", "row-bus occupancy of ACT (HBM3: 3 = 1.5 CK)")] public int ActHalfCycles { get; set; } = 2;
    [Field("half-cycles", "row-bus occupancy of PRE/PREA/REF/RFM (HBM3: 1 = 0.5 CK)")] public int RowCmdHalfCycles { get; set; } = 2;
    [Field("bit order", "address mapping, most significant field first (rorabgbachco or RoBaBgCoPcCh style)")] public string AddressMapping { get; set; } = "RoBaBgSiCoPcCh";
    [Field("bool", "XOR the bank and bank-group bits with low row bits")] public bool XorBankHash { get; set; }

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
