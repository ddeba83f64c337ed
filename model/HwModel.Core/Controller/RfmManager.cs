using System.Numerics;
using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>
/// Refresh management (HBM3 RFM): counts activations per bank; when a bank reaches the threshold it is closed and
/// receives an RFM, which resets its count.
/// </summary>
public sealed class RfmManager(int threshold, int banks)
{
    private readonly int[] _acts = new int[banks];
    private ulong _pending;

    public ulong BlockedMask => _pending;

    public void OnActivate(int bank)
    {
        if (threshold > 0 && ++_acts[bank] >= threshold) _pending |= 1UL << bank;
    }

    public void Tick(PseudoChannelController pc, long now, ref long wake)
    {
        if (_pending == 0) return;
        int b = BitOperations.TrailingZeroCount(_pending);
        if (pc.OpenRow[b] >= 0) { pc.TryIssueRow(Command.PRE, b, 0, now, ref wake); return; }
        if (pc.TryIssueRow(Command.RFM, b, 0, now, ref wake))
        {
            _acts[b] = 0;
            _pending &= ~(1UL << b);
        }
    }
}
