using HwModel.Bridge.Wire;
using HwModel.Pim;
using HwModel.Spec;

namespace HwModel.Bridge;

/// <summary>
/// DUT mode: the RTL pseudo-channel (with its PIM units) replaces the model's for the chosen pseudo-channels. Their
/// commands stream to the RTL in SCHEDULE mode, which issues each at its own earliest legal cycle and executes it;
/// the cycles come back to the <see cref="PimEngine"/>, so the kernel's time on those pseudo-channels is the RTL's.
/// The model synchronises only when a read result is needed or at the end.
/// </summary>
public sealed class RtlDut : IPimDut
{
    private readonly RtlSession _session;
    private readonly CosimChecker _checker;
    private readonly PimEngine _engine;
    private readonly HashSet<int> _pcs;
    private readonly (int Pc, Command Cmd)[] _ring;
    private readonly int _mask;
    private readonly byte[] _lastRead = new byte[32];
    private bool _haveRead;
    public long RtlFinishCycle { get; private set; }
    public long ProtocolErrors { get; private set; }

    public RtlDut(RtlSession session, CosimChecker checker, PimEngine engine, IEnumerable<int> pcs)
    {
        _session = session; _checker = checker; _engine = engine; _pcs = [.. pcs];
        int cap = 1;
        while (cap < (session.Lookahead + 2) * session.BatchSize) cap <<= 1;
        _ring = new (int, Command)[cap];
        _mask = cap - 1;
        session.OnResult = OnResult;
    }

    public bool Handles(int pc) => _pcs.Contains(pc);

    public long Issue(int pc, Command cmd, int bank, int row, int col, long notBefore, ReadOnlySpan<byte> writeData, Span<byte> readData)
    {
        long index = _session.Sent;
        var w = new WireCommand(notBefore, WireCommand.Pack(cmd, bank, col, false, pc), (uint)row);
        _ring[index & _mask] = (pc, cmd);
        _checker.Count(w, index);
        _session.Add(w, writeData);
        if (WireCommand.ReturnsReadData(cmd) && !readData.IsEmpty)
        {
            // a result the host needs now: synchronise
            _haveRead = false;
            _session.Flush();
            if (!_haveRead) throw new RtlException($"the RTL returned no data for {w}");
            _lastRead.AsSpan(0, Math.Min(32, readData.Length)).CopyTo(readData);
        }
        return _engine.Now(pc);
    }

    public void Sync() => _session.Flush();

    private void OnResult(ResultBatch r, long first)
    {
        for (int i = 0; i < r.IssueCycle.Count; i++)
        {
            var (pc, cmd) = _ring[(first + i) & _mask];
            long cycle = (long)r.IssueCycle[i];
            _engine.ReportDut(pc, cmd, cycle);
            if (cycle > RtlFinishCycle) RtlFinishCycle = cycle;
        }
        if (r.ReadData.Length >= 32) { r.ReadData.Span[^32..].CopyTo(_lastRead); _haveRead = true; }
        foreach (var v in r.Violations) if (v.Rule == 126) ProtocolErrors++;
        _checker.RecordViolations(r);
        if (ProtocolErrors > 0)
            throw new PimProtocolException($"the RTL flagged a PIM protocol error (code {r.Violations.First(v => v.Rule == 126).Detail}) at command #{r.Violations.First(v => v.Rule == 126).CommandIndex}");
    }
}
