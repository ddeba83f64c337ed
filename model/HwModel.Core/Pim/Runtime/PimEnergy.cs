using HwModel.Config;
using HwModel.Energy;
using HwModel.Spec;

namespace HwModel.Pim.Runtime;

/// <summary>Energy of a PIM run by component, pJ.</summary>
public sealed class PimEnergyBreakdown
{
    public double ActivatePj { get; set; }
    public double RefreshPj { get; set; }
    public double HostColumnPj { get; set; }
    public double BankInternalPj { get; set; }
    public double AluPj { get; set; }
    public double RegisterPj { get; set; }
    public double IoPj { get; set; }
    public double BackgroundPj { get; set; }
    public double TotalPj => ActivatePj + RefreshPj + HostColumnPj + BankInternalPj + AluPj + RegisterPj + IoPj + BackgroundPj;
}

/// <summary>
/// PIM energy from the commands a run issued: IDD-based energy for activates (an all-bank activate counts every
/// bank), refresh and the host's own RD/WR bursts; per trigger, each unit's bank-internal column access, register
/// traffic (two operands of 256 bits) and one ALU operation per lane; MAC16 charges 16 banks, 16 products and a
/// 15-adder tree each; I/O energy for every byte across the interface; active-standby background for the run's
/// length on every pseudo-channel. Parameters: <see cref="PimParams"/> (with their sources) and the preset's IDDs.
/// </summary>
public static class PimEnergy
{
    public static PimEnergyBreakdown Compute(MemoryConfig c, long[] commands, long interfaceBytes, long cycles, int pseudoChannels)
    {
        var m = new EnergyModel(c);
        var p = c.Pim;
        long N(Command k) => commands[(int)k];
        int banks = c.Org.BanksPerPseudoChannel, perSid = c.Org.BanksPerStackId, units = banks / 2, lanes = p.Lanes;
        double burstBits = c.Org.AccessBytes * 8.0;
        var e = new PimEnergyBreakdown
        {
            ActivatePj = m.ActPrePjEach * (N(Command.ACT) + banks * N(Command.ACTab) + perSid * N(Command.ACT16) + c.Org.BanksPerGroup * N(Command.ACT4)),
            RefreshPj = m.RefabPjEach * N(Command.REFab) + m.RefpbPjEach * (N(Command.REFpb) + N(Command.RFM)),
            HostColumnPj = m.ReadPjEach * (N(Command.RD) + N(Command.RDA) + N(Command.RDMAC16)) + m.WritePjEach * (N(Command.WR) + N(Command.WRA) + N(Command.WRGB)),
            IoPj = interfaceBytes * 8.0 * p.IoPjPerBit,
            BackgroundPj = m.ActiveStandbyPjPerCycle * cycles * pseudoChannels,
        };
        long triggers = N(Command.PIMRD) + N(Command.PIMWR);
        e.BankInternalPj = p.BankInternalPjPerBit * burstBits * (triggers * units + 16.0 * N(Command.MAC16) + 32.0 * N(Command.EWMUL16));
        e.AluPj = p.AluPjPerLaneOp * (triggers * units * lanes + (16.0 * lanes + 16 * 15) * (N(Command.MAC16) + N(Command.EWMUL16)) / 1 + 16.0 * N(Command.AF16));
        e.RegisterPj = p.RegisterPjPerBit * burstBits * (2.0 * triggers * units + 16.0 * (N(Command.MAC16) + N(Command.EWMUL16)) + N(Command.WRGB) + N(Command.RDMAC16) + N(Command.AF16));
        return e;
    }
}
