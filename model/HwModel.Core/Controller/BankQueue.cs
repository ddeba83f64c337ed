namespace HwModel.Controller;

/// <summary>A FIFO of requests for one bank, linked through <see cref="BurstRequest.Next"/>. The head's arrival
/// sequence and row are cached here so that schedulers need not touch the request pool to rank banks. 24 bytes: a
/// pseudo-channel's 32 queues of one direction fit 12 cache lines (the schedulers rank every candidate bank).</summary>
public struct BankQueue
{
    public int Head;
    public int Tail;
    public int Count;
    public int HeadRow;
    public long HeadSeq;

    public static BankQueue Empty => new() { Head = -1, Tail = -1 };

    public void Append(BurstRequest[] items, int idx)
    {
        items[idx].Next = -1;
        if (Tail < 0) SetHead(items, idx);
        else items[Tail].Next = idx;
        Tail = idx;
        Count++;
    }

    private void SetHead(BurstRequest[] items, int idx)
    {
        ref var r = ref items[idx];
        Head = idx; HeadSeq = r.Seq; HeadRow = r.Row;
    }

    /// <summary>Removes <paramref name="idx"/>, whose predecessor in the list is <paramref name="prev"/> (-1 for the head).</summary>
    public void Remove(BurstRequest[] items, int idx, int prev)
    {
        int next = items[idx].Next;
        if (prev < 0)
        {
            Head = next;
            if (next >= 0) SetHead(items, next);
        }
        else items[prev].Next = next;
        if (Tail == idx) Tail = prev;
        Count--;
    }
}

/// <summary>The front-end list of one pseudo-channel: bursts in submission order, waiting for their arrival cycle and
/// for room in the controller's queues. The head's arrival cycle and direction are cached here.</summary>
public struct StagingQueue
{
    private BankQueue _list;
    public long HeadArrival;
    public bool HeadIsWrite;

    public static StagingQueue Empty => new() { _list = BankQueue.Empty };

    public readonly int Head => _list.Head;
    public readonly int Count => _list.Count;

    public void Append(BurstRequest[] items, int idx)
    {
        bool wasEmpty = _list.Head < 0;
        _list.Append(items, idx);
        if (wasEmpty) CacheHead(items);
    }

    /// <summary>Removes the head.</summary>
    public void RemoveHead(BurstRequest[] items)
    {
        _list.Remove(items, _list.Head, -1);
        if (_list.Head >= 0) CacheHead(items);
    }

    private void CacheHead(BurstRequest[] items)
    {
        ref var r = ref items[_list.Head];
        HeadArrival = r.Arrival; HeadIsWrite = r.IsWrite;
    }
}
