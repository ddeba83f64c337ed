namespace HwModel.Controller;

/// <summary>
/// Owns a pseudo-channel's refresh obligation: counts owed refreshes, postpones them while traffic is pending (up to
/// the postpone limit), reserves banks and issues PRE/PREA/REFab/REFpb through the controller.
/// </summary>
public interface IRefreshManager
{
    /// <summary>Banks that must not be activated (reserved for a pending refresh).</summary>
    ulong ActBlockedMask { get; }
    /// <summary>Banks that must not take further column commands (a forced refresh is closing them).</summary>
    ulong ColumnBlockedMask { get; }
    /// <summary>Called at the start of every controller tick; may issue one row command. Lowers <paramref name="wake"/>.</summary>
    void Tick(PseudoChannelController pc, long now, ref long wake);
    /// <summary>Refreshes owed right now.</summary>
    int Owed { get; }
    /// <summary>Cycles after which an idle pseudo-channel's refresh repeats itself (a whole round), or 0 for
    /// none.</summary>
    long IdlePeriodCycles { get; }
    /// <summary>Visits the manager's state for the closed-form idle skip (see <see
    /// cref="Engine.IdleState"/>).</summary>
    void VisitIdle(Engine.IdleState s);
}

/// <summary>No refresh (for peak-bandwidth studies).</summary>
public sealed class NoRefresh : IRefreshManager
{
    public ulong ActBlockedMask => 0;
    public ulong ColumnBlockedMask => 0;
    public int Owed => 0;
    public long IdlePeriodCycles => 0;
    public void VisitIdle(Engine.IdleState s) { }
    public void Tick(PseudoChannelController pc, long now, ref long wake) { }
}
