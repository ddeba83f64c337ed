using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Waves;

/// <summary>Turns the commands of one or more channels into value changes of the TLM's bank states: per
/// pseudo-channel the command (a one-cycle pulse of its code) and the data bus (idle, read or write burst), per
/// bank its open row and whether it is open.</summary>
/// <remarks>Every change is at or after the command that makes it, so once the run passes a time the changes before
/// it are final: they go, in time order, to a part file (with a spill path) that <see cref="VcdFile"/> merges with
/// the other parts. Changes before the window are folded into the starting state instead. Memory stays bounded by
/// the few cycles a command reaches ahead.</remarks>
public sealed class VcdRecorder : ICommandObserver, IDisposable
{
    /// <summary>One value change at a half-cycle; <see cref="Value"/> -1 is unknown (x).</summary>
    public readonly record struct Change(long T2, long Seq, int Signal, long Value);

    /// <summary>The data-bus signal's values.</summary>
    public const int DqIdle = 0, DqRead = 1, DqWrite = 2;

    private readonly VcdLayout _layout;
    private readonly CommandSpans _spans;
    private readonly WaveWindow _window;
    private readonly List<Change> _changes = [];
    private readonly List<Change> _before = [];
    private readonly long[] _initial;
    private readonly BinaryWriter? _spill;
    private readonly string? _spillPath;
    private readonly int _spillEvery;
    private long _seq, _spilled;

    private static readonly Comparison<Change> ByTime =
        (a, b) => a.T2 != b.T2 ? a.T2.CompareTo(b.T2) : a.Seq.CompareTo(b.Seq);

    /// <param name="spillPath">A temporary file for the finished changes (null: keep them all in memory).</param>
    /// <param name="spillEvery">How many changes collect in memory before the finished ones are spilled.</param>
    public VcdRecorder(VcdLayout layout, CommandSpans spans, WaveWindow window, string? spillPath = null,
        int spillEvery = 1 << 16)
    {
        _spillEvery = Math.Max(1, spillEvery);
        _layout = layout;
        _spans = spans;
        _window = window;
        _initial = layout.InitialValues();
        if (spillPath != null)
        {
            _spillPath = spillPath;
            _spill = new BinaryWriter(new FileStream(spillPath, FileMode.Create, FileAccess.Write, FileShare.Read,
                1 << 16));
        }
    }

    /// <summary>The changes inside the window in time order: the spilled ones, then those still in memory.</summary>
    public IEnumerable<Change> Changes
    {
        get
        {
            _changes.Sort(ByTime);
            if (_spill != null)
            {
                _spill.Flush();
                using var r = new BinaryReader(new FileStream(_spillPath!, FileMode.Open, FileAccess.Read,
                    FileShare.ReadWrite, 1 << 16));
                for (long i = 0; i < _spilled; i++)
                    yield return new Change(r.ReadInt64(), r.ReadInt64(), r.ReadInt32(), r.ReadInt64());
            }
            foreach (var c in _changes) yield return c;
        }
    }

    /// <summary>Writes the changes before <paramref name="t2"/> to the part file (none come before them later).
    /// </summary>
    private void Spill(long t2)
    {
        _changes.Sort(ByTime);
        int n = 0;
        while (n < _changes.Count && _changes[n].T2 < t2)
        {
            var c = _changes[n++];
            _spill!.Write(c.T2);
            _spill.Write(c.Seq);
            _spill.Write(c.Signal);
            _spill.Write(c.Value);
        }
        _spilled += n;
        _changes.RemoveRange(0, n);
    }

    public void Dispose()
    {
        _spill?.Dispose();
        if (_spillPath != null) File.Delete(_spillPath);
    }

    /// <summary>Every signal's value at the window's start.</summary>
    public IReadOnlyList<long> Initial
    {
        get
        {
            Fold(long.MaxValue);
            return _initial;
        }
    }

    private void Set(long t2, int signal, long value)
    {
        if (signal < 0 || t2 >= _window.To2) return;
        var c = new Change(t2, _seq++, signal, value);
        if (t2 >= _window.From2) _changes.Add(c); else _before.Add(c);
    }

    /// <summary>Applies the changes before the window that lie before <paramref name="t2"/> to the starting
    /// state (every change made from now on is at <paramref name="t2"/> or later).</summary>
    private void Fold(long t2)
    {
        if (_before.Count == 0) return;
        _before.Sort(ByTime);
        int n = 0;
        while (n < _before.Count && _before[n].T2 < t2) { _initial[_before[n].Signal] = _before[n].Value; n++; }
        _before.RemoveRange(0, n);
    }

    public void OnCommand(in CommandRecord r)
    {
        if (!_window.Includes(r.Channel) || r.Cycle >= _window.To) return;
        long t2 = r.Cycle * 2 + (r.SecondHalf ? 1 : 0);
        if (_before.Count >= 1 << 16) Fold(t2);
        if (_spill != null && _changes.Count >= _spillEvery) Spill(t2);
        int ch = r.Channel, pc = r.PseudoChannel;
        Set(t2, _layout.Command(ch, pc), (long)r.Command);
        Set(t2 + 2, _layout.Command(ch, pc), -1);
        int end = _spans.DataEnd(r.Command);
        if (end > 0)
        {
            long from = t2 + 2L * Math.Max(0, end - _spans.BurstCycles);
            Set(from, _layout.DataBus(ch, pc), CommandInfo.IsRead(r.Command) ? DqRead : DqWrite);
            Set(t2 + 2L * end, _layout.DataBus(ch, pc), DqIdle);
        }
        var spec = CommandTable.Get(r.Command);
        if (spec.Effect == RowEffect.None) return;
        var (first, count) = TargetBanks.Of(spec.Target, r.Bank, _layout.Org);
        long at = spec.Effect == RowEffect.AutoPrecharge ? t2 + 2L * _spans.Span(r.Command) : t2;
        for (int b = first; b < first + count; b++)
        {
            bool opens = spec.Effect == RowEffect.Opens;
            Set(at, _layout.Row(ch, pc, b), opens ? r.Row : -1);
            Set(at, _layout.Open(ch, pc, b), opens ? 1 : 0);
        }
    }
}
