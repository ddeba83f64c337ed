using HwModel.Config;
using static HwModel.Spec.Standards.PresetTools;

namespace HwModel.Spec.Standards;

/// <summary>
/// HBM3E: the speed bins above 6.4 Gb/s in the HBM3 revisions (JESD238B.x), HBM3's organisation and rules with
/// 24 Gb dies. No JEDEC cycle table is public, so every preset holds HBM3's nanoseconds and says so.
/// </summary>
public sealed class Hbm3e : StandardDefinition
{
    public override Standard Id => Standard.HBM3E;
    public override string Document => "JESD238B.x (HBM3 revisions with the HBM3E bins; no public cycle table)";

    public override StandardFeatures Features => StandardFeatures.StackIds | StandardFeatures.HalfCycleRowCommands |
        StandardFeatures.PerBankRefresh | StandardFeatures.Rfm;

    public override IReadOnlyList<TimingRule> ExtraRules => HbmCore.RfmRules;

    public override IReadOnlyList<PresetEntry> Presets { get; } =
    [
        new("hbm3e-8000", () => Bin("hbm3e-8000", 8000)),
        new("hbm3e-9200", () => Bin("hbm3e-9200", 9200)),
        new("hbm3e-9600", () => Bin("hbm3e-9600", 9600)),
        new("hbm3e-9600-pim", () => WithPim(Bin("hbm3e-9600", 9600), "hbm3e-9600-pim", PimArchitecture.HbmPim)),
        new("hbm3e-9600-aim", () => WithPim(Bin("hbm3e-9600", 9600), "hbm3e-9600-aim", PimArchitecture.Aim)),
    ];

    /// <summary>An 8-high 24 Gb-die stack (24 GB) at a given pin rate, HBM3 6.4 Gb/s nanoseconds held.</summary>
    private static MemoryConfig Bin(string name, double rateMbps)
    {
        var c = ScaleFrom(Hbm3.Hbm3_6400(), rateMbps, busSpacings: true);
        c.Name = name;
        var o = c.Org;
        o.Standard = Standard.HBM3E;
        o.StackHeight = 8;
        o.DieDensityGb = 24;
        o.StackIds = 0; // StackHeight / 4
        o.Rows = 0;     // from the die density: 24576 rows for 24 Gb dies
        double gbPerChannel = o.StackHeight * o.DieDensityGb / (double)o.Channels;
        c.Timing.nRFC = NsToCycles(Hbm3RfcNs(gbPerChannel), o.TckPs);
        c.Controller.ReadQueueDepth = 64;
        c.Source = $"HBM3E {rateMbps / 1000:0.0} Gb/s (a JESD238B.x HBM3 bin; no public JEDEC cycle table): HBM3 " +
            "organisation, 8-high stack of 24 Gb dies (24 GB; org.StackHeight = 12 gives 12-high, 3 stack IDs, 36 " +
                "GB). " +
            $"Timing: the JEDEC-cited HBM3 6.4 Gb/s values (Ramulator 2.0 HBM3 preset) held in nanoseconds, nCK " +
            $"rounded up at tCK {o.TckPs:0.###} ps; tCCD_L at its 2.5 ns floor (max(4 nCK, 2.5 ns), JESD238); tPPD " +
            $"held at 2 nCK; nRFC {Hbm3RfcNs(gbPerChannel):0} ns for {gbPerChannel:0} Gb/channel from the HBM3 " +
            "density table (a 12-high stack has 18 Gb/channel: 550 ns, set timing.nRFC). Read queue 64 deep: by " +
                "Little's " +
            "law 32 entries cover 64 cycles of data, less than a row-miss read takes at this clock. PROVISIONAL: " +
                "replace with " +
            "your vendor's datasheet values.";
        c.Energy.Source = "ASSUMPTION: no public HBM3E IDD table; " + c.Energy.Source.Replace("ASSUMPTION: ", "");
        return c;
    }
}
