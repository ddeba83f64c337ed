using System.Runtime.InteropServices;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Pim.Numerics;
using HwModel.Spec;

namespace HwModel.Pim.Aim;

/// <summary>
/// AiM's functional state: a global buffer per pseudo-channel and an accumulator per bank; multi-bank activates,
/// MAC16, EWMUL16, accumulator reads (read-and-clear) and activation functions.
/// </summary>
public sealed class AimState : IPimDeviceState
{
    private readonly PimDevice _d;
    private readonly Organisation _o;
    private readonly ushort[][] _gb;
    private readonly ushort[][] _acc;
    private readonly int _burst;

    public AimState(PimDevice device, MemoryConfig c)
    {
        _d = device;
        _o = c.Org;
        _burst = _o.AccessBytes;
        int pcs = _o.PseudoChannelsTotal;
        GlobalBufferBursts = c.Pim.GlobalBufferBytes / _burst;
        _gb = Enumerable.Range(0, pcs).Select(_ => new ushort[c.Pim.GlobalBufferBytes / 2]).ToArray();
        _acc = Enumerable.Range(0, pcs).Select(_ => new ushort[_o.BanksPerPseudoChannel]).ToArray();
    }

    public int GlobalBufferBursts { get; }
    public ushort Accumulator(int pc, int bank) => _acc[pc][bank];

    /// <summary>Global-buffer burst used by a MAC16/EWMUL16 at (row, column): column + 32 x (row mod (buffer bursts /
    /// 32)).</summary>
    public int GbBurst(int row, int column) =>
        column + _o.Columns * (row % Math.Max(1, GlobalBufferBursts / _o.Columns));

    private int FirstOfSid(int bank) => bank / _o.BanksPerStackId * _o.BanksPerStackId;

    public bool Execute(int pc, in CommandRecord c, ReadOnlySpan<byte> writeData, Span<byte> readData)
    {
        var open = _d.OpenRows(pc);
        switch (c.Command)
        {
            case Command.ACT16:
                for (int b = FirstOfSid(c.Bank), e = b + _o.BanksPerStackId; b < e; b++) open[b] = c.Row;
                return true;
            case Command.ACT4:
                for (int b = c.Bank / _o.BanksPerGroup * _o.BanksPerGroup, e = b + _o.BanksPerGroup; b < e; b++)
                    open[b] = c.Row;
                return true;
            case Command.WRGB:
                if (c.Column >= GlobalBufferBursts)
                    throw _d.Error(pc, c,
                        $"global-buffer burst {c.Column} beyond the buffer ({GlobalBufferBursts} bursts)");
                MemoryMarshal.Cast<byte, ushort>(writeData).CopyTo(_gb[pc].AsSpan(c.Column * 16, 16));
                return true;
            case Command.MAC16:
                Mac16(pc, c);
                return true;
            case Command.EWMUL16:
                EwMul16(pc, c);
                return true;
            case Command.RDMAC16:
            {
                var acc = _acc[pc].AsSpan(FirstOfSid(c.Bank), 16);
                if (!readData.IsEmpty) MemoryMarshal.AsBytes(acc).CopyTo(readData);
                acc.Clear(); // read-and-clear: the next accumulation starts from +0
                return true;
            }
            case Command.AF16:
            {
                var a = _acc[pc].AsSpan(FirstOfSid(c.Bank), 16);
                var kind = (AimFunctions.Kind)(c.Column & 3);
                for (int i = 0; i < 16; i++) a[i] = AimFunctions.Apply(kind, a[i]);
                return true;
            }
            default:
                return false;
        }
    }

    private void Mac16(int pc, in CommandRecord c)
    {
        var gb = _gb[pc].AsSpan(GbBurst(c.Row, c.Column) * 16, 16);
        int first = FirstOfSid(c.Bank);
        Span<ushort> prod = stackalloc ushort[16];
        for (int b = first; b < first + 16; b++)
        {
            _d.RequireOpen(pc, c, b);
            var w = MemoryMarshal.Cast<byte, ushort>(_d.Store.Peek(pc, b, c.Row, c.Column, _burst));
            _acc[pc][b] = AimMath.Mac16(w, gb, _acc[pc][b], prod);
        }
        _d.AimMacs += 256; _d.BankInternalBursts += 16;
    }

    private void EwMul16(int pc, in CommandRecord c)
    {
        var gb = _gb[pc].AsSpan(GbBurst(c.Row, c.Column) * 16, 16);
        int first = FirstOfSid(c.Bank);
        for (int b = first; b < first + 16; b++)
        {
            _d.RequireOpen(pc, c, b);
            var w = MemoryMarshal.Cast<byte, ushort>(_d.Store.Burst(pc, b, c.Row, c.Column, _burst));
            for (int i = 0; i < 16; i++) w[i] = Bf16.Mul(w[i], gb[i]);
        }
        _d.AimMacs += 256; _d.BankInternalBursts += 32;
    }
}
