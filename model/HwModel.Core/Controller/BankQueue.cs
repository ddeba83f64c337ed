namespace HwModel.Controller;

/// <summary>A FIFO of requests for one bank, linked through <see cref="BurstRequest.Next"/>. The head's arrival
/// sequence and row are cached here so that schedulers need not touch the request pool to rank banks.</summary>
public struct BankQueue
{
    public int Head;
    public int Tail;
    public int Count;
    public int HeadRow;
    public bool HeadIsWrite;
    public long HeadSeq;
    public long HeadArrival;

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
        Head = idx; HeadSeq = r.Seq; HeadRow = r.Row; HeadArrival = r.Arrival; HeadIsWrite = r.IsWrite;
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
