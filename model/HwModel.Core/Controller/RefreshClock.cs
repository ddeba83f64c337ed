namespace HwModel.Controller;

/// <summary>Owed-refresh bookkeeping shared by the refresh managers: one refresh falls due every interval; up to the
/// postpone limit may be owed before one is forced.</summary>
public struct RefreshClock(long intervalCycles, int postponeLimit)
{
    private readonly long _interval = intervalCycles;
    private readonly int _limit = postponeLimit;
    private long _nextDue = intervalCycles;
    public int Owed;

    /// <summary>The refresh interval.</summary>
    public readonly long Interval => _interval;

    /// <summary>Visits the due cycle and the refreshes owed (see <see cref="Engine.IdleState"/>).</summary>
    public void VisitIdle(Engine.IdleState s)
    {
        s.Cycle(ref _nextDue);
        s.Exact(Owed);
    }

    /// <summary>Counts the refreshes due by <paramref name="now"/>, lowers <paramref name="wake"/> to the next due
    /// cycle, and says whether any is owed and whether one must be forced.</summary>
    public bool Accrue(long now, ref long wake, out bool forced)
    {
        while (now >= _nextDue) { Owed++; _nextDue += _interval; }
        if (_nextDue < wake) wake = _nextDue;
        forced = Owed > _limit;
        return Owed > 0;
    }
}
