namespace HwModel.Config;

/// <summary>
/// IDD currents per channel (pseudo-channel mode splits them equally between the pseudo-channels) and supply voltage.
/// <see cref="Source"/> names where the values come from.
/// </summary>
public sealed class EnergyParams
{
    [Field("V", "core supply VDD", Max = 10)] public double VddV { get; set; } = 1.2;
    [Field("mA", "one-bank ACT-PRE cycling current")] public double IDD0mA { get; set; } = 65;
    [Field("mA", "precharge standby current")] public double IDD2NmA { get; set; } = 40;
    [Field("mA", "active standby current")] public double IDD3NmA { get; set; } = 55;
    [Field("mA", "burst read current")] public double IDD4RmA { get; set; } = 390;
    [Field("mA", "burst write current")] public double IDD4WmA { get; set; } = 500;
    [Field("mA", "all-bank refresh current")] public double IDD5ABmA { get; set; } = 250;
    [Field("mA", "per-bank refresh current (0 = IDD3N + (IDD5AB - IDD3N) / banks)")] public double IDD5PBmA { get; set; }
    [Field("text", "where these numbers come from")] public string Source { get; set; } =
        "DRAMSim3 configs/HBM2_8Gb_x128.ini (IDD values for HBM2 8 Gb, VDD 1.2 V)";

    public EnergyParams Clone() => (EnergyParams)MemberwiseClone();
}
