using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Runtime.InteropServices;
using HwModel.Bridge.Wire;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Bridge;

/// <summary>A difference between the RTL and the model: which command, when, what was expected and what came back.</summary>
public sealed record Mismatch(long CommandIndex, long Cycle, string Command, string Expected, string Actual)
{
    public override string ToString() => $"command #{CommandIndex} at cycle {Cycle} ({Command}): expected {Expected}, RTL returned {Actual}";
}

/// <summary>A rule the RTL's monitor flagged.</summary>
public sealed record RtlViolation(long CommandIndex, long Cycle, string Rule, string Command, string Detail)
{
    public override string ToString() => $"command #{CommandIndex} at cycle {Cycle} ({Command}): {Rule}{(Detail.Length > 0 ? " (" + Detail + ")" : "")}";
}

/// <summary>
/// Checker-mode scoreboard: every command the model issues (with its write data) goes to the RTL; the RTL's read
/// data is compared with what the model read (or, for traffic without data, with a shadow memory of the synthetic
/// data written, kept at the RTL's reduced row count), and every rule its timing monitor flags is recorded.
/// </summary>
public sealed class CosimChecker : ICommandDataObserver
{
    private readonly RtlSession _session;
    private readonly Organisation _o;
    private readonly int _storedRows;
    private readonly string[] _ruleNames;
    // commands in flight, by session index (a ring: no allocation per command)
    private readonly WireCommand[] _ring;
    // per read in flight (by session index): the ordinal of the synthetic write it must return (0: zeros), or
    // DataInRing when the model's own read data is kept in _expected
    private readonly uint[] _expectedOrdinal;
    private readonly byte[] _expected;
    private const uint DataInRing = uint.MaxValue;
    private readonly int _mask;
    // session indices of the reads in flight, in order (a ring of the same capacity)
    private readonly long[] _reads;
    private long _readHead, _readTail;
    // the synthetic data last written, as the ordinal of the write that generated it (0: never written), one array
    // per pseudo-channel and bank (allocated on its first write), indexed by stored row and column: no hashing and
    // no buffer per address
    private readonly uint[]?[] _shadow;
    private readonly int _banks, _columns, _pcsPerChannel, _rowMask;
    private uint _writes;
    public List<Mismatch> Mismatches { get; } = [];
    public List<RtlViolation> Violations { get; } = [];
    public long MismatchCount { get; private set; }
    public long ViolationCount { get; private set; }
    public long Commands { get; private set; }
    public long ReadsCompared { get; private set; }
    public int MaxKept { get; set; } = 100;

    /// <summary>How each protocol rule (ids from cosim.proto) is named in violation reports.</summary>
    public static readonly (ProtocolRule Rule, string Name)[] ProtocolRuleNames =
    [
        (ProtocolRule.RuleColumnBus, "column-bus"), (ProtocolRule.RuleRowBus, "row-bus"),
        (ProtocolRule.RuleActOpen, "state.act-open"), (ProtocolRule.RuleColumnClosed, "state.column-closed"),
        (ProtocolRule.RuleColumnRow, "state.column-row"), (ProtocolRule.RuleRefreshOpen, "state.refresh-open"),
        (ProtocolRule.RulePimProtocol, "pim-protocol"), (ProtocolRule.RuleUnsupported, "unsupported-command"),
    ];

    /// <summary>The name of each violation id the RTL reports (<c>viol</c> bit i): timing-table rows by their
    /// names, protocol rules by <see cref="ProtocolRuleNames"/>.</summary>
    public static string[] RuleNames(MemoryConfig cfg)
    {
        var names = TimingTable.For(cfg).Constraints.Select(r => r.Name).ToList();
        var all = new string[128];
        for (int i = 0; i < 128; i++) all[i] = i < names.Count ? names[i] : $"rule {i}";
        foreach (var (rule, name) in ProtocolRuleNames) all[(int)rule] = name;
        return all;
    }

    public CosimChecker(RtlSession session, MemoryConfig cfg, int storedRows)
    {
        _session = session;
        _o = cfg.Org;
        _storedRows = storedRows;
        _banks = _o.BanksPerPseudoChannel;
        _columns = _o.Columns;
        _pcsPerChannel = _o.PseudoChannels;
        _rowMask = (storedRows & (storedRows - 1)) == 0 ? storedRows - 1 : -1;
        _shadow = new uint[]?[_o.PseudoChannelsTotal * _banks];
        _ruleNames = RuleNames(cfg);
        session.OnResult = OnResult;
        int cap = 1;
        while (cap < (session.Lookahead + 2) * session.BatchSize) cap <<= 1;
        _ring = new WireCommand[cap];
        _expectedOrdinal = new uint[cap];
        _expected = new byte[cap * 32];
        _reads = new long[cap];
        _mask = cap - 1;
    }

    private int Pc(in CommandRecord r) => r.Channel * _pcsPerChannel + r.PseudoChannel;

    private int Location(in CommandRecord r) => (_rowMask >= 0 ? r.Row & _rowMask : r.Row % _storedRows) * _columns + r.Column;

    /// <summary>Traffic without data (the memory controller's): synthesise write data and expect it back.</summary>
    public void OnCommand(in CommandRecord r)
    {
        var cmd = r.Command;
        int pc = Pc(r);
        long index = _session.Sent;
        var w = new WireCommand(r.Cycle, WireCommand.Pack(cmd, r.Bank, r.Column, r.SecondHalf, pc), (uint)r.Row);
        _ring[index & _mask] = w;
        Commands++;
        if (WireCommand.CarriesWriteData(cmd))
        {
            // deterministic and different for every write (0 and DataInRing are reserved)
            if (++_writes >= DataInRing) _writes = 1;
            ref var bank = ref _shadow[pc * _banks + r.Bank];
            bank ??= new uint[_storedRows * _columns];
            bank[Location(r)] = _writes;
            Synthesise(_writes, _session.AddWithData(w));
            return;
        }
        if (WireCommand.ReturnsReadData(cmd))
        {
            var bank = _shadow[pc * _banks + r.Bank];
            ExpectRead(index, bank == null ? 0 : bank[Location(r)]); // never written: zeros
        }
        else if (cmd == Command.ACT) PrefetchRow(pc, r.Bank, r.Row);
        _session.Add(w);
    }

    /// <summary>
    /// The shadow is megabytes and traffic touches it at random, so a column command's lookup would miss the cache
    /// (most of this checker's time, measured). The row is known at its ACT, well before its column commands: fetch
    /// the row's slice of the shadow (columns x 4 bytes) into the cache then.
    /// </summary>
    private unsafe void PrefetchRow(int pc, int bank, int row)
    {
        var b = _shadow[pc * _banks + bank];
        if (b == null || !Sse.IsSupported) return;
        int at = (_rowMask >= 0 ? row & _rowMask : row % _storedRows) * _columns;
        fixed (uint* p = &b[at])
        {
            for (int i = 0; i < _columns; i += 16) Sse.Prefetch0(p + i); // 16 entries per 64-byte line
            Sse.Prefetch0(p + _columns - 1); // the slice need not start on a line
        }
    }

    private void ExpectRead(long index, uint ordinal)
    {
        _expectedOrdinal[index & _mask] = ordinal;
        _reads[_readTail++ & _mask] = index;
    }

    private static Vector256<byte> Expected(uint ordinal)
    {
        ulong x = ordinal * 0x9E3779B97F4A7C15UL;
        x ^= x >> 29; x *= 0xBF58476D1CE4E5B9UL; ulong a = x;
        x ^= x >> 29; x *= 0xBF58476D1CE4E5B9UL; ulong b = x;
        x ^= x >> 29; x *= 0xBF58476D1CE4E5B9UL; ulong c = x;
        x ^= x >> 29; x *= 0xBF58476D1CE4E5B9UL;
        return Vector256.Create(a, b, c, x).AsByte(); // the layout Synthesise writes (native order both)
    }

    private static void Synthesise(uint ordinal, Span<byte> data)
    {
        ulong x = ordinal * 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < 32; i += 8) { x ^= x >> 29; x *= 0xBF58476D1CE4E5B9UL; MemoryMarshal.Write(data[i..], x); }
    }

    /// <summary>Commands with real data (PIM kernels): compare the RTL's reads with the model's.</summary>
    public void OnCommandData(in CommandRecord r, ReadOnlySpan<byte> writeData, ReadOnlySpan<byte> readData)
    {
        long index = _session.Sent;
        var w = new WireCommand(r.Cycle, WireCommand.Pack(r.Command, r.Bank, r.Column, r.SecondHalf, Pc(r)), (uint)r.Row);
        _ring[index & _mask] = w;
        Commands++;
        if (WireCommand.ReturnsReadData(r.Command) && readData.Length >= 32)
        {
            readData[..32].CopyTo(_expected.AsSpan((int)(index & _mask) * 32, 32));
            ExpectRead(index, DataInRing);
        }
        _session.Add(w, writeData);
    }

    private void OnResult(ResultBatch res, long first)
    {
        var data = res.ReadData.Span;
        Span<byte> exp = stackalloc byte[32];
        for (int off = 0; off + 32 <= data.Length; off += 32)
        {
            if (_readHead == _readTail) { Record(new Mismatch(-1, 0, "?", "no read", "an unexpected read burst")); continue; }
            long index = _reads[_readHead++ & _mask];
            ReadsCompared++;
            var got = data.Slice(off, 32);
            uint ordinal = _expectedOrdinal[index & _mask];
            bool same;
            if (ordinal == DataInRing)
            {
                _expected.AsSpan((int)(index & _mask) * 32, 32).CopyTo(exp);
                same = got.SequenceEqual(exp);
            }
            else
            {
                // one 32-byte compare against the synthetic words (zeros where nothing was written); the bytes are
                // built only for a mismatch report
                var actual = Vector256.Create<byte>(got);
                same = actual == (ordinal == 0 ? Vector256<byte>.Zero : Expected(ordinal));
                if (!same) { if (ordinal == 0) exp.Clear(); else Synthesise(ordinal, exp); }
            }
            if (!same)
            {
                var c = _ring[index & _mask];
                Record(new Mismatch(index, c.Cycle, c.ToString(), Convert.ToHexString(exp), Convert.ToHexString(got)));
            }
        }
        RecordViolations(res);
    }

    /// <summary>Records the rules a result flagged (also used by DUT mode, whose reads are not compared here).</summary>
    public void RecordViolations(ResultBatch res)
    {
        foreach (var v in res.Violations)
        {
            ViolationCount++;
            if (Violations.Count < MaxKept)
            {
                string cmd = _ring[(long)v.CommandIndex & _mask].ToString();
                Violations.Add(new RtlViolation((long)v.CommandIndex, (long)v.Cycle, _ruleNames[Math.Min(127, v.Rule)], cmd,
                    v.Rule == 126 ? $"PIM error code {v.Detail}" : ""));
            }
        }
    }

    private void Record(Mismatch m)
    {
        MismatchCount++;
        if (Mismatches.Count < MaxKept) Mismatches.Add(m);
    }

    public void Finish() => _session.Flush();

    /// <summary>DUT mode: a command that went to the RTL directly (counted, remembered for violation reports).</summary>
    public void Count(in WireCommand w, long index) { _ring[index & _mask] = w; Commands++; }
}
