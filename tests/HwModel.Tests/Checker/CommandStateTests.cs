using HwModel.Checker;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;
using Xunit;

namespace HwModel.Tests.Checker;

/// <summary>The checker's bank-state rules come from the command table: HBM4's refresh management and commands a
/// configuration does not have.</summary>
public class CommandStateTests
{
    private static List<Violation> Run(string preset, params CommandRecord[] cmds) => CheckerTests.Run(preset, cmds);

    private static CommandRecord C(long cycle, Command cmd, int bank = 0, int row = 0) =>
        new(cycle, cmd, 0, 0, bank / 16, bank / 8 % 2, bank, row, 0, false);

    [Fact]
    public void DrfmAndRfmabNeedTheirBanksClosed()
    {
        Assert.Contains(Run("hbm4-8000", C(0, Command.ACT, 3, 7), C(500, Command.DRFM, 3)), v
            => v.Rule == "state.refresh-open");
        Assert.Contains(Run("hbm4-8000", C(0, Command.ACT, 9, 7), C(500, Command.RFMab)), v
            => v.Rule == "state.refresh-open");
        Assert.Empty(Run("hbm4-8000", C(0, Command.ACT, 3, 7), C(500, Command.DRFM, 4)));
    }

    [Fact]
    public void DrfmBlocksItsBankForTheAssumedTime()
    {
        var cfg = Presets.Get("hbm4-8000");
        int nDrfm = cfg.Timing.nDRFM;
        Assert.Contains(Run("hbm4-8000", C(0, Command.DRFM, 3), C(nDrfm - 1, Command.ACT, 3, 1)), v
            => v.Rule == "tDRFM");
        Assert.DoesNotContain(Run("hbm4-8000", C(0, Command.DRFM, 3), C(nDrfm, Command.ACT, 3, 1)), v
            => v.Rule == "tDRFM");
    }

    [Theory]
    [InlineData("hbm3-6400", Command.DRFM)]
    [InlineData("hbm3-6400", Command.RFMab)]
    [InlineData("hbm2-2000", Command.RFM)]
    [InlineData("hbm3-6400", Command.ACTab)]
    [InlineData("hbm3-6400-pim", Command.MAC16)]
    [InlineData("hbm4-8000", Command.PIMRD)]
    public void ACommandTheConfigurationDoesNotHaveIsFlagged(string preset, Command cmd) =>
        Assert.Contains(Run(preset, C(100, cmd, 0, 0)), v => v.Rule == "unsupported-command");

    [Fact]
    public void AStackIdWideCommandOpensItsStackIdOnly()
    {
        // ACT16 opens the 16 banks of stack ID 1: a RD there hits, a RD in stack ID 0 finds its bank closed
        var v = Run("hbm3-6400-aim", C(0, Command.ACT16, 16, 5), C(200, Command.RD, 17, 5), C(300, Command.RD, 1, 5));
        Assert.DoesNotContain(v, x => x.Command.Bank == 17 && x.Rule.StartsWith("state."));
        Assert.Contains(v, x => x.Command.Bank == 1 && x.Rule == "state.column-closed");
    }
}
