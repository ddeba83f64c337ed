using System.Numerics;
using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>First-ready, first-come-first-served: row hits first (oldest hit first), then the oldest request's ACT or PRE.</summary>
public sealed class FrFcfsScheduler : IScheduler
{
    public int PickColumn(PseudoChannelController pc, long now, ref long wake, out int prev)
    {
        var items = pc.Pool.Items;
        var queues = pc.CurrentQueues;
        ulong mask = pc.CurrentMask & ~pc.ColumnBlockedMask;
        var cmd = pc.WriteMode ? Command.WR : Command.RD;
        int best = -1; prev = -1;
        long bestSeq = long.MaxValue;
        while (mask != 0)
        {
            int b = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            int open = pc.OpenRow[b];
            if (open < 0) continue;
            int p = -1, i = queues[b].Head;
            while (i >= 0 && items[i].Row != open) { p = i; i = items[i].Next; }
            if (i < 0 || items[i].Seq >= bestSeq) continue;
            long e = pc.Timing.Earliest(cmd, pc.PcIndex, b);
            if (e > now) { if (e < wake) wake = e; continue; }
            best = i; prev = p; bestSeq = items[i].Seq;
        }
        return best;
    }

    public int PickRow(PseudoChannelController pc, long now, ref long wake, out Command cmd, out int row)
    {
        var items = pc.Pool.Items;
        var queues = pc.CurrentQueues;
        ulong mask = pc.CurrentMask & ~pc.ActBlockedMask;
        int best = -1; cmd = Command.ACT; row = 0;
        long bestSeq = long.MaxValue;
        while (mask != 0)
        {
            int b = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            int head = queues[b].Head;
            if (items[head].Seq >= bestSeq) continue;
            int open = pc.OpenRow[b];
            Command c;
            if (open < 0) c = Command.ACT;
            else
            {
                if (pc.HasRowHit(queues[b], open)) continue; // the column side will serve it
                c = Command.PRE;
            }
            long e = pc.Timing.Earliest(c, pc.PcIndex, b);
            if (e > now) { if (e < wake) wake = e; continue; }
            best = b; cmd = c; row = items[head].Row; bestSeq = items[head].Seq;
        }
        return best;
    }
}
