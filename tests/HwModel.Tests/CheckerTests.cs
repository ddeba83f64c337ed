using HwModel.Checker;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;
using Xunit;

namespace HwModel.Tests;

/// <summary>Protocol rules of the independent checker beyond the timing table (which TimingRuleTests covers row by row).</summary>
public class CheckerTests
{
    /// <summary>The violations a command sequence gives on a preset (refresh off).</summary>
    internal static List<Violation> Run(string preset, params CommandRecord[] cmds)
    {
        var cfg = Presets.Get(preset);
        cfg.Controller.Refresh = RefreshKind.Off;
        var chk = new TimingChecker(cfg);
        foreach (var c in cmds) chk.OnCommand(c);
        return chk.Violations;
    }

    private static CommandRecord C(long cycle, Command cmd, int bank = 0, int row = 0, bool half = false) =>
        new(cycle, cmd, 0, 0, bank / 16, bank / 4 % 4, bank, row, 0, half);

    [Fact]
    public void LegalSequenceHasNoViolations() =>
        Assert.Empty(Run("hbm2-2000", C(0, Command.ACT, 0, 7), C(14, Command.RD, 0, 7), C(34, Command.PRE), C(48, Command.ACT, 0, 8)));

    [Fact]
    public void ActToAnOpenBankIsFlagged() =>
        Assert.Contains(Run("hbm2-2000", C(0, Command.ACT, 0, 7), C(100, Command.ACT, 0, 8)), v => v.Rule == "state.act-open");

    [Fact]
    public void ColumnCommandToAClosedBankOrWrongRowIsFlagged()
    {
        Assert.Contains(Run("hbm2-2000", C(0, Command.RD, 0, 7)), v => v.Rule == "state.column-closed");
        Assert.Contains(Run("hbm2-2000", C(0, Command.ACT, 0, 7), C(20, Command.RD, 0, 9)), v => v.Rule == "state.column-row");
    }

    [Fact]
    public void RefreshWithOpenBanksIsFlagged()
    {
        Assert.Contains(Run("hbm2-2000", C(0, Command.ACT, 3, 7), C(100, Command.REFab)), v => v.Rule == "state.refresh-open");
        Assert.Contains(Run("hbm2-2000", C(0, Command.ACT, 3, 7), C(100, Command.REFpb, 3)), v => v.Rule == "state.refresh-open");
    }

    [Fact]
    public void TwoColumnCommandsInOneCycleAreFlagged() =>
        Assert.Contains(Run("hbm2-2000", C(0, Command.ACT, 0, 1), C(1, Command.ACT, 4, 1), C(30, Command.RD, 0, 1), C(30, Command.RD, 4, 1)),
            v => v.Rule == "column-bus");

    [Fact]
    public void HalfCycleRowBusOnHbm3()
    {
        // HBM3: PRE takes half a cycle, so two PREs fit in one cycle; an ACT takes 1.5 cycles
        Assert.DoesNotContain(Run("hbm3-6400", C(100, Command.PRE, 0), C(100, Command.PRE, 4, 0, half: true)), v => v.Rule == "row-bus");
        Assert.Contains(Run("hbm3-6400", C(100, Command.ACT, 0, 1), C(100, Command.PRE, 4, 0, half: true)), v => v.Rule == "row-bus");
        Assert.Contains(Run("hbm2-2000", C(100, Command.PRE, 0), C(100, Command.PRE, 4, 0, half: true)), v => v.Rule == "row-bus");
    }

    [Fact]
    public void RefreshIntervalRuleIsEnforced()
    {
        var cfg = Presets.Get("hbm2-2000");
        cfg.Controller.RefreshPostponeLimit = 0;
        var chk = new TimingChecker(cfg);
        chk.OnCommand(C(0, Command.ACT, 0, 1));
        chk.Finish(3 * cfg.Timing.nREFI);
        Assert.Contains(chk.Violations, v => v.Rule == "refresh-interval");
        Assert.Equal(2L * cfg.Timing.nREFI, chk.MaxRefreshGapCycles);
    }

    [Fact]
    public void CommandTraceFilesRoundTripThroughTheChecker()
    {
        var cfg = Presets.Get("hbm3-6400");
        var sys = new MemorySystem(cfg);
        var sw = new StringWriter();
        sys.Observer = new HwModel.Traces.CommandTrace.Writer(sw);
        SimulationRunner.Run(sys, new HwModel.Traces.PatternGenerator(HwModel.Traces.Pattern.Mix, 3000, 9,
            cfg.Org.CapacityBytes, cfg.Org.AccessBytes));
        var p = Paths.Temp("cmds.txt", sw.ToString());
        var chk = new TimingChecker(cfg);
        long n = 0;
        foreach (var c in HwModel.Traces.CommandTrace.Read(p, cfg)) { chk.OnCommand(c); n++; }
        Assert.True(n > 3000, $"{n} commands");
        Assert.Equal(0, chk.ViolationCount);
        // break one rule on purpose: move the first RD one cycle before its ACT allows
        var lines = File.ReadAllLines(p).ToList();
        int rd = lines.FindIndex(l => l.Split(' ')[1] == "RD");
        var f = lines[rd].Split(' ');
        var act = lines.Take(rd).Last(l => l.Split(' ')[1] == "ACT" && l.Split(' ')[2] == f[2] && l.Split(' ')[3] == f[3] && l.Split(' ')[4] == f[4]);
        long actCycle = long.Parse(act.Split(' ')[0].Replace(".5", ""));
        f[0] = (actCycle + cfg.Timing.nRCDRD - 1).ToString();
        lines[rd] = string.Join(' ', f);
        var bad = Paths.Temp("bad-cmds.txt", string.Join('\n', lines));
        var chk2 = new TimingChecker(cfg);
        foreach (var c in HwModel.Traces.CommandTrace.Read(bad, cfg)) chk2.OnCommand(c);
        Assert.Contains(chk2.Violations, v => v.Rule == "tRCDRD");
    }
}
