namespace HwModel.Controller;

/// <summary>One column access (one burst) waiting in a controller queue. Lives in a pooled array; never boxed.</summary>
public struct BurstRequest
{
    public long Seq;          // global arrival order, for oldest-first
    public long Arrival;      // earliest cycle it may enter the controller queues
    public int Txn;           // owning transaction slot
    public int Row;
    public int Column;
    public int Bank;          // flat bank within the pseudo-channel
    public int Next;          // next request in the same bank list, -1 at the tail
    public bool IsWrite;
}

/// <summary>A growable pool of <see cref="BurstRequest"/> slots with a free list: no allocation in steady state.</summary>
public sealed class RequestPool
{
    public BurstRequest[] Items = new BurstRequest[1024];
    private int[] _free = new int[1024];
    private int _freeCount;
    private int _used;

    public int Rent()
    {
        if (_freeCount > 0) return _free[--_freeCount];
        if (_used == Items.Length)
        {
            Array.Resize(ref Items, Items.Length * 2);
            Array.Resize(ref _free, Items.Length);
        }
        return _used++;
    }

    public void Return(int i) => _free[_freeCount++] = i;
}
