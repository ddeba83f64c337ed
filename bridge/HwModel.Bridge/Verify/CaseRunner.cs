using HwModel.Bridge.Wire;
using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Bridge.Verify;

/// <summary>
/// Runs cases on one RTL server, reused across them: before each case every pseudo-channel is reset (bank state
/// and timing history; data arrays keep their contents, which the reference treats as unknown), the case streams
/// in check mode, and its flags and read bursts are compared with
/// <see cref="CaseOracle"/>'s.
/// </summary>
public sealed class CaseRunner : IDisposable
{
    private readonly MemoryConfig _cfg;
    private readonly RtlServer _server;
    private readonly RtlSession _session;
    private readonly string[] _ruleNames;
    private readonly List<(long Index, string Rule)> _flags = [];
    private readonly List<byte[]> _reads = [];
    public int StoredRows { get; }
    public long CommandsRun { get; private set; }

    public CaseRunner(MemoryConfig cfg, RtlServerOptions options, int batchSize = 4096)
    {
        _cfg = cfg;
        _server = RtlServer.Start(options);
        try
        {
            _server.Configure(cfg);
            StoredRows = (int)_server.StoredRows(cfg);
            _session = new RtlSession(_server, Mode.Check, batchSize, 4);
        }
        catch { _server.Dispose(); throw; }
        _ruleNames = CosimChecker.RuleNames(cfg);
        _session.OnResult = (res, _) =>
        {
            foreach (var v in res.Violations) _flags.Add(((long)v.CommandIndex, _ruleNames[Math.Min(127, v.Rule)]));
            var data = res.ReadData.Span;
            for (int off = 0; off + 32 <= data.Length; off += 32) _reads.Add(data.Slice(off, 32).ToArray());
        };
    }

    /// <summary>Runs one case and compares it with the reference.</summary>
    public CaseOutcome Run(VerifyCase c)
    {
        var expected = CaseOracle.For(_cfg, c, StoredRows);
        _server.Configure(_cfg, keepInstances: true);
        _flags.Clear();
        _reads.Clear();
        long base0 = _session.Sent;
        for (int i = 0; i < c.Commands.Count; i++)
        {
            var r = c.Commands[i];
            var w = new WireCommand(r.Cycle, WireCommand.Pack(r.Command, r.Bank, r.Column, r.SecondHalf,
                r.PseudoChannel), (uint)r.Row);
            if (CommandInfo.CarriesWriteBurst(r.Command)) _session.Add(w, CaseOracle.WriteData(c, i));
            else _session.Add(w);
        }
        _session.Flush();
        CommandsRun += c.Commands.Count;
        var got = new HashSet<string>[c.Commands.Count];
        for (int i = 0; i < got.Length; i++) got[i] = [];
        foreach (var (index, rule) in _flags)
        {
            long i = index - base0;
            if (i >= 0 && i < got.Length) got[i].Add(rule);
        }
        // the first command whose flags differ, and the first read whose data differs: the earlier one is reported
        int flagAt = -1;
        for (int i = 0; i < got.Length && flagAt < 0; i++)
            if (!got[i].SetEquals(expected.Rules[i])) flagAt = i;
        int readAt = -1;
        string readDetail = "";
        for (int k = 0; k < Math.Max(expected.Reads.Count, _reads.Count) && readAt < 0; k++)
        {
            if (k >= _reads.Count)
            {
                readAt = expected.Reads[k].Index;
                readDetail = $"the RTL returned {_reads.Count} read bursts, the reference {expected.Reads.Count}: " +
                    $"no data for this read";
            }
            else if (k >= expected.Reads.Count)
            {
                readAt = c.Commands.Count - 1;
                readDetail = $"the RTL returned {_reads.Count} read bursts, the reference {expected.Reads.Count}";
            }
            else if (expected.Reads[k].Data is { } want && !_reads[k].AsSpan().SequenceEqual(want))
            {
                readAt = expected.Reads[k].Index;
                readDetail = $"read data: expected {Convert.ToHexString(want)[..16]}..., " +
                    $"RTL returned {Convert.ToHexString(_reads[k])[..16]}...";
            }
        }
        if (flagAt < 0 && readAt < 0) return CaseOutcome.Pass;
        if (flagAt >= 0 && (readAt < 0 || flagAt <= readAt))
        {
            string S(HashSet<string> s) => s.Count == 0 ? "none" : string.Join(", ", s.Order(StringComparer.Ordinal));
            return new CaseOutcome(false, flagAt,
                $"rules broken: reference {S(expected.Rules[flagAt])}, RTL flagged {S(got[flagAt])}");
        }
        return new CaseOutcome(false, readAt, readDetail);
    }

    public void Dispose()
    {
        _session.Dispose();
        _server.Dispose();
    }
}
