namespace HwModel.Controller;

/// <summary>A FIFO of requests for one bank, linked through <see cref="BurstRequest.Next"/>.</summary>
public struct BankQueue
{
    public int Head;
    public int Tail;
    public int Count;

    public static BankQueue Empty => new() { Head = -1, Tail = -1 };

    public void Append(BurstRequest[] items, int idx)
    {
        items[idx].Next = -1;
        if (Tail < 0) Head = idx; else items[Tail].Next = idx;
        Tail = idx;
        Count++;
    }

    /// <summary>Removes <paramref name="idx"/>, whose predecessor in the list is <paramref name="prev"/> (-1 for the head).</summary>
    public void Remove(BurstRequest[] items, int idx, int prev)
    {
        int next = items[idx].Next;
        if (prev < 0) Head = next; else items[prev].Next = next;
        if (Tail == idx) Tail = prev;
        Count--;
    }
}
