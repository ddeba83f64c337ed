using HwModel.Checker;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;
using HwModel.Timing;
using Xunit;

namespace HwModel.Tests;

/// <summary>
/// One test per row of every standard's timing table: after the preceding command, the scheduler's timing state
/// gives the following command exactly the earliest cycle the table implies (brute force over every row), that cycle
/// equals the row's own latency whenever the row is the binding one, and the independent checker flags the row by
/// name one cycle earlier.
/// </summary>
public class TimingRuleTests
{
    public static IEnumerable<object[]> Rows()
    {
        foreach (var p in Presets.Names)
        {
            var cfg = Presets.Get(p);
            cfg.Controller.RfmThreshold = HasRfm(cfg) ? 16 : 0;
            foreach (var r in TimingTable.For(cfg).Constraints) yield return [p, r.Name];
        }
    }

    private static bool HasRfm(MemoryConfig cfg) =>
        HwModel.Spec.Standards.StandardRegistry.Get(cfg.Org.Standard).Has(StandardFeatures.Rfm);

    private sealed record Issued(Command Cmd, int Pc, int Bank, long Cycle);

    private static MemoryConfig Cfg(string preset)
    {
        var cfg = Presets.Get(preset);
        if (HasRfm(cfg)) cfg.Controller.RfmThreshold = 16;
        return cfg;
    }

    /// <summary>Where the following command goes, relative to the preceding one, to exercise a row of the given scope.</summary>
    private static (int pc, int bank) Target(Organisation o, TimingConstraint r, int pc0, int bank0)
    {
        int bpg = o.BanksPerGroup, bps = o.BanksPerStackId;
        int sid = bank0 / bps, bg = bank0 / bpg % o.BankGroups;
        int Bank(int s, int g, int b) => (s * o.BankGroups + g) * bpg + b;
        if (r.Sibling)
            return r.Scope switch
            {
                Scope.StackId => (pc0, Bank((sid + 1) % o.StackIds, bg, 0)),
                Scope.BankGroup => (pc0, Bank(sid, (bg + 1) % o.BankGroups, 0)),
                Scope.Bank => (pc0, Bank(sid, bg, (bank0 % bpg + 1) % bpg)),
                _ => (pc0 ^ 1, bank0),
            };
        return r.Scope switch
        {
            Scope.Bank => (pc0, bank0),
            Scope.BankGroup => (pc0, bpg > 1 ? Bank(sid, bg, (bank0 % bpg + 1) % bpg) : bank0),
            Scope.StackId => (pc0, o.BankGroups > 1 ? Bank(sid, (bg + 1) % o.BankGroups, 0) : bank0),
            Scope.PseudoChannel => (pc0, o.BankGroups > 1 ? Bank(sid, (bg + 1) % o.BankGroups, 0) : bank0),
            _ => (o.PseudoChannels > 1 ? 1 - pc0 : pc0, bank0),
        };
    }

    /// <summary>The earliest cycle implied by the table for (cmd, pc, bank) after <paramref name="history"/>: a brute-force
    /// reading of every row, independent of both the scheduler's compiled state and the checker.</summary>
    private static long Reference(TimingTable t, Organisation o, List<Issued> history, Command cmd, int pc, int bank) =>
        t.Constraints.Where(r => r.Following.Contains(cmd)).Select(r => RowBound(r, o, history, pc, bank)).DefaultIfEmpty(0).Max();

    private static long RowBound(TimingConstraint r, Organisation o, List<Issued> history, int pc, int bank)
    {
        int Node(Scope s, int b) => s switch
        {
            Scope.Channel or Scope.PseudoChannel => 0,
            Scope.StackId => b / o.BanksPerStackId,
            Scope.BankGroup => b / o.BanksPerGroup,
            _ => b,
        };
        int Parent(Scope s, int b) => s switch { Scope.BankGroup => b / o.BanksPerStackId, Scope.Bank => b / o.BanksPerGroup, _ => 0 };
        {
            var match = history.Where(h => r.Preceding.Contains(h.Cmd) && (r.Scope == Scope.Channel || h.Pc == pc)).Where(h =>
                r.Scope <= Scope.PseudoChannel ? (!r.Sibling)
                : r.Sibling ? Node(r.Scope, h.Bank) != Node(r.Scope, bank) && Parent(r.Scope, h.Bank) == Parent(r.Scope, bank)
                : Node(r.Scope, h.Bank) == Node(r.Scope, bank)).OrderByDescending(h => h.Cycle).ToList();
            return match.Count >= r.Window ? match[r.Window - 1].Cycle + r.LatencyCycles : 0;
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void EarliestCycleFollowsTheTable(string preset, string rowName) => EarliestCycleFollowsTheTableAt(preset, rowName, 1000);

    /// <summary>The same rules billions of cycles into a run: the timing state keeps 32-bit offsets from a base that
    /// moves (here from cycle 0 straight past 2^32), so the table's values must come out exactly there too.</summary>
    [Theory]
    [MemberData(nameof(Rows))]
    public void EarliestCycleFollowsTheTableAfterTheBaseMoves(string preset, string rowName) =>
        EarliestCycleFollowsTheTableAt(preset, rowName, 5_000_000_000L);

    [Theory]
    [InlineData("hbm2-2000")]
    [InlineData("hbm3-6400")]
    public void ConstraintsInFlightSurviveTheBaseMove(string preset)
    {
        // an ACT just before the timing state moves its base (at an offset of 2^29 cycles), the next ACT just after:
        // the first ACT's rules still end exactly where the table says
        var cfg = Presets.Get(preset);
        var t = cfg.Timing;
        var state = new TimingState(cfg, TimingTable.For(cfg));
        int other = cfg.Org.BanksPerGroup; // bank 0 of the next bank group
        long a = (1L << 29) - 3;
        state.Issue(Command.ACT, 0, 0, a);
        state.Issue(Command.ACT, 0, other, a + t.nRRDS + 4); // beyond the base-move offset
        Assert.Equal(a + t.nRCDRD, state.Earliest(Command.RD, 0, 0));
        Assert.Equal(a + t.nRAS, state.Earliest(Command.PRE, 0, 0));
        Assert.Equal(a + t.nRC, state.Earliest(Command.ACT, 0, 0));
        Assert.Equal(a + t.nRRDS + 4 + t.nRCDWR, state.Earliest(Command.WR, 0, other));
    }

    [Theory]
    [InlineData("hbm2-2000")]
    [InlineData("hbm3-6400")]
    public void ChannelsShareTheCompiledTablesButNotTheirState(string preset)
    {
        // a stack's channels share one copy of the compiled latency rows and windows; what each has issued stays its own
        var cfg = Presets.Get(preset);
        var t = cfg.Timing;
        var ch0 = new TimingState(cfg, TimingTable.For(cfg));
        var ch1 = new TimingState(ch0);
        for (int i = 0; i < 4; i++) ch0.Issue(Command.ACT, 0, i * cfg.Org.BanksPerGroup, 100 + i * t.nRRDS); // fills ch0's tFAW window
        Assert.Equal(100 + t.nRCDRD, ch0.Earliest(Command.RD, 0, 0));
        Assert.Equal(Math.Max(100 + t.nFAW, 100 + 4 * t.nRRDS), ch0.Earliest(Command.ACT, 0, 1)); // tFAW, or tRRDS after the 4th
        Assert.Equal(0, ch1.Earliest(Command.RD, 0, 0));
        Assert.Equal(0, ch1.Earliest(Command.ACT, 0, 1));
        ch1.Issue(Command.ACT, 0, 0, 1000);
        Assert.Equal(1000 + t.nRCDRD, ch1.Earliest(Command.RD, 0, 0));
        Assert.Equal(100 + t.nRC, ch0.Earliest(Command.ACT, 0, 0));
    }

    private static void EarliestCycleFollowsTheTableAt(string preset, string rowName, long t0)
    {
        var cfg = Cfg(preset);
        var table = TimingTable.For(cfg);
        var row = table.Constraints.Single(r => r.Name == rowName);
        var o = cfg.Org;
        var state = new TimingState(cfg, table);
        var history = new List<Issued>();
        int pc0 = 0, bank0 = 0;
        var pre = row.Preceding[0];
        // a rolling window: Window preceding commands in the same cycle, each to a different bank group / bank
        for (int i = 0; i < row.Window; i++)
        {
            int b = row.Window > 1 ? (i % o.BankGroups) * o.BanksPerGroup + i / o.BankGroups % o.BanksPerGroup + 1 : bank0;
            if (row.Window > 1) b %= o.BanksPerStackId;
            state.Issue(pre, pc0, b, t0);
            history.Add(new Issued(pre, pc0, b, t0));
        }
        foreach (var fol in row.Following)
        {
            var (pc, bank) = Target(o, row, pc0, bank0);
            if (row.Window > 1) bank = o.BanksPerStackId - 1; // a bank none of the window's commands used
            long expected = Reference(table, o, history, fol, pc, bank);
            long actual = state.Earliest(fol, pc, bank);
            Assert.Equal(expected, actual);
            Assert.True(expected >= t0 + row.LatencyCycles, $"{rowName}: earliest {expected - t0} < latency {row.LatencyCycles}");
            bool binding = table.Constraints.Where(r => r != row && r.Following.Contains(fol))
                .All(r => RowBound(r, o, history, pc, bank) <= t0 + row.LatencyCycles);
            if (binding) Assert.Equal(t0 + row.LatencyCycles, actual);

            // the independent checker flags this rule one cycle early and accepts it at the earliest cycle
            var early = Check(cfg, table, history, fol, pc, bank, t0 + row.LatencyCycles - 1);
            Assert.Contains(early, v => v.Rule == row.Name);
            var onTime = Check(cfg, table, history, fol, pc, bank, actual);
            Assert.DoesNotContain(onTime, v => table.Constraints.Any(r => r.Name == v.Rule));
        }
    }

    private static List<Violation> Check(MemoryConfig cfg, TimingTable table, List<Issued> history, Command cmd, int pc, int bank, long cycle)
    {
        var chk = new TimingChecker(cfg, table);
        var o = cfg.Org;
        CommandRecord Rec(Command c, int p, int b, long t) =>
            new(t, c, 0, p, b / o.BanksPerStackId, b / o.BanksPerGroup % o.BankGroups, b, 0, 0);
        long last = -10;
        foreach (var h in history)
        {
            // row-bus spacing is a separate rule: issue the window's commands in distinct half-cycles of the bus
            chk.OnCommand(Rec(h.Cmd, h.Pc, h.Bank, h.Cycle));
            last = h.Cycle;
        }
        int before = chk.Violations.Count;
        chk.OnCommand(Rec(cmd, pc, bank, Math.Max(cycle, last)));
        return chk.Violations.Skip(before).ToList(); // only what the following command broke
    }
}
