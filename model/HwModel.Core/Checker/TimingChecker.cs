using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Checker;

/// <summary>
/// Independent protocol and timing checker. It reads the same declarative <see cref="TimingTable"/> as the scheduler
/// but shares none of its code: it keeps a per-node history of issue cycles and, for every command, checks every row
/// of the table whose following set contains it, plus bank-state rules (ACT to an open bank, column command to a
/// closed bank or the wrong row, refresh with open banks), command-bus occupancy (one column command per cycle,
/// row-bus half-cycles) and the refresh rule (every bank refreshed at least every
/// (RefreshPostponeLimit + 2) x nREFI cycles).
/// </summary>
public sealed class TimingChecker : ICommandObserver
{
    private readonly record struct NodeKey(int Row, int Channel, int Pc, int Node);

    private readonly TimingTable _table;
    private readonly Organisation _o;
    private readonly int _actHalves, _rowHalves;
    private readonly StandardFeatures _features;
    private readonly PimArchitecture _arch;
    private readonly long _maxRefreshGap;
    private readonly Dictionary<NodeKey, List<long>> _history = [];
    private readonly Dictionary<(int, int, int), int> _openRow = [];
    private readonly Dictionary<(int, int), long> _rowBusFreeHalf = [];
    private readonly Dictionary<(int, int), long> _lastColumn = [];
    private readonly Dictionary<(int, int), long> _lastCycle = [];
    private readonly long[,,] _lastRefresh;
    private readonly bool[,,] _refreshReported;
    private readonly int _maxWindow;
    private long _latest;

    public List<Violation> Violations { get; } = [];
    public long ViolationCount { get; private set; }
    public long CommandsChecked { get; private set; }
    /// <summary>At most this many violations are kept in <see cref="Violations"/> (all are counted).</summary>
    public int MaxKept { get; set; } = 1000;

    public TimingChecker(MemoryConfig cfg, TimingTable? table = null)
    {
        _table = table ?? TimingTable.For(cfg);
        _o = cfg.Org;
        _features = Spec.Standards.StandardRegistry.Get(_o.Standard).Features;
        _arch = cfg.Pim.Architecture;
        _actHalves = _o.ActHalfCycles;
        _rowHalves = _o.RowCmdHalfCycles;
        _maxRefreshGap = cfg.Controller.Refresh == RefreshKind.Off ? long.MaxValue
            : (long)(cfg.Controller.RefreshPostponeLimit + 2) * cfg.Timing.nREFI;
        _lastRefresh = new long[_o.Channels, _o.PseudoChannels, _o.BanksPerPseudoChannel];
        _refreshReported = new bool[_o.Channels, _o.PseudoChannels, _o.BanksPerPseudoChannel];
        _maxWindow = _table.Constraints.Count == 0 ? 1 : _table.Constraints.Max(r => r.Window);
    }

    public long MaxRefreshGapCycles => _maxRefreshGap;

    /// <summary>The one channel this checker watches (a partitioned run has a checker per channel), or -1 for
    /// all: the end-of-run refresh check covers only the channels watched.</summary>
    public int OnlyChannel { get; init; } = -1;

    private void Flag(string rule, in CommandRecord c, string detail)
    {
        ViolationCount++;
        if (Violations.Count < MaxKept) Violations.Add(new Violation(rule, c, detail));
    }

    private int NodeOf(Scope s, in CommandRecord c) => s switch
    {
        Scope.Channel => 0,
        Scope.PseudoChannel => 0,
        Scope.StackId => c.StackId,
        Scope.BankGroup => c.StackId * _o.BankGroups + c.BankGroup,
        _ => c.Bank,
    };

    private int NodesAt(Scope s) => s switch
    {
        Scope.Channel or Scope.PseudoChannel => 1,
        Scope.StackId => _o.StackIds,
        Scope.BankGroup => _o.StackIds * _o.BankGroups,
        _ => _o.BanksPerPseudoChannel,
    };

    private int ParentOf(Scope s, int node) => s switch
    {
        Scope.StackId => 0,
        Scope.BankGroup => node / _o.BankGroups,
        Scope.Bank => node / _o.BanksPerGroup,
        _ => 0,
    };

    /// <summary>The nodes a command touches at a level: its own, or all of them for a pseudo-channel-wide command.</summary>
    private IEnumerable<int> NodesTouched(Scope s, in CommandRecord c)
    {
        if (CommandInfo.IsBankCommand(c.Command) || s <= Scope.PseudoChannel) return [NodeOf(s, c)];
        return Enumerable.Range(0, NodesAt(s));
    }

    public void OnCommand(in CommandRecord c)
    {
        CommandsChecked++;
        var pcKey = (c.Channel, c.PseudoChannel);
        if (c.Channel < 0 || c.Channel >= _o.Channels || c.PseudoChannel < 0 || c.PseudoChannel >= _o.PseudoChannels
            || c.Bank < 0 || c.Bank >= _o.BanksPerPseudoChannel)
        {
            Flag("address", c, "channel, pseudo-channel or bank out of range");
            return;
        }
        if (_lastCycle.TryGetValue(pcKey, out var lc) && c.Cycle < lc)
            Flag("order", c, $"cycle {c.Cycle} is before the previous command's cycle {lc} on this pseudo-channel");
        _lastCycle[pcKey] = c.Cycle;
        if (c.Cycle > _latest) _latest = c.Cycle;

        CheckBuses(c, pcKey);
        CheckTiming(c);
        CheckState(c);
        CheckRefresh(c);
        Record(c);
    }

    private void CheckBuses(in CommandRecord c, (int, int) pcKey)
    {
        if (CommandInfo.IsColumn(c.Command))
        {
            if (_lastColumn.TryGetValue(pcKey, out var last) && last == c.Cycle)
                Flag("column-bus", c, "two column commands in one cycle on one pseudo-channel");
            _lastColumn[pcKey] = c.Cycle;
            return;
        }
        long free = _rowBusFreeHalf.GetValueOrDefault(pcKey);
        long start = 2 * c.Cycle + (c.SecondHalf ? 1 : 0);
        if (start < free)
            Flag("row-bus", c, $"row bus busy until half-cycle {free} (command starts at half-cycle {start})");
        _rowBusFreeHalf[pcKey] = Math.Max(start, free) + (CommandInfo.IsActivate(c.Command) ? _actHalves : _rowHalves);
    }

    private void CheckTiming(in CommandRecord c)
    {
        var rows = _table.Constraints;
        for (int ri = 0; ri < rows.Count; ri++)
        {
            var row = rows[ri];
            if (Array.IndexOf(row.Following, c.Command) < 0) continue;
            foreach (int node in NodesTouched(row.Scope, c))
            {
                if (row.Sibling)
                {
                    int parent = ParentOf(row.Scope, node);
                    for (int m = 0; m < NodesAt(row.Scope); m++)
                    {
                        if (m == node || ParentOf(row.Scope, m) != parent) continue;
                        if (_history.TryGetValue(new NodeKey(ri, c.Channel, c.PseudoChannel, m), out var h) && h.Count > 0)
                            Require(row, c, h[^1]);
                    }
                }
                else if (_history.TryGetValue(new NodeKey(ri, c.Channel, c.PseudoChannel, node), out var h) && h.Count >= row.Window)
                    Require(row, c, h[^row.Window]);
            }
        }
    }

    /// <summary>Called for every rule a command is checked against, with its slack: cycles beyond the rule's
    /// latency (negative when broken). Functional coverage bins rule distances from it.</summary>
    public Action<TimingConstraint, long>? OnRuleChecked { get; set; }

    private void Require(TimingConstraint row, in CommandRecord c, long previous)
    {
        OnRuleChecked?.Invoke(row, c.Cycle - previous - row.LatencyCycles);
        if (c.Cycle - previous < row.LatencyCycles)
            Flag(row.Name, c, $"{c.Cycle - previous} cycles after the preceding {string.Join("/", row.Preceding)} at cycle {previous}; {row.Formula} requires {row.LatencyCycles}" +
                (row.Window > 1 ? $" (window of {row.Window})" : ""));
    }

    /// <summary>The banks a command acts on, by its target in the command table: the addressed bank, its bank group,
    /// its stack ID, or every bank of the pseudo-channel.</summary>
    private IEnumerable<int> BanksOf(in CommandRecord c)
    {
        var (first, count) = TargetBanks.Of(CommandTable.Get(c.Command).Target, c.Bank, _o);
        return Enumerable.Range(first, count);
    }

    /// <summary>The bank-state rules, read off the command table: a command that needs its banks closed (activates,
    /// refresh, refresh management) or open on its row (column commands), and one that does not exist here.</summary>
    private void CheckState(in CommandRecord c)
    {
        var spec = CommandTable.Get(c.Command);
        if (!CommandTable.Exists(c.Command, _features, _arch))
        {
            Flag("unsupported-command", c, $"{c.Command} does not exist on {_o.Standard}" +
                (spec.Architecture != PimArchitecture.None ? $" without {spec.Architecture}" : ""));
            return;
        }
        if (spec.Needs == BankStateNeed.Any) return;
        bool one = spec.Target == BankTarget.Bank;
        foreach (int b in BanksOf(c))
        {
            bool open = _openRow.TryGetValue((c.Channel, c.PseudoChannel, b), out int r);
            if (spec.Needs == BankStateNeed.Closed && open)
            {
                string rule = spec.Effect == RowEffect.Opens ? "state.act-open" : "state.refresh-open";
                Flag(rule, c, one ? $"{c.Command} to a bank with row {r} open"
                    : $"{c.Command} with bank {b} open (row {r})");
                return;
            }
            if (spec.Needs == BankStateNeed.Open && !open)
            {
                Flag("state.column-closed", c, one ? "column command to a closed bank"
                    : $"{c.Command} with bank {b} closed");
                return;
            }
            if (spec.Needs == BankStateNeed.Open && r != c.Row)
            {
                Flag("state.column-row", c, one ? $"column command for row {c.Row} but row {r} is open"
                    : $"{c.Command} for row {c.Row} but bank {b} has row {r} open");
                return;
            }
        }
    }

    private void CheckRefresh(in CommandRecord c)
    {
        if (_maxRefreshGap == long.MaxValue) return;
        for (int b = 0; b < _o.BanksPerPseudoChannel; b++)
        {
            if (_refreshReported[c.Channel, c.PseudoChannel, b]) continue;
            long gap = c.Cycle - _lastRefresh[c.Channel, c.PseudoChannel, b];
            if (gap > _maxRefreshGap)
            {
                _refreshReported[c.Channel, c.PseudoChannel, b] = true;
                Flag("refresh-interval", c, $"bank {b} not refreshed for {gap} cycles (limit {_maxRefreshGap})");
            }
        }
    }

    private void Record(in CommandRecord c)
    {
        var rows = _table.Constraints;
        for (int ri = 0; ri < rows.Count; ri++)
        {
            var row = rows[ri];
            if (Array.IndexOf(row.Preceding, c.Command) < 0) continue;
            foreach (int node in NodesTouched(row.Scope, c))
            {
                var k = new NodeKey(ri, c.Channel, c.PseudoChannel, node);
                if (!_history.TryGetValue(k, out var h)) _history[k] = h = [];
                h.Add(c.Cycle);
                if (h.Count > 2 * _maxWindow) h.RemoveRange(0, h.Count - _maxWindow);
            }
        }
        var effect = CommandTable.Get(c.Command).Effect;
        foreach (int b in BanksOf(c))
        {
            var key = (c.Channel, c.PseudoChannel, b);
            if (effect == RowEffect.Opens) _openRow[key] = c.Row;
            else if (effect is RowEffect.Closes or RowEffect.AutoPrecharge) _openRow.Remove(key);
            if (c.Command is Command.REFpb or Command.REFab) _lastRefresh[c.Channel, c.PseudoChannel, b] = c.Cycle;
        }
    }

    /// <summary>Checks the refresh rule up to the end of the run for every bank.</summary>
    public void Finish(long endCycle)
    {
        if (_maxRefreshGap == long.MaxValue) return;
        for (int ch = 0; ch < _o.Channels; ch++)
            for (int pc = 0; pc < _o.PseudoChannels && (OnlyChannel < 0 || ch == OnlyChannel); pc++)
                for (int b = 0; b < _o.BanksPerPseudoChannel; b++)
                    if (!_refreshReported[ch, pc, b] && endCycle - _lastRefresh[ch, pc, b] > _maxRefreshGap)
                    {
                        _refreshReported[ch, pc, b] = true;
                        Flag("refresh-interval", new CommandRecord(endCycle, Command.REFpb, ch, pc, 0, 0, b, 0, 0),
                            $"bank {b} not refreshed for {endCycle - _lastRefresh[ch, pc, b]} cycles at the end of the run (limit {_maxRefreshGap})");
                    }
    }
}
