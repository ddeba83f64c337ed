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
/// PIM energy from the commands a run issued: IDD-based energy for activates (each counts the banks its command-table
/// target covers: an all-bank activate every bank), refresh and the host's bursts across the interface; the
/// architecture's in-bank work (<see cref="IPimArchitecture.InBankWork"/>: bank-internal column accesses, register
/// traffic, ALU lane operations); I/O energy for every byte across the interface; active-standby background for the
/// run's
/// length on every pseudo-channel. Parameters: <see cref="PimParams"/> (with their sources) and the preset's IDDs.
/// </summary>
public static class PimEnergy
{
    public static PimEnergyBreakdown Compute(MemoryConfig c, long[] commands, long interfaceBytes, long cycles, int pseudoChannels)
    {
        var m = new EnergyModel(c);
        var p = c.Pim;
        var o = c.Org;
        long N(Command k) => commands[(int)k];
        double burstBits = o.AccessBytes * 8.0;
        double activates = 0, refreshAll = 0, refreshOne = 0, reads = 0, writes = 0;
        foreach (var s in CommandTable.All)
        {
            long n = N(s.Code);
            if (n == 0) continue;
            int banks = TargetBanks.Count(s.Target, o);
            if (s.Effect == RowEffect.Opens) activates += (double)banks * n;
            else if (s.Bus == CommandBus.Row && s.Needs == BankStateNeed.Closed)
            {
                // refresh and refresh management: all-bank or one bank
                if (s.Target == BankTarget.PseudoChannel) refreshAll += n; else refreshOne += n;
            }
            if (s.Interface && s.Data == DataDirection.Read) reads += n;
            if (s.Interface && s.Data == DataDirection.Write) writes += n;
        }
        var work = PimArchitectures.Get(p.Architecture).InBankWork(c, N);
        return new PimEnergyBreakdown
        {
            ActivatePj = m.ActPrePjEach * activates,
            RefreshPj = m.RefabPjEach * refreshAll + m.RefpbPjEach * refreshOne,
            HostColumnPj = m.ReadPjEach * reads + m.WritePjEach * writes,
            IoPj = interfaceBytes * 8.0 * p.IoPjPerBit,
            BackgroundPj = m.ActiveStandbyPjPerCycle * cycles * pseudoChannels,
            BankInternalPj = p.BankInternalPjPerBit * burstBits * work.BankBursts,
            AluPj = p.AluPjPerLaneOp * work.LaneOps,
            RegisterPj = p.RegisterPjPerBit * burstBits * work.RegisterBursts,
        };
    }
}
