using HwModel.Config;
using HwModel.Engine;
using HwModel.Pim.Aim;
using HwModel.Pim.HbmPim;
using HwModel.Spec;

namespace HwModel.Pim;

/// <summary>
/// The functional side of a PIM-capable stack: bank contents and open rows, with the PIM architecture's own state
/// (<see cref="IPimDeviceState"/>, created by the architecture) offered every command first. It applies each
/// command's effect on data and enforces the PIM protocol; timing is the <see cref="PimEngine"/>'s.
/// </summary>
public sealed class PimDevice
{
    private readonly MemoryConfig _c;
    private readonly int _burst;
    public readonly BankStore Store;
    private readonly int[][] _openRow;          // [pc][bank], -1 closed
    private readonly IPimDeviceState _state;
    public long UnitOps, LaneOps, BankInternalBursts, RegisterBits, AimMacs;

    public PimDevice(MemoryConfig c)
    {
        _c = c;
        var o = c.Org;
        _burst = o.AccessBytes;
        Store = new BankStore(o.BanksPerPseudoChannel, o.Rows, (int)o.PageBytes);
        _openRow = Enumerable.Range(0, o.PseudoChannelsTotal)
            .Select(_ => Enumerable.Repeat(-1, o.BanksPerPseudoChannel).ToArray()).ToArray();
        _state = PimArchitectures.Get(c.Pim.Architecture).CreateState(this, c);
    }

    /// <summary>The architecture's state (HbmPimState, AimState or NoPimState).</summary>
    public IPimDeviceState State => _state;

    public PimMode Mode(int pc) => _state is HbmPimState h ? h.Mode(pc) : PimMode.SB;
    public PimUnit Unit(int pc, int u) => ((HbmPimState)_state).Unit(pc, u);
    public ushort Accumulator(int pc, int bank) => ((AimState)_state).Accumulator(pc, bank);
    public int GlobalBufferBursts => _state is AimState a ? a.GlobalBufferBursts : 0;
    public int GbBurst(int row, int column) => ((AimState)_state).GbBurst(row, column);

    /// <summary>The open row of every bank of a pseudo-channel (-1 closed); architectures' states change it.</summary>
    internal int[] OpenRows(int pc) => _openRow[pc];

    internal PimProtocolException Error(int pc, in CommandRecord c, string what) =>
        new($"cycle {c.Cycle}, pseudo-channel {pc} ({c.Command} bank {c.Bank} row {c.Row} col {c.Column}): {what}");

    internal void RequireOpen(int pc, in CommandRecord c, int bank)
    {
        if (_openRow[pc][bank] != c.Row)
            throw Error(pc, c, $"bank {bank} has row {_openRow[pc][bank]} open, not {c.Row}");
    }

    /// <summary>Applies one command. <paramref name="writeData"/> is a WR/WRGB burst; <paramref name="readData"/>
    /// receives RD/RDMAC16 data.</summary>
    public void Execute(int pc, in CommandRecord c, ReadOnlySpan<byte> writeData, Span<byte> readData)
    {
        var spec = CommandTable.Get(c.Command);
        if (spec.Architecture != PimArchitecture.None && spec.Architecture != _c.Pim.Architecture)
            throw Error(pc, c, $"{c.Command} is an {PimArchitectures.Get(spec.Architecture).DisplayName} command; " +
                $"this configuration is {_c.Pim.Architecture}");
        var open = _openRow[pc];
        if (!_state.Execute(pc, c, writeData, readData))
        {
            if (spec.Architecture != PimArchitecture.None) throw Error(pc, c, "command not handled by the PIM device");
            if (CommandInfo.IsRead(c.Command))
            {
                RequireOpen(pc, c, c.Bank);
                if (!readData.IsEmpty) Store.Peek(pc, c.Bank, c.Row, c.Column, _burst).CopyTo(readData);
            }
            else if (CommandInfo.IsWrite(c.Command))
            {
                RequireOpen(pc, c, c.Bank);
                writeData.CopyTo(Store.Burst(pc, c.Bank, c.Row, c.Column, _burst));
            }
            else if (spec.Effect == RowEffect.Opens) open[c.Bank] = c.Row;
            else if (spec.Effect == RowEffect.Closes && spec.Target == BankTarget.Bank) open[c.Bank] = -1;
            else if (spec.Effect == RowEffect.Closes) Array.Fill(open, -1);
        }
        if (spec.Effect == RowEffect.AutoPrecharge) open[c.Bank] = -1;
    }
}
