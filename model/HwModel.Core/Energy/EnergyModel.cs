using HwModel.Config;
using HwModel.Controller;
using HwModel.Spec;

namespace HwModel.Energy;

/// <summary>Energy of one pseudo-channel (or a sum of them) by component, in pJ.</summary>
public sealed class EnergyBreakdown
{
    public double ActPrePj { get; set; }
    public double ReadPj { get; set; }
    public double WritePj { get; set; }
    public double RefreshPj { get; set; }
    public double ActiveStandbyPj { get; set; }
    public double PrechargeStandbyPj { get; set; }
    public double TotalPj => ActPrePj + ReadPj + WritePj + RefreshPj + ActiveStandbyPj + PrechargeStandbyPj;

    public void Add(EnergyBreakdown o)
    {
        ActPrePj += o.ActPrePj; ReadPj += o.ReadPj; WritePj += o.WritePj; RefreshPj += o.RefreshPj;
        ActiveStandbyPj += o.ActiveStandbyPj; PrechargeStandbyPj += o.PrechargeStandbyPj;
    }
}

/// <summary>
/// IDD-based DRAM energy (the Micron power-calculation method, as DRAMPower and DRAMSim3 apply it), per command and
/// for background states. IDD values are per channel; in pseudo-channel mode each pseudo-channel carries
/// 1 / PseudoChannels of them (assumption: the two pseudo-channels share the channel's current equally). mA x V x ns = pJ.
/// <list type="bullet">
/// <item>ACT+PRE pair: VDD x (IDD0 x tRC - (IDD3N x tRAS + IDD2N x (tRC - tRAS)))</item>
/// <item>RD burst: VDD x (IDD4R - IDD3N) x tBL; WR burst: VDD x (IDD4W - IDD3N) x tBL</item>
/// <item>REFab: VDD x (IDD5AB - IDD3N) x tRFC; REFpb and RFM: VDD x (IDD5PB - IDD3N) x tRFCpb, with IDD5PB defaulting to
/// IDD3N + (IDD5AB - IDD3N) / banks</item>
/// <item>background: VDD x IDD3N while any bank is open, VDD x IDD2N while all are closed</item>
/// </list>
/// </summary>
public sealed class EnergyModel
{
    public double ActPrePjEach { get; }
    public double ReadPjEach { get; }
    public double WritePjEach { get; }
    public double RefabPjEach { get; }
    public double RefpbPjEach { get; }
    public double ActiveStandbyPjPerCycle { get; }
    public double PrechargeStandbyPjPerCycle { get; }

    public EnergyModel(MemoryConfig c)
    {
        var e = c.Energy; var t = c.Timing;
        double tck = c.Org.TckPs / 1000.0;
        double f = e.VddV / c.Org.PseudoChannels;
        ActPrePjEach = f * (e.IDD0mA * t.nRC - (e.IDD3NmA * t.nRAS + e.IDD2NmA * (t.nRC - t.nRAS))) * tck;
        ReadPjEach = f * (e.IDD4RmA - e.IDD3NmA) * t.nBL * tck;
        WritePjEach = f * (e.IDD4WmA - e.IDD3NmA) * t.nBL * tck;
        RefabPjEach = f * (e.IDD5ABmA - e.IDD3NmA) * t.nRFC * tck;
        double idd5pb = e.IDD5PBmA > 0 ? e.IDD5PBmA : e.IDD3NmA + (e.IDD5ABmA - e.IDD3NmA) / c.Org.BanksPerPseudoChannel;
        RefpbPjEach = f * (idd5pb - e.IDD3NmA) * t.nRFCpb * tck;
        ActiveStandbyPjPerCycle = f * e.IDD3NmA * tck;
        PrechargeStandbyPjPerCycle = f * e.IDD2NmA * tck;
    }

    public EnergyBreakdown For(PcCounters k)
    {
        var cmd = k.Commands;
        return new EnergyBreakdown
        {
            ActPrePj = ActPrePjEach * cmd[(int)Command.ACT],
            ReadPj = ReadPjEach * (cmd[(int)Command.RD] + cmd[(int)Command.RDA]),
            WritePj = WritePjEach * (cmd[(int)Command.WR] + cmd[(int)Command.WRA]),
            RefreshPj = RefabPjEach * cmd[(int)Command.REFab] + RefpbPjEach * (cmd[(int)Command.REFpb] + cmd[(int)Command.RFM]),
            ActiveStandbyPj = ActiveStandbyPjPerCycle * k.ActiveCycles,
            PrechargeStandbyPj = PrechargeStandbyPjPerCycle * k.PrechargedCycles,
        };
    }
}
