using HwModel.Spec;

namespace HwModel.Controller.Scheduling;

/// <summary>
/// Runs an <see cref="ISimpleScheduler"/> under the controller's <see cref="IScheduler"/> protocol: the chosen
/// request's next command is issued when legal now, and the controller is told to look again next cycle whenever
/// anything is queued (no exact wake-ups: simple, never wrong, slower than the optimised FR-FCFS).
/// </summary>
public sealed class SimpleSchedulerAdapter(ISimpleScheduler inner) : IScheduler
{
    public ISimpleScheduler Inner => inner;

    public int PickColumn(PseudoChannelController pc, long now, ref long wake, ref bool otherReady, out int prev)
    {
        otherReady = true;
        prev = -1;
        int i = inner.Choose(pc, now);
        if (i < 0) return -1;
        ref readonly var r = ref pc.Pool.Items[i];
        int b = r.Bank;
        if (pc.OpenRow[b] != r.Row || (pc.ColumnBlockedMask & (1UL << b)) != 0) return -1;
        long e = pc.Timing.Earliest(pc.WriteMode ? Command.WR : Command.RD, pc.PcIndex, b);
        if (e > now) { if (e < wake) wake = e; return -1; }
        prev = Predecessor(pc, b, i);
        return i;
    }

    public int PickRow(PseudoChannelController pc, long now, ref long wakeAct, ref long wakePre, ref bool otherReady,
        out Command cmd, out int row)
    {
        otherReady = true;
        cmd = Command.ACT;
        row = 0;
        int i = inner.Choose(pc, now);
        if (i < 0) return -1;
        ref readonly var r = ref pc.Pool.Items[i];
        int b = r.Bank;
        if ((pc.ActBlockedMask & (1UL << b)) != 0) return -1;
        int open = pc.OpenRow[b];
        row = r.Row;
        if (open == row) return -1;
        cmd = open < 0 ? Command.ACT : Command.PRE;
        long e = pc.Timing.Earliest(cmd, pc.PcIndex, b);
        if (e > now) { if (e < wakePre) wakePre = e; return -1; }
        return b;
    }

    /// <summary>The request before <paramref name="idx"/> in its bank's queue (-1 for the head).</summary>
    private static int Predecessor(PseudoChannelController pc, int bank, int idx)
    {
        var items = pc.Pool.Items;
        int prev = -1;
        for (int j = pc.CurrentQueues[bank].Head; j >= 0 && j != idx; j = items[j].Next) prev = j;
        return prev;
    }
}
