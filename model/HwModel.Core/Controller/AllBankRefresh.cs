using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>
/// All-bank refresh: one REFab per nREFI. A refresh is issued early when the pseudo-channel is idle, postponed while
/// traffic is pending, and forced (blocking new ACTs and column commands, PREA, REFab) once more than the postpone
/// limit are owed.
/// </summary>
public sealed class AllBankRefresh(long intervalCycles, int postponeLimit) : IRefreshManager
{
    private RefreshClock _clock = new(intervalCycles, postponeLimit);
    private bool _draining;

    public int Owed => _clock.Owed;
    public ulong ActBlockedMask { get; private set; }
    public ulong ColumnBlockedMask { get; private set; }
    public long IdlePeriodCycles => _clock.Interval;

    public void VisitIdle(Engine.IdleState s)
    {
        _clock.VisitIdle(s);
        s.Exact(_draining ? 1 : 0);
        s.Exact((long)ActBlockedMask);
        s.Exact((long)ColumnBlockedMask);
    }

    public void Tick(PseudoChannelController pc, long now, ref long wake)
    {
        if (!_clock.Accrue(now, ref wake, out bool forced)) return;
        if (!_draining && !forced && pc.QueuedCount > 0) return;
        _draining = true;
        ActBlockedMask = pc.AllBanksMask;
        ColumnBlockedMask = forced ? pc.AllBanksMask : 0;
        if (pc.OpenBankCount > 0)
        {
            pc.TryIssueRow(Command.PREA, 0, 0, now, ref wake);
            return;
        }
        if (pc.TryIssueRow(Command.REFab, 0, 0, now, ref wake))
        {
            _clock.Owed--;
            _draining = false;
            ActBlockedMask = ColumnBlockedMask = 0;
        }
    }
}
