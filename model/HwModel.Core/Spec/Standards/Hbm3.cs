using HwModel.Config;
using static HwModel.Spec.Standards.PresetTools;

namespace HwModel.Spec.Standards;

/// <summary>HBM3 (JESD238): 16 channels x 2 pseudo-channels of 32 bit, stack IDs, half-cycle row commands,
/// RFM.</summary>
public sealed class Hbm3 : StandardDefinition
{
    public override Standard Id => Standard.HBM3;
    public override string Document => "JESD238 (HBM3)";

    public override StandardFeatures Features => StandardFeatures.StackIds | StandardFeatures.HalfCycleRowCommands |
        StandardFeatures.PerBankRefresh | StandardFeatures.Rfm;

    public override IReadOnlyList<TimingRule> ExtraRules => HbmCore.RfmRules;

    public override IReadOnlyList<PresetEntry> Presets { get; } =
    [
        new("hbm3-6400", Hbm3_6400),
        new("hbm3-6400-pim", () => WithPim(Hbm3_6400(), "hbm3-6400-pim", PimArchitecture.HbmPim)),
        new("hbm3-6400-aim", () => WithPim(Hbm3_6400(), "hbm3-6400-aim", PimArchitecture.Aim)),
    ];

    /// <summary>HBM3 at 6.4 Gb/s, 16 channels x 2 pseudo-channels, 2 stack IDs (8-high 16 Gb dies, 16 GB
    /// stack).</summary>
    public static MemoryConfig Hbm3_6400()
    {
        var c = new MemoryConfig
        {
            Name = "hbm3-6400",
            Source = "JESD238 HBM3 6.4 Gb/s as cited by the Ramulator 2.0 HBM3 preset; nRFC 350 ns for 8 Gb/channel; " +
                "tCCD_L = max(4 nCK, 2.5 ns) (JESD238)",
        };
        c.Org = new Organisation
        {
            Standard = Standard.HBM3, StackHeight = 8, DieDensityGb = 16, Channels = 16, PseudoChannels = 2,
            StackIds = 2, BankGroups = 4, BanksPerGroup = 4, Rows = 16384, Columns = 32, BusWidthBits = 32,
            BurstLength = 8, DataRateMbps = 6400, TckPs = 625, ActHalfCycles = 3, RowCmdHalfCycles = 1,
            AddressMapping = "RoBaSiCoBgPcCh",
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
            Source = "ASSUMPTION: no public JEDEC HBM3 IDD table; HBM2 8 Gb IDD values (DRAMSim3 HBM2_8Gb_x128.ini) " +
                "at the HBM3 VDD of 1.1 V (JESD238). Override with your vendor's datasheet.",
        };
        return c;
    }
}
