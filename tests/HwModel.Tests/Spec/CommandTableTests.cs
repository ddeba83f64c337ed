using System.Text.RegularExpressions;
using HwModel.Config;
using HwModel.Pim;
using HwModel.Spec;
using HwModel.Spec.Codegen;
using HwModel.Spec.Standards;
using Xunit;

namespace HwModel.Tests.Spec;

/// <summary>The command table is the one home of what a command does; everything else agrees with it.</summary>
public class CommandTableTests
{
    [Fact]
    public void EveryCommandHasOneRowInCodeOrder()
    {
        var codes = Enum.GetValues<Command>();
        Assert.Equal(codes.Length, CommandTable.Count);
        for (int i = 0; i < codes.Length; i++) Assert.Equal(codes[i], CommandTable.All[i].Code);
    }

    [Fact]
    public void ThePredicatesReadTheTable()
    {
        Assert.True(CommandInfo.IsColumn(Command.MAC16) && CommandInfo.IsRow(Command.DRFM));
        Assert.True(CommandInfo.IsActivate(Command.ACT4) && !CommandInfo.IsActivate(Command.RFMab));
        Assert.True(!CommandInfo.IsBankCommand(Command.RFMab) && CommandInfo.IsBankCommand(Command.DRFM));
        Assert.True(CommandInfo.AutoPrecharges(Command.WRA) && !CommandInfo.AutoPrecharges(Command.WR));
        Assert.True(CommandInfo.IsRead(Command.RDA) && !CommandInfo.IsRead(Command.RDMAC16));
        Assert.True(CommandInfo.CarriesWriteBurst(Command.PIMWR) && CommandInfo.CarriesWriteBurst(Command.WRGB));
        Assert.False(CommandInfo.CrossesInterface(Command.PIMWR));
        Assert.True(CommandInfo.CrossesInterface(Command.RDMAC16));
        Assert.Equal(RowEffect.Closes, CommandInfo.EffectOf(Command.PREA));
    }

    [Fact]
    public void RdmacAndWrgbCarryDataTheSameWayWhereverTheyIssue()
    {
        // the drift this table removed: the DUT path and the issue path now read one data latency
        var c = Presets.Get("hbm3-6400-aim");
        Assert.Equal(c.Timing.nCL + c.Timing.nBL, CommandTable.Get(Command.RDMAC16).DataLatency!.Evaluate(c));
        Assert.Equal(c.Timing.nCWL + c.Timing.nBL, CommandTable.Get(Command.WRGB).DataLatency!.Evaluate(c));
        var a = new PimEngine(c, false);
        var b = new PimEngine(c, false);
        a.Issue(0, Command.WRGB, 0, 0, 0, new byte[32]);
        b.ReportDut(0, Command.WRGB, a.Now(0));
        Assert.Equal(a.Finish(0), b.Finish(0));
        Assert.Equal(a.InterfaceBytes, b.InterfaceBytes);
    }

    [Fact]
    public void EachStandardsRulesUseOnlyCommandsItHas()
    {
        foreach (var s in StandardRegistry.All)
            foreach (var r in HbmCore.Rules.Concat(s.ExtraRules))
                foreach (var cmd in r.Preceding.Concat(r.Following))
                {
                    var spec = CommandTable.Get(cmd);
                    Assert.True(spec.Architecture == PimArchitecture.None, $"{s.Id} {r.Name}: PIM command {cmd}");
                    if (!s.ExtraRules.Contains(r)) continue; // the core names REFpb and RFM for every standard
                    Assert.True(s.Has(spec.Feature), $"{s.Id} {r.Name}: {cmd} needs {spec.Feature}");
                }
    }

    [Theory]
    [InlineData(PimArchitecture.HbmPim)]
    [InlineData(PimArchitecture.Aim)]
    public void EachPimArchitecturesRulesUseOnlyItsOwnAndPlainCommands(PimArchitecture arch)
    {
        foreach (var r in PimArchitectures.Get(arch).Rules)
        {
            Assert.Contains(r.Preceding.Concat(r.Following), cmd => CommandTable.Get(cmd).Architecture == arch);
            Assert.All(r.Preceding.Concat(r.Following), cmd =>
                Assert.Contains(CommandTable.Get(cmd).Architecture, new[] { PimArchitecture.None, arch }));
        }
    }

    [Fact]
    public void TheGeneratedRtlHeadersAreUpToDate()
    {
        Assert.True(File.ReadAllText(Path.Combine(Paths.Root, CommandHeaders.VerilogPath)) == CommandHeaders.Verilog(),
            $"{CommandHeaders.VerilogPath} is out of date: run ./hwmodel gen");
        Assert.True(File.ReadAllText(Path.Combine(Paths.Root, CommandHeaders.CppPath)) == CommandHeaders.Cpp(),
            $"{CommandHeaders.CppPath} is out of date: run ./hwmodel gen");
    }

    [Fact]
    public void TheVerilogCommandCodesEqualTheCSharpEnum()
    {
        var vh = File.ReadAllText(Path.Combine(Paths.Root, CommandHeaders.VerilogPath));
        var codes = Regex.Matches(vh, @"localparam \[4:0\] (\w+) = 5'd(\d+);")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        Assert.Equal(Enum.GetValues<Command>().Length, codes.Count);
        foreach (var c in Enum.GetValues<Command>()) Assert.Equal((int)c, codes[c.ToString().ToUpperInvariant()]);
        // and no RTL source defines command codes or protocol rule ids of its own
        foreach (var f in Directory.GetFiles(Path.Combine(Paths.Root, "rtl", "src"), "*.v"))
        {
            var text = File.ReadAllText(f);
            Assert.DoesNotMatch(@"localparam\s+(\[4:0\]\s+)?(ACT|RD|WR|PRE)\s*=", text);
            Assert.DoesNotMatch(@"localparam\s+R_|R_\w+\s*-\s*12[0-7]\b", text);
        }
    }

    [Fact]
    public void TheProtocolRuleIdsAreAboveEveryTableRow()
    {
        int max = Presets.Names.Max(n => TimingTable.For(Presets.Get(n)).Constraints.Count);
        Assert.True(max < (int)ProtocolRuleId.COLUMN_BUS, $"a table has {max} rows");
        Assert.Equal(Enum.GetValues<ProtocolRuleId>().Length - 1, CommandHeaders.ProtocolRules().Count);
    }
}
