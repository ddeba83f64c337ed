using HwModel.Spec;

namespace HwModel.Controller.Scheduling;

/// <summary>
/// What a scheduler may see of one pseudo-channel's controller, read-only: the queued requests of the direction
/// being served (per bank, oldest first), each bank's open row, the banks refresh has reserved, and the timing
/// table's earliest cycle for a command. Nothing here changes the controller.
/// </summary>
public interface ISchedulerView
{
    /// <summary>True while the controller drains writes (the queues shown are the write queues).</summary>
    bool WriteMode { get; }

    /// <summary>Banks per pseudo-channel (bank indices are 0 .. Banks - 1).</summary>
    int Banks { get; }

    /// <summary>Bit b set: bank b has queued requests of the current direction.</summary>
    ulong PendingBanks { get; }

    /// <summary>The oldest queued request of bank <paramref name="bank"/> (current direction), or -1.</summary>
    int QueueHead(int bank);

    /// <summary>The request after <paramref name="request"/> in its bank's queue, or -1.</summary>
    int NextInQueue(int request);

    /// <summary>A queued request (arrival order <c>Seq</c>, <c>Row</c>, <c>Column</c>, <c>Bank</c>,
    /// <c>IsWrite</c>).</summary>
    ref readonly BurstRequest Request(int request);

    /// <summary>The bank's open row, or -1 when it is closed.</summary>
    int OpenRowOf(int bank);

    /// <summary>Banks that must not be activated now (reserved for refresh or RFM).</summary>
    ulong ActBlockedBanks { get; }

    /// <summary>Banks that must not take column commands now (a forced refresh is closing them).</summary>
    ulong ColumnBlockedBanks { get; }

    /// <summary>The earliest cycle the timing table lets <paramref name="cmd"/> issue to <paramref
    /// name="bank"/>.</summary>
    long EarliestIssue(Command cmd, int bank);
}
