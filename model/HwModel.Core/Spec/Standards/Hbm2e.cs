using HwModel.Config;
using static HwModel.Spec.Standards.PresetTools;

namespace HwModel.Spec.Standards;

/// <summary>HBM2E (JESD235D): HBM2's organisation and rules with 16 Gb per channel and faster bins.</summary>
public sealed class Hbm2e : StandardDefinition
{
    public override Standard Id => Standard.HBM2E;
    public override string Document => "JESD235D (HBM2E)";
    public override StandardFeatures Features => StandardFeatures.PerBankRefresh;

    public override IReadOnlyList<PresetEntry> Presets { get; } =
    [
        new("hbm2e-3200", () => Scaled("hbm2e-3200", 3200)),
        new("hbm2e-3600", () => Scaled("hbm2e-3600", 3600)),
        new("hbm2e-3200-pim", () => WithPim(Scaled("hbm2e-3200", 3200), "hbm2e-3200-pim", PimArchitecture.HbmPim)),
        new("hbm2e-3600-pim", () => WithPim(Scaled("hbm2e-3600", 3600), "hbm2e-3600-pim", PimArchitecture.HbmPim)),
    ];

    /// <summary>No public cycle table: HBM2 2.0 Gb/s nanosecond values scaled to the faster clock, 16 Gb per
    /// channel.</summary>
    private static MemoryConfig Scaled(string name, double rateMbps)
    {
        var c = ScaleFrom(Hbm2.Hbm2_2000(), rateMbps);
        c.Name = name;
        c.Org.Standard = Standard.HBM2E;
        c.Org.DieDensityGb = 16;
        c.Org.Rows = 65536;
        c.Timing.nRFC = NsToCycles(450, c.Org.TckPs);
        c.Source = $"JESD235D HBM2E {rateMbps / 1000:0.0} Gb/s organisation (16 Gb/channel); no public HBM2E cycle " +
            $"table, so the JEDEC-cited HBM2 2.0 Gb/s nanosecond values are scaled to tCK {c.Org.TckPs:0.##} ps and " +
            "rounded up; nRFC 450 ns for 16 Gb from the JEDEC density table";
        return c;
    }
}
