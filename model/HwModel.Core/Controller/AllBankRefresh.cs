using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>
/// All-bank refresh: one REFab per nREFI. A refresh is issued early when the pseudo-channel is idle, postponed while
/// traffic is pending, and forced (blocking new ACTs and column commands, PREA, REFab) once more than the postpone
/// limit are owed.
/// </summary>
public sealed class AllBankRefresh(long intervalCycles, int postponeLimit) : IRefreshManager
{
    private readonly long _interval = intervalCycles;
    private long _nextDue = intervalCycles;
    private bool _draining;

    public int Owed { get; private set; }
    public ulong ActBlockedMask { get; private set; }
    public ulong ColumnBlockedMask { get; private set; }

    public void Tick(PseudoChannelController pc, long now, ref long wake)
    {
        while (now >= _nextDue) { Owed++; _nextDue += _interval; }
        if (_nextDue < wake) wake = _nextDue;
        if (Owed == 0) return;
        bool forced = Owed > postponeLimit;
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
            Owed--;
            _draining = false;
            ActBlockedMask = ColumnBlockedMask = 0;
        }
    }
}
