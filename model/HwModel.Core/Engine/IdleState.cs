namespace HwModel.Engine;

/// <summary>
/// A visitor over every value of the model's state that an idle stretch can change, used to advance idle refresh in
/// closed form: the state is recorded twice, one refresh period apart, checked to be periodic and then moved on by
/// whole periods.
/// </summary>
/// <remarks>
/// Each component visits its values in a fixed order, each with its kind. A cycle value must have moved by exactly
/// the period (it then moves by the periods skipped), or stayed where it was in the past, or be "never"; a count moves
/// on by its change per period times the periods skipped; any other value must not have changed. If one value breaks
/// its rule the state is not yet periodic and nothing is changed. Stepping from a state whose every value obeys its
/// rule repeats the last period shifted in time (no decision depends on anything else), which is why the result
/// equals stepping through the whole stretch; a property test compares the two.
/// </remarks>
public sealed class IdleState
{
    private enum Kind : byte { Cycle, HalfCycle, Count, Exact }

    private enum Mode : byte { First, Second, Apply }

    private long[] _first = new long[1024], _second = new long[1024];
    private Kind[] _kind = new Kind[1024];
    private int _n, _i;
    private Mode _mode;
    private long _period, _periods, _pastLimit;

    /// <summary>True while the skip writes the new state (components rebase their stored offsets then).</summary>
    public bool Applying => _mode == Mode.Apply;

    /// <summary>The clock after the skip (valid while <see cref="Applying"/>).</summary>
    public long NewNow { get; private set; }

    /// <summary>Starts recording the state at the start of a period that begins at <paramref name="start"/>.</summary>
    public void BeginFirst(long start)
    {
        _mode = Mode.First;
        _n = 0;
        _pastLimit = start;
    }

    /// <summary>Starts recording the state one period later.</summary>
    public void BeginSecond() { _mode = Mode.Second; _i = 0; }

    /// <summary>Whether both records obey every rule for <paramref name="period"/> cycles.</summary>
    public bool IsPeriodic(long period)
    {
        if (_i != _n) return false;
        for (int i = 0; i < _n; i++)
        {
            long a = _first[i], b = _second[i];
            switch (_kind[i])
            {
                case Kind.Cycle:
                case Kind.HalfCycle:
                    long scale = _kind[i] == Kind.HalfCycle ? 2 : 1;
                    if (b - a == period * scale) break;
                    if (a == b && (a <= _pastLimit * scale || a == long.MaxValue)) break;
                    return false;
                case Kind.Exact:
                    if (a != b) return false;
                    break;
            }
        }
        return true;
    }

    /// <summary>Starts writing the state <paramref name="periods"/> periods on from the second record.</summary>
    public void BeginApply(long period, long periods, long newNow)
    {
        _mode = Mode.Apply;
        _i = 0;
        _period = period;
        _periods = periods;
        NewNow = newNow;
    }

    /// <summary>A cycle (event, earliest issue, last use).</summary>
    public void Cycle(ref long v) => Visit(ref v, Kind.Cycle);

    /// <summary>A half-cycle position (the row bus).</summary>
    public void HalfCycle(ref long v) => Visit(ref v, Kind.HalfCycle);

    /// <summary>A counter that grows by the same amount every period.</summary>
    public void Count(ref long v) => Visit(ref v, Kind.Count);

    /// <summary>A value that must repeat unchanged from one period to the next.</summary>
    public void Exact(long v)
    {
        long x = v;
        Visit(ref x, Kind.Exact);
    }

    /// <summary>Every element of a cycle array.</summary>
    public void Cycles(long[] a)
    {
        for (int i = 0; i < a.Length; i++) Cycle(ref a[i]);
    }

    /// <summary>Every element of a counter array.</summary>
    public void Counts(long[] a)
    {
        for (int i = 0; i < a.Length; i++) Count(ref a[i]);
    }

    /// <summary>Every element of an array that must repeat unchanged.</summary>
    public void Exacts(int[] a)
    {
        foreach (var v in a) Exact(v);
    }

    /// <summary>Every element of an array that must repeat unchanged.</summary>
    public void Exacts(bool[] a)
    {
        foreach (var v in a) Exact(v ? 1 : 0);
    }

    private void Visit(ref long v, Kind kind)
    {
        switch (_mode)
        {
            case Mode.First:
                if (_n == _first.Length)
                {
                    Array.Resize(ref _first, _n * 2);
                    Array.Resize(ref _second, _n * 2);
                    Array.Resize(ref _kind, _n * 2);
                }
                _first[_n] = v;
                _kind[_n++] = kind;
                break;
            case Mode.Second:
                if (_i < _n) _second[_i] = v;
                _i++;
                break;
            default:
                int i = _i++;
                long a = _first[i], b = _second[i];
                switch (_kind[i])
                {
                    case Kind.Cycle: if (b - a == _period) v = b + _periods * _period; break;
                    case Kind.HalfCycle: if (b - a == 2 * _period) v = b + 2 * _periods * _period; break;
                    case Kind.Count: v = b + _periods * (b - a); break;
                }
                break;
        }
    }
}
