using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>Per-pseudo-channel event counters (plain fields, updated on the hot path without allocation).</summary>
public sealed class PcCounters
{
    public readonly long[] Commands = new long[CommandInfo.Count];
    public long RowHits, RowMisses, RowConflicts;
    public long ReadBursts, WriteBursts;
    public long ActiveCycles, PrechargedCycles;
    public long BanksRefreshedByPb; // REFpb count x 1 (bank refreshes)
}
