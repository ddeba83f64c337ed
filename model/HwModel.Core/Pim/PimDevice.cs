using System.Runtime.InteropServices;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Pim.Aim;
using HwModel.Pim.HbmPim;
using HwModel.Pim.Numerics;
using HwModel.Spec;

namespace HwModel.Pim;

/// <summary>
/// The functional side of a PIM-capable stack: bank contents, open rows, the HBM-PIM mode and units of every
/// pseudo-channel, or the AiM global buffers and per-bank accumulators. It applies each command's effect on data and
/// enforces the PIM protocol; timing is the <see cref="PimEngine"/>'s.
/// </summary>
public sealed class PimDevice
{
    private readonly MemoryConfig _c;
    private readonly Organisation _o;
    private readonly int _burst, _banks, _rows;
    public readonly BankStore Store;
    private readonly int[][] _openRow;          // [pc][bank], -1 closed
    private readonly PimMode[] _mode;
    private readonly PimUnit[][] _units;        // HBM-PIM
    private readonly ushort[][] _gb;            // AiM global buffer per pseudo-channel
    private readonly ushort[][] _acc;           // AiM accumulator per bank
    public long UnitOps, LaneOps, BankInternalBursts, RegisterBits, AimMacs;

    public PimDevice(MemoryConfig c)
    {
        _c = c; _o = c.Org;
        _burst = _o.AccessBytes; _banks = _o.BanksPerPseudoChannel; _rows = _o.Rows;
        int pcs = _o.PseudoChannelsTotal;
        Store = new BankStore(_banks, _rows, (int)_o.PageBytes);
        _openRow = new int[pcs][];
        _mode = new PimMode[pcs];
        _units = new PimUnit[pcs][];
        _gb = new ushort[pcs][];
        _acc = new ushort[pcs][];
        for (int p = 0; p < pcs; p++)
        {
            _openRow[p] = Enumerable.Repeat(-1, _banks).ToArray();
            if (c.Pim.Architecture == PimArchitecture.HbmPim)
                _units[p] = Enumerable.Range(0, _banks / 2).Select(_ => new PimUnit(c.Pim.CrfEntries, c.Pim.GrfEntries, c.Pim.SrfEntries)).ToArray();
            if (c.Pim.Architecture == PimArchitecture.Aim)
            {
                _gb[p] = new ushort[c.Pim.GlobalBufferBytes / 2];
                _acc[p] = new ushort[_banks];
            }
        }
    }

    public PimMode Mode(int pc) => _mode[pc];
    public PimUnit Unit(int pc, int u) => _units[pc][u];
    public ushort Accumulator(int pc, int bank) => _acc[pc][bank];
    public int GlobalBufferBursts => _c.Pim.GlobalBufferBytes / _burst;

    private static PimProtocolException Error(int pc, in CommandRecord c, string what) =>
        new($"cycle {c.Cycle}, pseudo-channel {pc} ({c.Command} bank {c.Bank} row {c.Row} col {c.Column}): {what}");

    /// <summary>Applies one command. <paramref name="writeData"/> is a WR/WRGB burst; <paramref name="readData"/>
    /// receives RD/RDMAC16 data.</summary>
    public void Execute(int pc, in CommandRecord c, ReadOnlySpan<byte> writeData, Span<byte> readData)
    {
        var open = _openRow[pc];
        var arch = _c.Pim.Architecture;
        switch (c.Command)
        {
            case Command.ACT:
                open[c.Bank] = c.Row;
                return;
            case Command.PREA:
                Array.Fill(open, -1);
                return;
            case Command.REFab: case Command.REFpb: case Command.RFM:
                return;
            case Command.ACTab:
                if (arch != PimArchitecture.HbmPim || _mode[pc] == PimMode.SB) throw Error(pc, c, "all-bank activate (ACTab) needs AB or AB-PIM mode");
                Array.Fill(open, c.Row);
                return;
            case Command.ACT16:
                RequireAim(pc, c);
                for (int b = Sid(c.Bank) * 16; b < Sid(c.Bank) * 16 + 16; b++) open[b] = c.Row;
                return;
            case Command.ACT4:
                RequireAim(pc, c);
                for (int b = c.Bank / _o.BanksPerGroup * _o.BanksPerGroup, e = b + _o.BanksPerGroup; b < e; b++) open[b] = c.Row;
                return;
        }
        if (c.Command == Command.PRE) { open[c.Bank] = -1; return; }

        switch (c.Command)
        {
            case Command.RD or Command.RDA:
                Read(pc, c, readData);
                if (c.Command == Command.RDA) open[c.Bank] = -1;
                return;
            case Command.WR or Command.WRA:
                Write(pc, c, writeData);
                if (c.Command == Command.WRA) open[c.Bank] = -1;
                return;
            case Command.PIMRD or Command.PIMWR:
                Trigger(pc, c);
                return;
            case Command.WRGB:
                RequireAim(pc, c);
                if (c.Column >= GlobalBufferBursts) throw Error(pc, c, $"global-buffer burst {c.Column} beyond the buffer ({GlobalBufferBursts} bursts)");
                MemoryMarshal.Cast<byte, ushort>(writeData).CopyTo(_gb[pc].AsSpan(c.Column * 16, 16));
                return;
            case Command.MAC16: Mac16(pc, c); return;
            case Command.EWMUL16: EwMul16(pc, c); return;
            case Command.RDMAC16:
                RequireAim(pc, c);
                var acc = _acc[pc].AsSpan(Sid(c.Bank) * 16, 16);
                if (!readData.IsEmpty) MemoryMarshal.AsBytes(acc).CopyTo(readData);
                acc.Clear(); // read-and-clear: the next accumulation starts from +0
                return;
            case Command.AF16:
                RequireAim(pc, c);
                var a = _acc[pc].AsSpan(Sid(c.Bank) * 16, 16);
                var kind = (AimFunctions.Kind)(c.Column & 3);
                for (int i = 0; i < 16; i++) a[i] = AimFunctions.Apply(kind, a[i]);
                return;
        }
        throw Error(pc, c, "command not handled by the PIM device");
    }

    private int Sid(int bank) => bank / _o.BanksPerStackId;

    private void RequireAim(int pc, in CommandRecord c)
    {
        if (_c.Pim.Architecture != PimArchitecture.Aim) throw Error(pc, c, $"{c.Command} is an AiM command; this configuration is {_c.Pim.Architecture}");
    }

    private void RequireOpen(int pc, in CommandRecord c, int bank)
    {
        if (_openRow[pc][bank] != c.Row)
            throw Error(pc, c, $"bank {bank} has row {_openRow[pc][bank]} open, not {c.Row}");
    }

    private void Read(int pc, in CommandRecord c, Span<byte> into)
    {
        if (_c.Pim.Architecture == PimArchitecture.HbmPim && _mode[pc] == PimMode.ABPIM)
            throw Error(pc, c, "plain RD in AB-PIM mode; PIM operations are triggered with PIMRD/PIMWR");
        RequireOpen(pc, c, c.Bank);
        if (!into.IsEmpty) Store.Peek(pc, c.Bank, c.Row, c.Column, _burst).CopyTo(into);
    }

    private void Write(int pc, in CommandRecord c, ReadOnlySpan<byte> data)
    {
        int conf = PimMap.ConfRow(_rows);
        if (_c.Pim.Architecture == PimArchitecture.HbmPim)
        {
            var mode = _mode[pc];
            if (c.Row == PimMap.AbmrRow(_rows))
            {
                if (mode != PimMode.SB) throw Error(pc, c, $"write to ABMR (enter AB mode) in {mode} mode");
                _mode[pc] = PimMode.AB;
                return;
            }
            if (c.Row == PimMap.SbmrRow(_rows))
            {
                if (mode != PimMode.AB) throw Error(pc, c, $"write to SBMR (return to SB mode) in {mode} mode; leave AB-PIM first");
                _mode[pc] = PimMode.SB;
                return;
            }
            if (c.Row == conf)
            {
                ConfWrite(pc, c, data);
                return;
            }
            if (mode == PimMode.ABPIM) throw Error(pc, c, "plain WR in AB-PIM mode; PIM operations are triggered with PIMRD/PIMWR");
            if (mode == PimMode.AB)
            {
                // all-bank write: the same burst into every bank of the pseudo-channel
                for (int b = 0; b < _banks; b++)
                {
                    RequireOpen(pc, c, b);
                    data.CopyTo(Store.Burst(pc, b, c.Row, c.Column, _burst));
                }
                return;
            }
        }
        RequireOpen(pc, c, c.Bank);
        data.CopyTo(Store.Burst(pc, c.Bank, c.Row, c.Column, _burst));
    }

    private void ConfWrite(int pc, in CommandRecord c, ReadOnlySpan<byte> data)
    {
        var mode = _mode[pc];
        var units = _units[pc];
        if (c.Column == PimMap.ModeColumn)
        {
            bool on = data.Length > 0 && (data[0] & 1) != 0;
            if (on)
            {
                if (mode != PimMode.AB) throw Error(pc, c, $"entering AB-PIM needs AB mode (now {mode})");
                foreach (var u in units) u.Start(); // validates the CRF program
                _mode[pc] = PimMode.ABPIM;
            }
            else
            {
                if (mode != PimMode.ABPIM) throw Error(pc, c, $"leaving AB-PIM in {mode} mode");
                _mode[pc] = PimMode.AB;
            }
            return;
        }
        if (mode != PimMode.AB) throw Error(pc, c, $"register write outside AB mode (mode is {mode})");
        var words = MemoryMarshal.Cast<byte, ushort>(data);
        int col = c.Column;
        RegisterBits += (long)_burst * 8 * units.Length;
        if (col == PimMap.SrfColumn)
        {
            int n = _c.Pim.SrfEntries;
            foreach (var u in units) { words[..n].CopyTo(u.SrfM); words.Slice(8, n).CopyTo(u.SrfA); }
        }
        else if (col >= PimMap.CrfColumn && col < PimMap.CrfColumn + 8)
        {
            int first = (col - PimMap.CrfColumn) * 8;
            if (first >= _c.Pim.CrfEntries) throw Error(pc, c, $"CRF overflow: CRF entries {first}..{first + 7} do not exist (the CRF holds {_c.Pim.CrfEntries})");
            var ins = MemoryMarshal.Cast<byte, uint>(data);
            int n = Math.Min(8, _c.Pim.CrfEntries - first);
            foreach (var u in units) ins[..n].CopyTo(u.Crf.AsSpan(first));
        }
        else if (col >= PimMap.GrfAColumn && col < PimMap.GrfAColumn + 8)
        {
            int i = col - PimMap.GrfAColumn;
            if (i >= _c.Pim.GrfEntries) throw Error(pc, c, $"GRF_A[{i}] does not exist");
            foreach (var u in units) words[..16].CopyTo(u.GrfA.AsSpan(i * 16));
        }
        else if (col >= PimMap.GrfBColumn && col < PimMap.GrfBColumn + 8)
        {
            int i = col - PimMap.GrfBColumn;
            if (i >= _c.Pim.GrfEntries) throw Error(pc, c, $"GRF_B[{i}] does not exist");
            foreach (var u in units) words[..16].CopyTo(u.GrfB.AsSpan(i * 16));
        }
        else throw Error(pc, c, $"column {col} of the configuration row is not a PIM register");
    }

    private void Trigger(int pc, in CommandRecord c)
    {
        if (_c.Pim.Architecture != PimArchitecture.HbmPim) throw Error(pc, c, $"{c.Command} needs an HBM-PIM configuration");
        if (_mode[pc] != PimMode.ABPIM) throw Error(pc, c, $"PIM operation in {_mode[pc]} mode (enter AB-PIM first)");
        var units = _units[pc];
        bool w = c.Command == Command.PIMWR;
        for (int u = 0; u < units.Length; u++)
        {
            RequireOpen(pc, c, 2 * u);
            long before = units[u].Executed;
            var even = Store.Burst(pc, 2 * u, c.Row, c.Column, _burst);
            var odd = Store.Burst(pc, 2 * u + 1, c.Row, c.Column, _burst);
            units[u].Trigger(w, c.Row, c.Column, even, odd);
            if (units[u].Executed != before) { UnitOps++; LaneOps += PimUnit.Lanes; BankInternalBursts++; RegisterBits += 2L * _burst * 8; }
        }
    }

    /// <summary>Global-buffer burst used by a MAC16/EWMUL16 at (row, column): column + 32 x (row mod (buffer bursts / 32)).</summary>
    public int GbBurst(int row, int column) => column + _o.Columns * (row % Math.Max(1, GlobalBufferBursts / _o.Columns));

    private void Mac16(int pc, in CommandRecord c)
    {
        RequireAim(pc, c);
        var gb = _gb[pc].AsSpan(GbBurst(c.Row, c.Column) * 16, 16);
        int first = Sid(c.Bank) * 16;
        Span<ushort> prod = stackalloc ushort[16];
        for (int b = first; b < first + 16; b++)
        {
            RequireOpen(pc, c, b);
            var w = MemoryMarshal.Cast<byte, ushort>(Store.Peek(pc, b, c.Row, c.Column, _burst));
            _acc[pc][b] = AimMath.Mac16(w, gb, _acc[pc][b], prod);
        }
        AimMacs += 256; BankInternalBursts += 16;
    }

    private void EwMul16(int pc, in CommandRecord c)
    {
        RequireAim(pc, c);
        var gb = _gb[pc].AsSpan(GbBurst(c.Row, c.Column) * 16, 16);
        int first = Sid(c.Bank) * 16;
        for (int b = first; b < first + 16; b++)
        {
            RequireOpen(pc, c, b);
            var w = MemoryMarshal.Cast<byte, ushort>(Store.Burst(pc, b, c.Row, c.Column, _burst));
            for (int i = 0; i < 16; i++) w[i] = Bf16.Mul(w[i], gb[i]);
        }
        AimMacs += 256; BankInternalBursts += 32;
    }
}

/// <summary>The AiM bank datapath, shared by the device and documented as the reference semantics: 16 BF16 products
/// (each rounded), a fixed pairwise reduction tree ((p0+p1)+(p2+p3))+... with a rounding at every adder, then the
/// accumulator add: acc = round(acc + tree).</summary>
public static class AimMath
{
    public static ushort Mac16(ReadOnlySpan<ushort> w, ReadOnlySpan<ushort> x, ushort acc, Span<ushort> scratch)
    {
        for (int i = 0; i < 16; i++) scratch[i] = Bf16.Mul(w[i], x[i]);
        for (int width = 16; width > 1; width /= 2)
            for (int i = 0; i < width / 2; i++) scratch[i] = Bf16.Add(scratch[2 * i], scratch[2 * i + 1]);
        return Bf16.Add(acc, scratch[0]);
    }
}
