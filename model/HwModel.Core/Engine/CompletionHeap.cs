namespace HwModel.Engine;

/// <summary>A binary min-heap of (cycle, request) pairs; arrays grow, never shrink: no steady-state allocation.</summary>
public sealed class CompletionHeap
{
    private long[] _cycle = new long[256];
    private int[] _item = new int[256];
    private long[] _seq = new long[256];
    private long _nextSeq;

    public int Count { get; private set; }
    public long TopCycle => Count > 0 ? _cycle[0] : long.MaxValue;

    public void Push(long cycle, int item)
    {
        if (Count == _cycle.Length)
        {
            Array.Resize(ref _cycle, Count * 2); Array.Resize(ref _item, Count * 2); Array.Resize(ref _seq, Count * 2);
        }
        int i = Count++;
        long s = _nextSeq++;
        while (i > 0)
        {
            int p = (i - 1) >> 1;
            if (Less(_cycle[p], _seq[p], cycle, s)) break;
            _cycle[i] = _cycle[p]; _item[i] = _item[p]; _seq[i] = _seq[p];
            i = p;
        }
        _cycle[i] = cycle; _item[i] = item; _seq[i] = s;
    }

    public int Pop()
    {
        int top = _item[0];
        int n = --Count;
        long c = _cycle[n], s = _seq[n]; int it = _item[n];
        int i = 0;
        while (true)
        {
            int l = 2 * i + 1;
            if (l >= n) break;
            int r = l + 1;
            int m = r < n && Less(_cycle[r], _seq[r], _cycle[l], _seq[l]) ? r : l;
            if (Less(c, s, _cycle[m], _seq[m])) break;
            _cycle[i] = _cycle[m]; _item[i] = _item[m]; _seq[i] = _seq[m];
            i = m;
        }
        _cycle[i] = c; _item[i] = it; _seq[i] = s;
        return top;
    }

    // ties broken by insertion order, so completion order is deterministic
    private static bool Less(long c1, long s1, long c2, long s2) => c1 < c2 || (c1 == c2 && s1 < s2);
}
