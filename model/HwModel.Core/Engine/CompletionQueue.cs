namespace HwModel.Engine;

/// <summary>
/// Pending burst completions. Every read completes a fixed nCL + nBL after its RD and every write a fixed
/// nCWL + nBL after its WR, and commands issue in non-decreasing time, so each kind forms a FIFO already sorted by
/// cycle: two ring buffers replace a heap (O(1), no allocation in steady state). Ties go to reads first, then in issue
/// order, so completion order is deterministic.
/// </summary>
public sealed class CompletionQueue
{
    private struct Ring
    {
        public long[] Cycle;
        public int[] Item;
        public int Head, Count;

        public Ring() { Cycle = new long[256]; Item = new int[256]; }

        public void Push(long cycle, int item)
        {
            if (Count == Cycle.Length)
            {
                var c = new long[Count * 2]; var it = new int[Count * 2];
                for (int i = 0; i < Count; i++) { c[i] = Cycle[(Head + i) % Count]; it[i] = Item[(Head + i) % Count]; }
                Cycle = c; Item = it; Head = 0;
            }
            int at = (Head + Count++) & (Cycle.Length - 1);
            if (Count > 1 && cycle < Cycle[(at - 1) & (Cycle.Length - 1)])
                throw new InvalidOperationException("completion out of order (model bug)");
            Cycle[at] = cycle; Item[at] = item;
        }

        public readonly long Top => Count > 0 ? Cycle[Head] : long.MaxValue;

        public int Pop()
        {
            int it = Item[Head];
            Head = (Head + 1) & (Cycle.Length - 1);
            Count--;
            return it;
        }
    }

    private Ring _reads = new(), _writes = new();

    public int Count => _reads.Count + _writes.Count;
    public long TopCycle => Math.Min(_reads.Top, _writes.Top);

    public void Push(long cycle, int item, bool isWrite)
    {
        if (isWrite) _writes.Push(cycle, item); else _reads.Push(cycle, item);
    }

    /// <summary>Removes the earliest completion if it is due by <paramref name="now"/> (reads first on a tie).</summary>
    public bool TryPopDue(long now, out int item)
    {
        long r = _reads.Top, w = _writes.Top;
        if (r <= w) { if (r <= now) { item = _reads.Pop(); return true; } }
        else if (w <= now) { item = _writes.Pop(); return true; }
        item = -1;
        return false;
    }

    /// <summary>Removes the earliest completion (reads first on a tie).</summary>
    public int Pop() => _reads.Top <= _writes.Top ? _reads.Pop() : _writes.Pop();
}
