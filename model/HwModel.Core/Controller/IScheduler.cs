using HwModel.Spec;

namespace HwModel.Controller;

/// <summary>
/// Chooses, each cycle, which queued request a pseudo-channel serves next. Implementations see the controller's
/// bank queues and timing state; they never issue commands themselves.
/// </summary>
public interface IScheduler
{
    /// <summary>A request whose column command (RD/WR) can issue at <paramref name="now"/>, or -1. <paramref name="prev"/>
    /// receives its predecessor in the bank list. Lowers <paramref name="wake"/> to the earliest cycle a candidate becomes ready.
    /// Sets <paramref name="otherReady"/> when a candidate other than the one returned may be ready now (the controller
    /// then looks again next cycle instead of sleeping until <paramref name="wake"/>).</summary>
    int PickColumn(PseudoChannelController pc, long now, ref long wake, ref bool otherReady, out int prev);

    /// <summary>A bank that should get a row command (ACT or PRE) now, or -1. Not-ready ACT candidates lower
    /// <paramref name="wakeAct"/>, PRE candidates <paramref name="wakePre"/> (kept apart so that the controller can raise
    /// each to its pseudo-channel floor after issuing).</summary>
    int PickRow(PseudoChannelController pc, long now, ref long wakeAct, ref long wakePre, ref bool otherReady, out Command cmd, out int row);
}
