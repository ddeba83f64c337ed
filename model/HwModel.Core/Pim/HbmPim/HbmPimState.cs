using System.Runtime.InteropServices;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Pim.HbmPim;

/// <summary>
/// HBM-PIM's functional state: the mode of every pseudo-channel (SB, AB, AB-PIM), its units (one per bank pair)
/// with their register files, register writes through the reserved configuration row, all-bank writes in AB mode,
/// and the PIMRD/PIMWR triggers.
/// </summary>
public sealed class HbmPimState : IPimDeviceState
{
    private readonly PimDevice _d;
    private readonly MemoryConfig _c;
    private readonly PimMode[] _mode;
    private readonly PimUnit[][] _units;
    private readonly int _rows, _banks, _burst;

    public HbmPimState(PimDevice device, MemoryConfig c)
    {
        _d = device;
        _c = c;
        int pcs = c.Org.PseudoChannelsTotal;
        _rows = c.Org.Rows; _banks = c.Org.BanksPerPseudoChannel; _burst = c.Org.AccessBytes;
        _mode = new PimMode[pcs];
        _units = new PimUnit[pcs][];
        for (int p = 0; p < pcs; p++)
            _units[p] = Enumerable.Range(0, _banks / 2)
                .Select(_ => new PimUnit(c.Pim.CrfEntries, c.Pim.GrfEntries, c.Pim.SrfEntries)).ToArray();
    }

    public PimMode Mode(int pc) => _mode[pc];
    public PimUnit Unit(int pc, int u) => _units[pc][u];

    public bool Execute(int pc, in CommandRecord c, ReadOnlySpan<byte> writeData, Span<byte> readData)
    {
        switch (c.Command)
        {
            case Command.ACTab:
                if (_mode[pc] == PimMode.SB) throw _d.Error(pc, c, "all-bank activate (ACTab) needs AB or AB-PIM mode");
                Array.Fill(_d.OpenRows(pc), c.Row);
                return true;
            case Command.PIMRD or Command.PIMWR:
                Trigger(pc, c);
                return true;
            case Command.RD or Command.RDA:
                if (_mode[pc] == PimMode.ABPIM)
                    throw _d.Error(pc, c, "plain RD in AB-PIM mode; PIM operations are triggered with PIMRD/PIMWR");
                return false;
            case Command.WR or Command.WRA:
                return Write(pc, c, writeData);
            default:
                return false;
        }
    }

    /// <summary>Mode-register, configuration-row and all-bank writes; false for a plain single-bank write.</summary>
    private bool Write(int pc, in CommandRecord c, ReadOnlySpan<byte> data)
    {
        var mode = _mode[pc];
        if (c.Row == PimMap.AbmrRow(_rows))
        {
            if (mode != PimMode.SB) throw _d.Error(pc, c, $"write to ABMR (enter AB mode) in {mode} mode");
            _mode[pc] = PimMode.AB;
            return true;
        }
        if (c.Row == PimMap.SbmrRow(_rows))
        {
            if (mode != PimMode.AB)
                throw _d.Error(pc, c, $"write to SBMR (return to SB mode) in {mode} mode; leave AB-PIM first");
            _mode[pc] = PimMode.SB;
            return true;
        }
        if (c.Row == PimMap.ConfRow(_rows))
        {
            ConfWrite(pc, c, data);
            return true;
        }
        if (mode == PimMode.ABPIM)
            throw _d.Error(pc, c, "plain WR in AB-PIM mode; PIM operations are triggered with PIMRD/PIMWR");
        if (mode != PimMode.AB) return false;
        // all-bank write: the same burst into every bank of the pseudo-channel
        for (int b = 0; b < _banks; b++)
        {
            _d.RequireOpen(pc, c, b);
            data.CopyTo(_d.Store.Burst(pc, b, c.Row, c.Column, _burst));
        }
        return true;
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
                if (mode != PimMode.AB) throw _d.Error(pc, c, $"entering AB-PIM needs AB mode (now {mode})");
                foreach (var u in units) u.Start(); // validates the CRF program
                _mode[pc] = PimMode.ABPIM;
            }
            else
            {
                if (mode != PimMode.ABPIM) throw _d.Error(pc, c, $"leaving AB-PIM in {mode} mode");
                _mode[pc] = PimMode.AB;
            }
            return;
        }
        if (mode != PimMode.AB) throw _d.Error(pc, c, $"register write outside AB mode (mode is {mode})");
        var words = MemoryMarshal.Cast<byte, ushort>(data);
        int col = c.Column;
        var p = _c.Pim;
        _d.RegisterBits += (long)_burst * 8 * units.Length;
        if (col == PimMap.SrfColumn)
        {
            int n = p.SrfEntries;
            foreach (var u in units) { words[..n].CopyTo(u.SrfM); words.Slice(8, n).CopyTo(u.SrfA); }
        }
        else if (col >= PimMap.CrfColumn && col < PimMap.CrfColumn + 8)
        {
            int first = (col - PimMap.CrfColumn) * 8;
            if (first >= p.CrfEntries)
                throw _d.Error(pc, c,
                    $"CRF overflow: CRF entries {first}..{first + 7} do not exist (the CRF holds {p.CrfEntries})");
            var ins = MemoryMarshal.Cast<byte, uint>(data);
            int n = Math.Min(8, p.CrfEntries - first);
            foreach (var u in units) ins[..n].CopyTo(u.Crf.AsSpan(first));
        }
        else if (col >= PimMap.GrfAColumn && col < PimMap.GrfAColumn + 8)
        {
            int i = col - PimMap.GrfAColumn;
            if (i >= p.GrfEntries) throw _d.Error(pc, c, $"GRF_A[{i}] does not exist");
            foreach (var u in units) words[..16].CopyTo(u.GrfA.AsSpan(i * 16));
        }
        else if (col >= PimMap.GrfBColumn && col < PimMap.GrfBColumn + 8)
        {
            int i = col - PimMap.GrfBColumn;
            if (i >= p.GrfEntries) throw _d.Error(pc, c, $"GRF_B[{i}] does not exist");
            foreach (var u in units) words[..16].CopyTo(u.GrfB.AsSpan(i * 16));
        }
        else throw _d.Error(pc, c, $"column {col} of the configuration row is not a PIM register");
    }

    private void Trigger(int pc, in CommandRecord c)
    {
        if (_mode[pc] != PimMode.ABPIM) throw _d.Error(pc, c,
            $"PIM operation in {_mode[pc]} mode (enter AB-PIM first)");
        var units = _units[pc];
        bool w = c.Command == Command.PIMWR;
        for (int u = 0; u < units.Length; u++)
        {
            _d.RequireOpen(pc, c, 2 * u);
            long before = units[u].Executed;
            var even = _d.Store.Burst(pc, 2 * u, c.Row, c.Column, _burst);
            var odd = _d.Store.Burst(pc, 2 * u + 1, c.Row, c.Column, _burst);
            units[u].Trigger(w, c.Row, c.Column, even, odd);
            if (units[u].Executed != before)
            {
                _d.UnitOps++; _d.LaneOps += PimUnit.Lanes; _d.BankInternalBursts++; _d.RegisterBits += 2L * _burst * 8;
            }
        }
    }
}
