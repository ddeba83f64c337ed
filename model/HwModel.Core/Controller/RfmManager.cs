using System.Numerics;
using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>
/// Refresh management: counts activations per bank; when a bank reaches the threshold it is closed and receives
/// the configured per-bank refresh-management command (RFM, HBM3 on; DRFM, HBM4), which resets its count.
/// </summary>
public sealed class RfmManager(int threshold, int banks, RfmKind kind = RfmKind.RFM)
{
    private readonly int[] _acts = new int[banks];
    private readonly Command _cmd = kind == RfmKind.DRFM ? Command.DRFM : Command.RFM;
    private ulong _pending;

    public ulong BlockedMask => _pending;

    /// <summary>Visits the activation counts and pending banks (see <see cref="Engine.IdleState"/>).</summary>
    public void VisitIdle(Engine.IdleState s)
    {
        s.Exacts(_acts);
        s.Exact((long)_pending);
    }

    public void OnActivate(int bank)
    {
        if (threshold > 0 && ++_acts[bank] >= threshold) _pending |= 1UL << bank;
    }

    public void Tick(PseudoChannelController pc, long now, ref long wake)
    {
        if (_pending == 0) return;
        int b = BitOperations.TrailingZeroCount(_pending);
        if (pc.OpenRow[b] >= 0) { pc.TryIssueRow(Command.PRE, b, 0, now, ref wake); return; }
        if (pc.TryIssueRow(_cmd, b, 0, now, ref wake))
        {
            _acts[b] = 0;
            _pending &= ~(1UL << b);
        }
    }
}
