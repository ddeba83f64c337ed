namespace HwModel.Controller.Scheduling;

/// <summary>
/// Strict oldest-first, written against the one-method contract: the example a newcomer starts from. It makes the
/// same choices as the built-in FCFS, and a property test holds their schedules identical.
/// </summary>
public sealed class OldestFirstScheduler : ISimpleScheduler
{
    public int Choose(ISchedulerView view, long now)
    {
        int best = -1;
        long bestSeq = long.MaxValue;
        for (ulong m = view.PendingBanks; m != 0; m &= m - 1)
        {
            int h = view.QueueHead(System.Numerics.BitOperations.TrailingZeroCount(m));
            if (h >= 0 && view.Request(h).Seq < bestSeq) { best = h; bestSeq = view.Request(h).Seq; }
        }
        return best;
    }
}
