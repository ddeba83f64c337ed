using HwModel.Config;
using HwModel.Controller;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Waves;

/// <summary>Writes the commands of one or more channels as Chrome trace events (X slices and C counters, with M
/// names for every process and thread used) to a part of a timeline file.</summary>
/// <remarks>A channel is a process; each pseudo-channel has a data-bus thread, a thread for its all-bank
/// commands, and a thread per bank. Slices on one thread never overlap: a slice is cut where the next one on its
/// thread starts, so viewers nest them correctly. Counters: bandwidth per channel (per bucket of cycles), and, when
/// <see cref="Controllers"/> is set, each pseudo-channel's queue depth and refresh debt at its commands.</remarks>
public sealed class TimelineRecorder : ICommandObserver
{
    private struct Slice
    {
        public long Start2, End2;
        public Command Cmd;
        public int Row, Column;
        public bool Data;
    }

    private readonly MemoryConfig _cfg;
    private readonly CommandSpans _spans;
    private readonly WaveWindow _window;
    private readonly EventText _out;
    private readonly double _halfCyclePs;
    private readonly long _bucket;
    private readonly Dictionary<long, Slice> _pending = [];
    private readonly HashSet<long> _named = [];
    private readonly Dictionary<long, (int Queue, int Owed)> _lastCounters = [];
    private readonly Dictionary<int, (long Bucket, long Bytes)> _bandwidth = [];
    private readonly string[] _queueNames, _owedNames;
    private PseudoChannelController[]? _byPc;

    /// <param name="bucketCycles">Cycles per bandwidth counter sample.</param>
    public TimelineRecorder(MemoryConfig cfg, CommandSpans spans, WaveWindow window, TextWriter sink,
        long bucketCycles = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCycles, 1);
        _cfg = cfg;
        _spans = spans;
        _window = window;
        _out = new EventText(sink);
        _halfCyclePs = cfg.Org.TckPs / 2;
        _bucket = bucketCycles;
        _queueNames = [.. Enumerable.Range(0, cfg.Org.PseudoChannels).Select(pc => $"pc{pc} queue depth")];
        _owedNames = [.. Enumerable.Range(0, cfg.Org.PseudoChannels).Select(pc => $"pc{pc} refresh debt")];
    }

    /// <summary>The controllers whose queue depth and refresh debt become counters (null: no such counters).</summary>
    public IReadOnlyList<PseudoChannelController>? Controllers
    {
        set
        {
            if (value == null) { _byPc = null; return; }
            _byPc = new PseudoChannelController[_cfg.Org.PseudoChannelsTotal];
            foreach (var c in value) _byPc[c.Channel * _cfg.Org.PseudoChannels + c.PcIndex] = c;
        }
    }

    /// <summary>Events written so far.</summary>
    public long Events { get; private set; }

    private static readonly string[] Names = [.. CommandTable.All.Select(c => c.Name)];

    private static int DataTid(int pc) => pc * 1000;
    private static int AllBankTid(int pc, CommandBus bus) => pc * 1000 + 1 + (int)bus;
    private static int BankTid(int pc, int bank) => pc * 1000 + 3 + bank;
    /// <summary>A half-cycle time in whole picoseconds: every time goes through this one rounding, so a slice that
    /// is cut where the next starts ends exactly there in the file.</summary>
    private long Ps(long t2) => (long)Math.Round(t2 * _halfCyclePs);

    private static long Key(int ch, int tid) => ((long)ch << 32) | (uint)tid;

    public void OnCommand(in CommandRecord r)
    {
        if (!_window.Includes(r.Channel) || r.Cycle >= _window.To) return;
        long t2 = r.Cycle * 2 + (r.SecondHalf ? 1 : 0);
        var spec = CommandTable.Get(r.Command);
        int tid = spec.Target == BankTarget.Bank ? BankTid(r.PseudoChannel, r.Bank)
            : AllBankTid(r.PseudoChannel, spec.Bus);
        Begin(r.Channel, tid, new Slice
        {
            Start2 = t2, End2 = t2 + 2L * _spans.Span(r.Command), Cmd = r.Command, Row = r.Row, Column = r.Column,
        }, r);
        int end = _spans.DataEnd(r.Command);
        if (end > 0)
        {
            long ds = t2 + 2L * Math.Max(0, end - _spans.BurstCycles);
            Begin(r.Channel, DataTid(r.PseudoChannel), new Slice
            {
                Start2 = ds, End2 = t2 + 2L * end, Cmd = r.Command, Row = r.Row, Column = r.Column, Data = true,
            }, r);
            if (CommandInfo.CrossesInterface(r.Command)) Bandwidth(r.Channel, r.Cycle + end);
        }
        if (_byPc != null && r.Cycle >= _window.From) Counters(r.Channel, r.PseudoChannel, t2);
    }

    private void Begin(int ch, int tid, Slice s, in CommandRecord r)
    {
        long key = Key(ch, tid);
        if (!_pending.TryGetValue(key, out var p)) Name(ch, tid, r);
        else if (s.Start2 < p.Start2)
        {
            // an earlier command reached this thread late: it ends where the pending one starts
            Emit(ch, tid, s, Math.Min(s.End2, p.Start2));
            return;
        }
        else Emit(ch, tid, p, Math.Min(p.End2, s.Start2));
        _pending[key] = s;
    }

    private void Emit(int ch, int tid, in Slice s, long end2)
    {
        if (s.Start2 < _window.From2 || s.Start2 >= _window.To2) return;
        _out.Put("{\"name\":\"");
        _out.Put(s.Data ? (CommandInfo.IsRead(s.Cmd) ? "read burst" : "write burst") : Names[(int)s.Cmd]);
        _out.Put("\",\"cat\":\"");
        _out.Put(s.Data ? "data" : CommandTable.Get(s.Cmd).Bus == CommandBus.Row ? "row" : "column");
        _out.Put("\",\"ph\":\"X\",\"ts\":");
        long startPs = Ps(s.Start2);
        _out.Micros(startPs);
        _out.Put(",\"dur\":");
        _out.Micros(Ps(end2) - startPs);
        _out.Put(",\"pid\":");
        _out.Put(ch);
        _out.Put(",\"tid\":");
        _out.Put(tid);
        _out.Put(",\"args\":{\"cycle\":");
        _out.Put(s.Start2 / 2);
        _out.Put(",\"row\":");
        _out.Put(s.Row);
        _out.Put(",\"column\":");
        _out.Put(s.Column);
        _out.Put("}},\n");
        Events++;
    }

    private void Name(int ch, int tid, in CommandRecord r)
    {
        if (_named.Add(Key(ch, -1)))
        {
            Meta(ch, 0, "process_name", $"channel {ch}");
            MetaSort(ch, 0, "process_sort_index", ch);
        }
        if (!_named.Add(Key(ch, tid))) return;
        int pc = tid / 1000, k = tid % 1000;
        string name = k switch
        {
            0 => $"pc{pc} data bus",
            1 => $"pc{pc} all-bank row commands",
            2 => $"pc{pc} all-bank column commands",
            _ => $"pc{pc} sid{r.StackId} bg{r.BankGroup} bank{r.Bank % _cfg.Org.BanksPerGroup}",
        };
        Meta(ch, tid, "thread_name", name);
        MetaSort(ch, tid, "thread_sort_index", tid);
    }

    private void Meta(int ch, int tid, string kind, string name)
    {
        _out.Put("{\"name\":\"" + kind + "\",\"ph\":\"M\",\"pid\":");
        _out.Put(ch);
        _out.Put(",\"tid\":");
        _out.Put(tid);
        _out.Put(",\"args\":{\"name\":\"" + name + "\"}},\n");
        Events++;
    }

    private void MetaSort(int ch, int tid, string kind, int index)
    {
        _out.Put("{\"name\":\"" + kind + "\",\"ph\":\"M\",\"pid\":");
        _out.Put(ch);
        _out.Put(",\"tid\":");
        _out.Put(tid);
        _out.Put(",\"args\":{\"sort_index\":");
        _out.Put(index);
        _out.Put("}},\n");
        Events++;
    }

    private void Counter(int ch, string name, long t2, double value)
    {
        if (t2 < _window.From2 || t2 >= _window.To2) return;
        _out.Put("{\"name\":\"" + name + "\",\"ph\":\"C\",\"ts\":");
        _out.Micros(Ps(t2));
        _out.Put(",\"pid\":");
        _out.Put(ch);
        _out.Put(",\"args\":{\"value\":");
        _out.Put(value, "0.###");
        _out.Put("}},\n");
        Events++;
    }

    private void Counters(int ch, int pc, long t2)
    {
        var c = _byPc![ch * _cfg.Org.PseudoChannels + pc];
        if (c == null) return;
        var now = (c.QueuedCount, c.RefreshOwed);
        long key = Key(ch, pc);
        if (_lastCounters.TryGetValue(key, out var last) && last == now) return;
        if (last.Queue != now.QueuedCount || !_lastCounters.ContainsKey(key))
            Counter(ch, _queueNames[pc], t2, now.QueuedCount);
        if (last.Owed != now.RefreshOwed || !_lastCounters.ContainsKey(key))
            Counter(ch, _owedNames[pc], t2, now.RefreshOwed);
        _lastCounters[key] = now;
    }

    private void Bandwidth(int ch, long dataEndCycle)
    {
        long b = dataEndCycle / _bucket;
        if (!_bandwidth.TryGetValue(ch, out var cur)) cur = (b, 0);
        else if (cur.Bucket != b)
        {
            // a bucket ends: its figure, then zero if the next bucket with data is not the one after it
            FlushBandwidth(ch, cur, zeroAfter: b != cur.Bucket + 1);
            cur = (b, 0);
        }
        _bandwidth[ch] = (b, cur.Bytes + _cfg.Org.AccessBytes);
    }

    private void FlushBandwidth(int ch, (long Bucket, long Bytes) cur, bool zeroAfter)
    {
        double ns = _bucket * _cfg.Org.TckPs / 1000;
        Counter(ch, "bandwidth GB/s", cur.Bucket * _bucket * 2, cur.Bytes / ns);
        if (zeroAfter) Counter(ch, "bandwidth GB/s", (cur.Bucket + 1) * _bucket * 2, 0);
    }

    /// <summary>Writes the slices still open and the last bandwidth sample; call once, at the end of the run.</summary>
    public void Finish()
    {
        foreach (var (key, s) in _pending.OrderBy(kv => kv.Key))
            Emit((int)(key >> 32), (int)(uint)key, s, Math.Min(s.End2, _window.To2));
        _pending.Clear();
        foreach (var (ch, cur) in _bandwidth.OrderBy(kv => kv.Key)) FlushBandwidth(ch, cur, zeroAfter: true);
        _bandwidth.Clear();
    }
}
