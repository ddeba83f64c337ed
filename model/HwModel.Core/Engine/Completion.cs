namespace HwModel.Engine;

/// <summary>A finished transaction. Cycles are absolute simulation cycles of tCK.</summary>
public readonly record struct Completion(
    long Id, long Address, int SizeBytes, bool IsWrite, long ArrivalCycle, long AcceptCycle, long DoneCycle)
{
    /// <summary>Latency from entering the controller queues to the last data beat.</summary>
    public long LatencyCycles => DoneCycle - AcceptCycle;
}

/// <summary>Called when a transaction finishes. For reads with functional data, <paramref name="readData"/> holds the
/// bytes read (valid only during the call); otherwise it is empty.</summary>
public delegate void CompletionCallback(in Completion completion, ReadOnlySpan<byte> readData);
