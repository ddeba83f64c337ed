using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;
using HwModel.Timing;

namespace HwModel.Pim;

/// <summary>
/// A device under test that takes over some pseudo-channels: it issues their commands at the earliest cycle its own
/// timing allows (at or after <c>notBefore</c>) and executes them; the engine learns the cycles through
/// <see cref="PimEngine.ReportDut"/>. Reads that a caller needs are answered before <see cref="Issue"/> returns.
/// </summary>
public interface IPimDut
{
    bool Handles(int pc);
    long Issue(int pc, Command cmd, int bank, int row, int col, long notBefore, ReadOnlySpan<byte> writeData, Span<byte> readData);
    /// <summary>Waits until every queued command has been issued and reported.</summary>
    void Sync();
}

/// <summary>
/// Issues in-order command streams, one per pseudo-channel, at the earliest cycle the timing table and the command
/// buses allow (the host-side PIM controller). Pseudo-channels run in parallel; each keeps its own clock. Every
/// command goes to the <see cref="Observer"/> (the independent checker in tests) and, when a <see cref="PimDevice"/> is
/// attached, to the functional model. All-bank refresh is inserted at the precharge points kernels offer
/// (<see cref="PrechargeAll"/>) whenever one is due, so streams of any length keep the refresh rule.
/// </summary>
public sealed class PimEngine
{
    private readonly MemoryConfig _c;
    private readonly TimingState[] _timing;
    private readonly long[] _now, _rowBusFreeHalf, _colBusFree, _finish, _nextRefresh;
    private readonly int _pcs, _actHalves, _rowHalves, _bgs, _bpg;
    /// <summary>Per command: cycles from issue to completion (its data latency from the command table, else
    /// 1).</summary>
    private readonly int[] _done;
    public readonly long[] Commands = new long[CommandInfo.Count];
    public readonly PimDevice? Device;
    private readonly byte[] _scratch = new byte[256];
    public ICommandObserver? Observer;
    /// <summary>Bytes that crossed the stack interface (host reads and writes, WRGB, RDMAC16).</summary>
    public long InterfaceBytes;

    public MemoryConfig Config => _c;
    public TimingTable Table { get; }

    public PimEngine(MemoryConfig c, bool functional)
    {
        ConfigValidator.Validate(c, c.Name);
        _c = c;
        Table = TimingTable.For(c);
        var o = c.Org;
        _pcs = o.PseudoChannelsTotal;
        var first = new TimingState(c, Table);
        _timing = [first, .. Enumerable.Range(1, o.Channels - 1).Select(_ => new TimingState(first))];
        _now = new long[_pcs]; _rowBusFreeHalf = new long[_pcs]; _colBusFree = new long[_pcs]; _finish = new long[_pcs];
        _nextRefresh = Enumerable.Repeat((long)c.Timing.nREFI, _pcs).ToArray();
        _actHalves = o.ActHalfCycles; _rowHalves = o.RowCmdHalfCycles;
        _done = CommandTable.All.Select(s => s.DataLatency?.Evaluate(c) ?? 1).ToArray();
        _bgs = o.BankGroups; _bpg = o.BanksPerGroup;
        Device = functional ? new PimDevice(c) : null;
    }

    public int PseudoChannels => _pcs;
    /// <summary>Cycle of the last command issued on a pseudo-channel.</summary>
    public long Now(int pc) => _now[pc];
    /// <summary>When everything issued so far has completed, over all pseudo-channels.</summary>
    public long FinishCycle { get { Dut?.Sync(); return _finish.Max(); } }

    /// <summary>Pseudo-channels taken over by a device under test (co-simulation DUT mode).</summary>
    public IPimDut? Dut;

    /// <summary>A device under test reports that a command issued at <paramref name="cycle"/>.</summary>
    public void ReportDut(int pc, Command cmd, long cycle)
    {
        if (cycle > _now[pc]) _now[pc] = cycle;
        long done = cycle + _done[(int)cmd];
        if (done > _finish[pc]) _finish[pc] = done;
        Commands[(int)cmd]++;
        if (CommandInfo.CrossesInterface(cmd)) InterfaceBytes += _c.Org.AccessBytes;
    }
    public long Finish(int pc) => _finish[pc];

    /// <summary>Lets a pseudo-channel's stream start no earlier than <paramref name="cycle"/>.</summary>
    public void WaitUntil(int pc, long cycle) { if (cycle > _now[pc]) _now[pc] = cycle; }

    /// <summary>Issues one command at the earliest legal cycle at or after the previous one on this pseudo-channel.</summary>
    public long Issue(int pc, Command cmd, int bank, int row, int col, ReadOnlySpan<byte> writeData = default, Span<byte> readData = default)
    {
        if (Dut != null && Dut.Handles(pc)) return Dut.Issue(pc, cmd, bank, row, col, _now[pc], writeData, readData);
        int ch = pc / _c.Org.PseudoChannels, p = pc % _c.Org.PseudoChannels;
        var ts = _timing[ch];
        long t = Math.Max(_now[pc], ts.Earliest(cmd, p, bank));
        bool second = false;
        if (CommandInfo.IsColumn(cmd))
        {
            if (t < _colBusFree[pc]) t = _colBusFree[pc];
            _colBusFree[pc] = t + 1;
        }
        else
        {
            if (_rowBusFreeHalf[pc] > 2 * t + 1) t = _rowBusFreeHalf[pc] / 2;
            long start = Math.Max(2 * t, _rowBusFreeHalf[pc]);
            second = start > 2 * t;
            _rowBusFreeHalf[pc] = start + (CommandInfo.IsActivate(cmd) ? _actHalves : _rowHalves);
        }
        ts.Issue(cmd, p, bank, t);
        _now[pc] = t;
        Commands[(int)cmd]++;
        long done = t + _done[(int)cmd];
        if (done > _finish[pc]) _finish[pc] = done;
        if (CommandInfo.CrossesInterface(cmd)) InterfaceBytes += _c.Org.AccessBytes;
        var rec = new CommandRecord(t, cmd, ch, p, bank / (_bgs * _bpg), bank / _bpg % _bgs, bank, row, col, second);
        if (Observer is ICommandDataObserver data)
        {
            // data observers see the burst the command wrote and the one it read (captured even if the caller did not ask)
            if (readData.IsEmpty && CommandInfo.IsRead(cmd)) readData = _scratch;
            Device?.Execute(pc, rec, writeData, readData);
            data.OnCommandData(rec, writeData, readData);
        }
        else
        {
            Observer?.OnCommand(rec);
            Device?.Execute(pc, rec, writeData, readData);
        }
        return t;
    }

    /// <summary>PREA, then any all-bank refreshes that are due (all banks are closed here).</summary>
    public void PrechargeAll(int pc)
    {
        Issue(pc, Command.PREA, 0, 0, 0);
        while (_now[pc] + _c.Timing.nRP >= _nextRefresh[pc] && _c.Controller.Refresh != RefreshKind.Off)
        {
            Issue(pc, Command.REFab, 0, 0, 0);
            _nextRefresh[pc] += _c.Timing.nREFI;
        }
    }
}
