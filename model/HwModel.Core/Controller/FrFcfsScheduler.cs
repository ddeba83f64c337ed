using System.Numerics;
using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>First-ready, first-come-first-served: row hits first (oldest hit first), then the oldest request's ACT or PRE.</summary>
public sealed class FrFcfsScheduler : IScheduler
{
    public int PickColumn(PseudoChannelController pc, long now, ref long wake, ref bool otherReady, out int prev)
    {
        prev = -1;
        ulong cand = pc.CurrentHitMask & ~pc.ColumnBlockedMask;
        if (cand == 0) return -1;
        ulong mask = cand & ~pc.Sleep.Mask;
        if (mask != cand && pc.Sleep.Min < wake) wake = pc.Sleep.Min;
        if (mask == 0) return -1;
        var cmd = pc.WriteMode ? Command.WR : Command.RD;
        long floor = pc.Timing.EarliestPc(cmd, pc.PcIndex);
        if (floor > now) { if (floor < wake) wake = floor; return -1; }
        var items = pc.Pool.Items;
        var queues = pc.CurrentQueues;
        int best = -1;
        long bestSeq = long.MaxValue;
        while (mask != 0)
        {
            int b = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            long e = pc.Timing.EarliestBankOnly(cmd, pc.PcIndex, b);
            if (e > now) { pc.Sleep.Sleep(b, e); if (e < wake) wake = e; continue; }
            e = pc.Timing.Earliest(cmd, pc.PcIndex, b);
            if (e > now) { pc.Sleep.Sleep(b, e); if (e < wake) wake = e; continue; }
            int open = pc.OpenRow[b];
            int p = -1, i = queues[b].Head;
            while (items[i].Row != open) { p = i; i = items[i].Next; }
            if (best >= 0) otherReady = true;
            if (items[i].Seq < bestSeq) { best = i; prev = p; bestSeq = items[i].Seq; }
        }
        return best;
    }

    public int PickRow(PseudoChannelController pc, long now, ref long wakeAct, ref long wakePre, ref bool otherReady, out Command cmd, out int row)
    {
        cmd = Command.ACT; row = 0;
        // banks whose current-direction requests all miss the open row (or whose bank is closed), not reserved
        ulong cand = pc.CurrentMask & ~pc.CurrentHitMask & ~pc.ActBlockedMask;
        if (cand == 0) return -1;
        ulong mask = cand & ~pc.Sleep.Mask;
        if (mask != cand && pc.Sleep.Min < wakePre) wakePre = pc.Sleep.Min;
        if (mask == 0) return -1;
        long actFloor = pc.Timing.EarliestPc(Command.ACT, pc.PcIndex);
        if (actFloor > now)
        {
            // no ACT can issue before actFloor: closed banks sleep until then, open banks are PRE candidates
            ulong closed = mask & ~pc.OpenMask;
            for (ulong m = closed; m != 0; m &= m - 1) pc.Sleep.Sleep(BitOperations.TrailingZeroCount(m), actFloor);
            if (closed != 0 && actFloor < wakeAct) wakeAct = actFloor;
            mask &= pc.OpenMask;
        }
        var items = pc.Pool.Items;
        var queues = pc.CurrentQueues;
        int best = -1;
        long bestSeq = long.MaxValue;
        while (mask != 0)
        {
            int b = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            var c = pc.OpenRow[b] < 0 ? Command.ACT : Command.PRE;
            ref long w = ref c == Command.ACT ? ref wakeAct : ref wakePre;
            long e = pc.Timing.EarliestBankOnly(c, pc.PcIndex, b);
            if (e > now) { pc.Sleep.Sleep(b, e); if (e < w) w = e; continue; }
            e = pc.Timing.Earliest(c, pc.PcIndex, b);
            // every level's earliest-issue value only grows, so this stays a lower bound until the bank's next command changes
            if (e > now) { pc.Sleep.Sleep(b, e); if (e < w) w = e; continue; }
            if (best >= 0) otherReady = true;
            ref var q = ref queues[b];
            if (q.HeadSeq >= bestSeq) continue;
            best = b; cmd = c; row = q.HeadRow; bestSeq = q.HeadSeq;
        }
        return best;
    }
}
