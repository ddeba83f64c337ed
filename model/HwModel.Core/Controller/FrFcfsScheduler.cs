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
        // Oldest first, by the bank's oldest request (a lower bound of its oldest hit): once that bound reaches the
        // best ready hit found, no bank left can beat it and none of them needs a timing lookup (whether any of them
        // is ready is left open: the controller looks again next cycle).
        while (mask != 0)
        {
            int b = -1;
            long bound = long.MaxValue;
            for (ulong m = mask; m != 0; m &= m - 1)
            {
                int x = BitOperations.TrailingZeroCount(m);
                long s = queues[x].HeadSeq;
                if (s < bound) { bound = s; b = x; }
            }
            if (bound >= bestSeq) { otherReady = true; break; }
            mask &= ~(1UL << b);
            long e = pc.Timing.EarliestBankOnly(cmd, pc.PcIndex, b);
            if (e > now) { pc.Sleep.Sleep(b, e, false); if (e < wake) wake = e; continue; }
            e = pc.Timing.Earliest(cmd, pc.PcIndex, b);
            if (e > now) { pc.Sleep.Sleep(b, e, false); if (e < wake) wake = e; continue; }
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
            // no ACT can issue before actFloor: closed banks wait for it (no per-bank look), open banks are PRE candidates
            if ((mask & ~pc.OpenMask) != 0 && actFloor < wakeAct) wakeAct = actFloor;
            mask &= pc.OpenMask;
        }
        // Every level's earliest-issue value only grows, so a sleep cycle stays a lower bound until the bank's next
        // command changes (which wakes it). First the bank-level look (one read) for every candidate; then the full
        // look for those that pass, oldest first: the first ready one is the answer, and the younger ones need no
        // full look (if any remain, the controller looks again next cycle).
        ulong pass = mask & pc.RowPass; // passed before, and nothing issued to them since
        for (mask &= ~pc.RowPass; mask != 0; mask &= mask - 1)
        {
            int b = BitOperations.TrailingZeroCount(mask);
            var c = (pc.OpenMask & (1UL << b)) == 0 ? Command.ACT : Command.PRE;
            long e = pc.Timing.EarliestBankOnly(c, pc.PcIndex, b);
            if (e <= now) { pass |= 1UL << b; continue; }
            pc.Sleep.Sleep(b, e, true);
            if (c == Command.ACT) { if (e < wakeAct) wakeAct = e; }
            else if (e < wakePre) wakePre = e;
        }
        pc.RowPass |= pass;
        if (pc.PreHasPcFloor && (pass & pc.OpenMask) != 0)
        {
            // open banks want PRE: while the pseudo-channel's PRE floor (tPPD) is ahead, none can go
            long preFloor = pc.Timing.EarliestPc(Command.PRE, pc.PcIndex);
            if (preFloor > now)
            {
                pass &= ~pc.OpenMask;
                if (preFloor < wakePre) wakePre = preFloor;
            }
        }
        var queues = pc.CurrentQueues;
        while (pass != 0)
        {
            int b = BitOperations.TrailingZeroCount(pass);
            long oldest = queues[b].HeadSeq;
            for (ulong m = pass & (pass - 1); m != 0; m &= m - 1)
            {
                int x = BitOperations.TrailingZeroCount(m);
                long s = queues[x].HeadSeq;
                if (s < oldest) { oldest = s; b = x; }
            }
            pass &= ~(1UL << b);
            var c = (pc.OpenMask & (1UL << b)) == 0 ? Command.ACT : Command.PRE;
            long e = pc.Timing.Earliest(c, pc.PcIndex, b);
            if (e > now)
            {
                pc.Sleep.Sleep(b, e, true);
                if (c == Command.ACT) { if (e < wakeAct) wakeAct = e; }
                else if (e < wakePre) wakePre = e;
                continue;
            }
            if (pass != 0) otherReady = true;
            cmd = c; row = queues[b].HeadRow;
            return b;
        }
        return -1;
    }
}
