namespace HwModel.Controller.Scheduling;

/// <summary>
/// The one-method scheduler contract a newcomer implements. Whenever the controller may issue, it calls
/// <see cref="Choose"/>; the answer is the queued request (of the direction being served) to serve next, or -1 for
/// none. The controller then issues that request's next command (ACT to a closed bank, PRE to a bank open on another
/// row, or its RD/WR when its row is open) if the timing table, the command buses and refresh allow it this cycle,
/// and asks again on the next cycle either way. Contract: read the view only; return the same answer for the same
/// view (no hidden randomness), so that schedules are deterministic. The sleep/wake speed protocol is the
/// controller's (<see cref="SimpleSchedulerAdapter"/>), not the scheduler's; the built-in FR-FCFS implements the
/// faster <see cref="IScheduler"/> directly.
/// </summary>
public interface ISimpleScheduler
{
    int Choose(ISchedulerView view, long now);
}
