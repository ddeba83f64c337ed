using System.Runtime.InteropServices;
using HwModel.Pim.HbmPim;
using HwModel.Spec;

namespace HwModel.Pim.HbmPim;

/// <summary>Host-side HBM-PIM protocol steps on one pseudo-channel: mode changes and register writes through the
/// reserved rows (see <see cref="PimMap"/>), as ordinary DRAM commands issued by the <see cref="PimEngine"/>.</summary>
public sealed class HbmPimHost(PimEngine engine)
{
    private readonly int _rows = engine.Config.Org.Rows;
    private readonly int _burst = engine.Config.Org.AccessBytes;
    private int Conf => PimMap.ConfRow(_rows);

    /// <summary>SB to AB: a write to the ABMR row (bank 0).</summary>
    public void EnterAb(int pc)
    {
        int r = PimMap.AbmrRow(_rows);
        engine.Issue(pc, Command.ACT, 0, r, 0);
        engine.Issue(pc, Command.WR, 0, r, 0, new byte[_burst]);
        engine.Issue(pc, Command.PRE, 0, r, 0);
    }

    /// <summary>AB to SB: a write to the SBMR row (all banks are open in AB mode, so ACTab first).</summary>
    public void ExitAb(int pc)
    {
        int r = PimMap.SbmrRow(_rows);
        engine.Issue(pc, Command.ACTab, 0, r, 0);
        engine.Issue(pc, Command.WR, 0, r, 0, new byte[_burst]);
        engine.PrechargeAll(pc);
    }

    /// <summary>Opens the configuration row (AB mode) for register and mode writes.</summary>
    public void OpenConf(int pc) => engine.Issue(pc, Command.ACTab, 0, Conf, 0);

    public void WriteRegister(int pc, int column, ReadOnlySpan<byte> burst) => engine.Issue(pc, Command.WR, 0, Conf, column, burst);

    public void WriteCrf(int pc, IReadOnlyList<PimInstruction> program)
    {
        var words = program.Select(p => p.Encode()).ToArray();
        for (int b = 0; b * 8 < words.Length; b++)
        {
            var burst = new uint[_burst / 4];
            words.AsSpan(b * 8, Math.Min(8, words.Length - b * 8)).CopyTo(burst);
            WriteRegister(pc, PimMap.CrfColumn + b, MemoryMarshal.AsBytes(burst.AsSpan()));
        }
    }

    public void WriteGrf(int pc, bool grfB, int index, ReadOnlySpan<ushort> lanes) =>
        WriteRegister(pc, (grfB ? PimMap.GrfBColumn : PimMap.GrfAColumn) + index, MemoryMarshal.AsBytes(lanes));

    /// <summary>AB to AB-PIM (the configuration row must be open); units restart at CRF[0].</summary>
    public void EnterPim(int pc) => WriteRegister(pc, PimMap.ModeColumn, One());

    /// <summary>AB-PIM to AB: open the configuration row and clear PIM_OP_MODE.</summary>
    public void ExitPim(int pc)
    {
        OpenConf(pc);
        WriteRegister(pc, PimMap.ModeColumn, new byte[_burst]);
    }

    private byte[] One() { var b = new byte[_burst]; b[0] = 1; return b; }
}
