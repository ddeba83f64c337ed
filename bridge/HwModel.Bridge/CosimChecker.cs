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
    private readonly byte[] _expected;
    private readonly int _mask;
    private readonly Queue<long> _expectedReads = new();
    // the synthetic data last written, as the ordinal of the write that generated it (0: never written), one array
    // per pseudo-channel and bank (allocated on its first write), indexed by stored row and column: no hashing and
    // no buffer per address
    private readonly uint[]?[] _shadow;
    private readonly int _banks, _columns;
    private uint _writes;
    public List<Mismatch> Mismatches { get; } = [];
    public List<RtlViolation> Violations { get; } = [];
    public long MismatchCount { get; private set; }
    public long ViolationCount { get; private set; }
    public long Commands { get; private set; }
    public long ReadsCompared { get; private set; }
    public int MaxKept { get; set; } = 100;

    public CosimChecker(RtlSession session, MemoryConfig cfg, int storedRows)
    {
        _session = session;
        _o = cfg.Org;
        _storedRows = storedRows;
        _banks = _o.BanksPerPseudoChannel;
        _columns = _o.Columns;
        _shadow = new uint[]?[_o.PseudoChannelsTotal * _banks];
        var names = TimingTable.For(cfg).Constraints.Select(r => r.Name).ToList();
        _ruleNames = new string[128];
        for (int i = 0; i < 128; i++) _ruleNames[i] = i < names.Count ? names[i] : $"rule {i}";
        _ruleNames[120] = "column-bus"; _ruleNames[121] = "row-bus"; _ruleNames[122] = "state.act-open";
        _ruleNames[123] = "state.column-closed"; _ruleNames[124] = "state.column-row"; _ruleNames[125] = "state.refresh-open";
        _ruleNames[126] = "pim-protocol"; _ruleNames[127] = "unsupported-command";
        session.OnResult = OnResult;
        int cap = 1;
        while (cap < (session.Lookahead + 2) * session.BatchSize) cap <<= 1;
        _ring = new WireCommand[cap];
        _expected = new byte[cap * 32];
        _mask = cap - 1;
    }

    private int Pc(in CommandRecord r) => r.Channel * _o.PseudoChannels + r.PseudoChannel;

    /// <summary>Traffic without data (the memory controller's): synthesise write data and expect it back.</summary>
    public void OnCommand(in CommandRecord r)
    {
        Span<byte> data = stackalloc byte[32];
        data.Clear();
        if (WireCommand.CarriesWriteData(r.Command))
        {
            // deterministic and different for every write
            if (++_writes == 0) _writes = 1; // 0 means never written
            uint ordinal = _writes;
            ref var bank = ref _shadow[Pc(r) * _banks + r.Bank];
            bank ??= new uint[_storedRows * _columns];
            bank[r.Row % _storedRows * _columns + r.Column] = ordinal;
            Synthesise(ordinal, data);
            Send(r, data, default, false);
        }
        else if (WireCommand.ReturnsReadData(r.Command))
        {
            var bank = _shadow[Pc(r) * _banks + r.Bank];
            uint ordinal = bank == null ? 0 : bank[r.Row % _storedRows * _columns + r.Column];
            if (ordinal != 0) Synthesise(ordinal, data); // else never written: zeros
            Send(r, default, data, true);
        }
        else Send(r, default, default, false);
    }

    private static void Synthesise(uint ordinal, Span<byte> data)
    {
        ulong x = ordinal * 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < 32; i += 8) { x ^= x >> 29; x *= 0xBF58476D1CE4E5B9UL; BitConverter.TryWriteBytes(data[i..], x); }
    }

    /// <summary>Commands with real data (PIM kernels): compare the RTL's reads with the model's.</summary>
    public void OnCommandData(in CommandRecord r, ReadOnlySpan<byte> writeData, ReadOnlySpan<byte> readData)
    {
        bool read = WireCommand.ReturnsReadData(r.Command) && readData.Length >= 32;
        Send(r, writeData, read ? readData[..32] : default, read);
    }

    private void Send(in CommandRecord r, ReadOnlySpan<byte> writeData, ReadOnlySpan<byte> expectedRead, bool isRead)
    {
        long index = _session.Sent;
        var w = new WireCommand(r.Cycle, WireCommand.Pack(r.Command, r.Bank, r.Column, r.SecondHalf, Pc(r)), (uint)r.Row);
        _ring[index & _mask] = w;
        if (isRead)
        {
            expectedRead.CopyTo(_expected.AsSpan((int)(index & _mask) * 32, 32));
            _expectedReads.Enqueue(index);
        }
        Commands++;
        _session.Add(w, writeData);
    }

    private void OnResult(ResultBatch res, long first)
    {
        var data = res.ReadData.Span;
        for (int off = 0; off + 32 <= data.Length; off += 32)
        {
            if (_expectedReads.Count == 0) { Record(new Mismatch(-1, 0, "?", "no read", "an unexpected read burst")); continue; }
            long index = _expectedReads.Dequeue();
            ReadsCompared++;
            var got = data.Slice(off, 32);
            var exp = _expected.AsSpan((int)(index & _mask) * 32, 32);
            if (!got.SequenceEqual(exp))
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
