using HwModel.Config;
using HwModel.Controller.Scheduling;

namespace HwModel.Controller;

/// <summary>
/// Every controller policy by name: schedulers, page policies and refresh managers. The controller creates its
/// policies here; tests and generators enumerate the names; a team registers its own scheduler with one call and
/// selects it with <c>controller.SchedulerName</c>.
/// </summary>
public static class PolicyRegistry
{
    private static readonly Dictionary<string, Func<IScheduler>> SchedulerTable = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FRFCFS"] = () => new FrFcfsScheduler(),
        ["FCFS"] = () => new FcfsScheduler(),
        ["OldestFirst"] = () => new SimpleSchedulerAdapter(new OldestFirstScheduler()),
    };

    private static readonly Dictionary<string, Func<IPagePolicy>> PageTable = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(PagePolicyKind.Open)] = () => new OpenPagePolicy(),
        [nameof(PagePolicyKind.Closed)] = () => new ClosedPagePolicy(),
    };

    private static readonly Dictionary<string, Func<MemoryConfig, IRefreshManager>> RefreshTable =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(RefreshKind.AllBank)] = c => new AllBankRefresh(c.Timing.nREFI, c.Controller.RefreshPostponeLimit),
            [nameof(RefreshKind.PerBank)] = c => new PerBankRefresh(c.RefreshIntervalPerBankCycles,
                c.Controller.RefreshPostponeLimit, c.Org.BanksPerPseudoChannel),
            [nameof(RefreshKind.Off)] = _ => new NoRefresh(),
        };

    /// <summary>The schedulers HwModel ships (not those registered at run time): generators enumerate these.</summary>
    public static readonly IReadOnlyList<string> BuiltInSchedulerNames = [.. SchedulerTable.Keys];

    public static IReadOnlyCollection<string> SchedulerNames
    {
        get { lock (SchedulerTable) return [.. SchedulerTable.Keys]; }
    }
    public static IReadOnlyCollection<string> PagePolicyNames => PageTable.Keys;
    public static IReadOnlyCollection<string> RefreshNames => RefreshTable.Keys;

    /// <summary>Adds a scheduler written against the one-method contract.</summary>
    public static void RegisterScheduler(string name, Func<ISimpleScheduler> create) =>
        RegisterScheduler(name, () => new SimpleSchedulerAdapter(create()));

    /// <summary>Adds a scheduler that implements the controller's full protocol (exact wake-ups).</summary>
    public static void RegisterScheduler(string name, Func<IScheduler> create)
    {
        lock (SchedulerTable) SchedulerTable[name] = create;
    }

    /// <summary>The scheduler a configuration names (<c>SchedulerName</c>, else <c>Scheduler</c>).</summary>
    public static string SchedulerNameOf(ControllerParams k) => k.SchedulerName.Length > 0 ? k.SchedulerName
        : k.Scheduler.ToString();

    public static bool HasScheduler(string name) { lock (SchedulerTable) return SchedulerTable.ContainsKey(name); }

    public static IScheduler CreateScheduler(ControllerParams k)
    {
        lock (SchedulerTable) return SchedulerTable[SchedulerNameOf(k)]();
    }

    public static IPagePolicy CreatePagePolicy(ControllerParams k) => PageTable[k.PagePolicy.ToString()]();

    public static IRefreshManager CreateRefresh(MemoryConfig c) => RefreshTable[c.Controller.Refresh.ToString()](c);
}
