namespace HwModel.Config;

/// <summary>A complete memory-system configuration: organisation, timing, controller policy and energy.</summary>
public sealed class MemoryConfig
{
    public string Name { get; set; } = "custom";
    /// <summary>Where the preset's numbers come from (document, simulator config file).</summary>
    public string Source { get; set; } = "";
    public Organisation Org { get; set; } = new();
    public TimingParams Timing { get; set; } = new();
    public ControllerParams Controller { get; set; } = new();
    public EnergyParams Energy { get; set; } = new();
    public PimParams Pim { get; set; } = new();

    public MemoryConfig Clone() => new()
    {
        Name = Name, Source = Source, Org = Org.Clone(), Timing = Timing.Clone(),
        Controller = Controller.Clone(), Energy = Energy.Clone(), Pim = Pim.Clone(),
    };

    /// <summary>Refresh interval per bank slot for per-bank refresh: nREFI / banks per pseudo-channel.</summary>
    public int ActAbWindowCycles => Pim.nACTAB > 0 ? Pim.nACTAB : 2 * Timing.nFAW;
    public int MacActCycles => Pim.nRCDRDMAC > 0 ? Pim.nRCDRDMAC : Timing.nRCDRD;
    public int Mac16SpacingCycles => Pim.nMAC16 > 0 ? Pim.nMAC16 : Timing.nCCDL;

    public int RefreshIntervalPerBankCycles => Math.Max(1, Timing.nREFI / Org.BanksPerPseudoChannel);
}
