using System.Numerics;
using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>Strict first-come-first-served: only the oldest queued request of the current direction is served.</summary>
public sealed class FcfsScheduler : IScheduler
{
    private static int Oldest(PseudoChannelController pc, out int bank)
    {
        var items = pc.Pool.Items;
        var queues = pc.CurrentQueues;
        ulong mask = pc.CurrentMask;
        int best = -1; bank = -1;
        long bestSeq = long.MaxValue;
        while (mask != 0)
        {
            int b = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            int h = queues[b].Head;
            if (items[h].Seq < bestSeq) { best = h; bank = b; bestSeq = items[h].Seq; }
        }
        return best;
    }

    public int PickColumn(PseudoChannelController pc, long now, ref long wake, ref bool otherReady, out int prev)
    {
        otherReady = true; // the next-oldest request's readiness is unknown
        prev = -1;
        int i = Oldest(pc, out int b);
        if (i < 0 || pc.OpenRow[b] != pc.Pool.Items[i].Row || (pc.ColumnBlockedMask & (1UL << b)) != 0) return -1;
        long e = pc.Timing.Earliest(pc.WriteMode ? Command.WR : Command.RD, pc.PcIndex, b);
        if (e > now) { if (e < wake) wake = e; return -1; }
        return i;
    }

    public int PickRow(PseudoChannelController pc, long now, ref long wakeAct, ref long wakePre, ref bool otherReady, out Command cmd, out int row)
    {
        otherReady = true;
        cmd = Command.ACT; row = 0;
        int i = Oldest(pc, out int b);
        if (i < 0 || (pc.ActBlockedMask & (1UL << b)) != 0) return -1;
        int open = pc.OpenRow[b];
        row = pc.Pool.Items[i].Row;
        if (open == row) return -1;
        cmd = open < 0 ? Command.ACT : Command.PRE;
        long e = pc.Timing.Earliest(cmd, pc.PcIndex, b);
        if (e > now) { if (e < wakePre) wakePre = e; return -1; }
        return b;
    }
}
