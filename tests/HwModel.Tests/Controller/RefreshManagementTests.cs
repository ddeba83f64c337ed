using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;
using HwModel.Traces;
using Xunit;

namespace HwModel.Tests.Controller;

/// <summary>Refresh management on HBM4: RFM and DRFM each issued by the controller and clean in the checker.</summary>
public class RefreshManagementTests
{
    [Theory]
    [InlineData("RFM", Command.RFM)]
    [InlineData("DRFM", Command.DRFM)]
    public void EachRefreshManagementCommandIsIssuedAndLegal(string kind, Command cmd)
    {
        var c = ConfigLoader.Load("hbm4-8000", ["controller.RfmThreshold=4", $"controller.RfmCommand={kind}"]);
        var (sys, chk) = TestSystems.Checked(c);
        SimulationRunner.Run(sys, new PatternGenerator(Pattern.Random, 20_000, 3, c.Org.CapacityBytes,
            c.Org.AccessBytes));
        TestSystems.AssertClean(chk, sys.Now);
        long issued = sys.Controllers.Sum(p => p.Counters.Commands[(int)cmd]);
        long acts = sys.Controllers.Sum(p => p.Counters.Commands[(int)Command.ACT]);
        Assert.True(issued > 0, $"no {cmd} issued ({acts} activates)");
        Assert.True(issued >= acts / 4 - c.Org.PseudoChannelsTotal * c.Org.BanksPerPseudoChannel);
    }

    [Fact]
    public void DrfmIsRefusedWhereTheStandardHasNone()
    {
        var e = Assert.Throws<ConfigException>(() =>
            ConfigLoader.Load("hbm3-6400", ["controller.RfmThreshold=4", "controller.RfmCommand=DRFM"]));
        Assert.Equal("controller.RfmCommand", e.Field);
        Assert.Contains("DRFM on HBM4", e.Message);
    }
}
