using System.Numerics;
using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>
/// Per-bank refresh: one REFpb every nREFI / banks, each bank once per round (every nREFI). Idle banks are chosen
/// first so that traffic to other banks continues; a bank with pending traffic is taken only when the refresh is
/// forced (more than the postpone limit owed). Among idle banks the one most recently accessed is taken: traffic has
/// just moved away from it, so it is the least likely to be needed during its tRFCpb.
/// </summary>
public sealed class PerBankRefresh(long intervalCycles, int postponeLimit, int banks) : IRefreshManager
{
    private readonly ulong _all = banks == 64 ? ulong.MaxValue : (1UL << banks) - 1;
    private RefreshClock _clock = new(intervalCycles, postponeLimit);
    private ulong _doneThisRound;
    private int _target = -1;

    public int Owed => _clock.Owed;
    public ulong ActBlockedMask { get; private set; }
    public ulong ColumnBlockedMask { get; private set; }
    /// <summary>A round: every bank once.</summary>
    public long IdlePeriodCycles => _clock.Interval * banks;

    public void VisitIdle(Engine.IdleState s)
    {
        _clock.VisitIdle(s);
        s.Exact((long)_doneThisRound);
        s.Exact(_target);
        s.Exact((long)ActBlockedMask);
        s.Exact((long)ColumnBlockedMask);
    }

    public void Tick(PseudoChannelController pc, long now, ref long wake)
    {
        if (!_clock.Accrue(now, ref wake, out bool forced)) return;
        ulong busy = pc.ReadMask | pc.WriteMask;
        if (_target >= 0 && !forced && (busy & (1UL << _target)) != 0 && (pc.OpenMask & (1UL << _target)) != 0)
            Release(); // traffic arrived for the chosen bank before it was closed: pick another
        if (_target < 0)
        {
            ulong candidates = _all & ~_doneThisRound;
            ulong idle = candidates & ~busy;
            if (idle != 0) _target = MostRecentlyUsed(pc, idle); // the bank traffic just left is the least likely to be needed next
            else if (forced) _target = BitOperations.TrailingZeroCount(candidates);
            else return;
        }
        ulong bit = 1UL << _target;
        ActBlockedMask = bit;
        ColumnBlockedMask = forced ? bit : 0;
        if ((pc.OpenMask & (1UL << _target)) != 0)
        {
            pc.TryIssueRow(Command.PRE, _target, 0, now, ref wake);
            return;
        }
        if (pc.TryIssueRow(Command.REFpb, _target, 0, now, ref wake))
        {
            _clock.Owed--;
            _doneThisRound |= bit;
            if (_doneThisRound == _all) _doneThisRound = 0;
            Release();
        }
    }

    private static int MostRecentlyUsed(PseudoChannelController pc, ulong mask)
    {
        int best = BitOperations.TrailingZeroCount(mask);
        for (ulong m = mask & (mask - 1); m != 0; m &= m - 1)
        {
            int b = BitOperations.TrailingZeroCount(m);
            if (pc.LastColumnCycle[b] > pc.LastColumnCycle[best]) best = b;
        }
        return best;
    }

    private void Release()
    {
        _target = -1;
        ActBlockedMask = ColumnBlockedMask = 0;
    }
}
