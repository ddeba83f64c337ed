using HwModel.Config;
using HwModel.Spec;
using Xunit;

namespace HwModel.Tests.Spec;

/// <summary>Latency formulas: the text shown is the text evaluated.</summary>
public class FormulaTests
{
    [Theory]
    [InlineData("nCL + nBL", 16)]
    [InlineData("max(nRTW, nCL + nBL + 2 - nCWL)", 13)]
    [InlineData("nCWL + nBL + nWR + nRP", 37)]
    [InlineData("dflt(pim.nACTAB, 2 * nFAW)", 30)]
    [InlineData("dflt(nRFMab, nRFC)", 350)]
    [InlineData("org.StackIds > 1", 0)]
    [InlineData("org.StackIds == 1", 1)]
    [InlineData("min(nRP, nRCDRD, 3) * (2 + 1) / 2", 4)]
    public void EvaluatesAgainstTheConfiguration(string text, int value) =>
        Assert.Equal(value, Formula.Parse(text).Evaluate(Presets.Get("hbm2-2000")));

    [Theory]
    [InlineData("nCLX + 1", "unknown field 'nCLX'")]
    [InlineData("nCL +", "expected a number")]
    [InlineData("max(nCL", "expected ')'")]
    [InlineData("nCL $ 2", "unexpected text")]
    [InlineData("org.AddressMapping", "not an integer")]
    [InlineData("dflt(nCL)", "two arguments")]
    public void BadFormulasSayWhatIsWrong(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => Formula.Parse(text));
        Assert.Contains(message, e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void EveryTableRowsShownFormulaEvaluatesToItsLatency()
    {
        foreach (var n in Presets.Names)
        {
            var c = Presets.Get(n);
            foreach (var r in TimingTable.For(c).Constraints)
            {
                string text = r.Formula.Split(" (")[0];
                Assert.True(Formula.Parse(text).Evaluate(c) == r.LatencyCycles, $"{n} {r.Name}: {r.Formula}");
            }
        }
    }

    [Fact]
    public void AnOverrideChangesEveryRowThatReadsTheField()
    {
        var c = ConfigLoader.Load("hbm3-6400", ["timing.nWR=40"]);
        var t = TimingTable.For(c).Constraints.ToDictionary(r => r.Name);
        Assert.Equal(c.Timing.nCWL + c.Timing.nBL + 40, t["tWR"].LatencyCycles);
        Assert.Equal(c.Timing.nCWL + c.Timing.nBL + 40 + c.Timing.nRP, t["tWRA_RP"].LatencyCycles);
    }
}
