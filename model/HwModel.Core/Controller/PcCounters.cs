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

    /// <summary>Visits every counter (see <see cref="Engine.IdleState"/>).</summary>
    public void VisitIdle(Engine.IdleState s)
    {
        s.Counts(Commands);
        s.Count(ref RowHits); s.Count(ref RowMisses); s.Count(ref RowConflicts);
        s.Count(ref ReadBursts); s.Count(ref WriteBursts);
        s.Count(ref ActiveCycles); s.Count(ref PrechargedCycles);
        s.Count(ref BanksRefreshedByPb);
    }
}
