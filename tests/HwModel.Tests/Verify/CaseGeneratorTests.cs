using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HwModel.Bridge.Verify;
using HwModel.Config;
using HwModel.Spec;
using Xunit;

namespace HwModel.Tests.Verify;

/// <summary>The campaign generator: deterministic, legal cases legal, illegal ones broken at their last command
/// only, commands of the standard only.</summary>
public class CaseGeneratorTests
{
    public static IEnumerable<object[]> Configs => new[] { "hbm2-2000", "hbm3-6400", "hbm3e-9600", "hbm4-8000",
        "hbm2-2000-pim" }.Select(n => new object[] { n });

    [Fact]
    public void The_same_seed_and_index_give_the_same_case()
    {
        var cfg = Presets.Get("hbm3-6400");
        var a = new CaseGenerator(cfg, 256).Generate(7, 42, 40);
        var b = new CaseGenerator(cfg, 256).Generate(7, 42, 40);
        Assert.Equal(a.Commands, b.Commands);
        Assert.Equal(a.Seed, b.Seed);
        Assert.NotEqual(a.Commands, new CaseGenerator(cfg, 256).Generate(7, 43, 40).Commands);
        Assert.NotEqual(a.Commands, new CaseGenerator(cfg, 256).Generate(8, 42, 40).Commands);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Legal_cases_break_no_rule_and_illegal_ones_only_at_their_fault(string preset)
    {
        var cfg = Presets.Get(preset);
        var gen = new CaseGenerator(cfg, 256) { IllegalShare = 0.5 };
        var features = HwModel.Spec.Standards.StandardRegistry.Get(cfg.Org.Standard).Features;
        int faults = 0;
        for (long i = 0; i < 300; i++)
        {
            var c = gen.Generate(1, i, 40);
            Assert.All(c.Commands, r => Assert.True(CommandTable.Exists(r.Command, features, cfg.Pim.Architecture)));
            Assert.True(c.Commands.Zip(c.Commands.Skip(1)).All(p => p.First.Cycle < p.Second.Cycle));
            var e = CaseOracle.For(cfg, c, 256);
            int last = c.Commands.Count - 1;
            for (int k = 0; k < last; k++)
                Assert.True(e.Rules[k].Count == 0, $"case {i} command {k}: {string.Join(",", e.Rules[k])}");
            if (c.Fault == null) Assert.True(e.Rules[last].Count == 0, $"case {i}: {string.Join(",", e.Rules[last])}");
            else { Assert.NotEmpty(e.Rules[last]); faults++; }
        }
        Assert.InRange(faults, 60, 200);
    }

    [HwProperty]
    public Property Any_seed_gives_a_case_the_checker_accepts_when_no_fault_is_asked_for(ulong seed, int index)
    {
        var cfg = Presets.Get("hbm3-6400");
        var c = new CaseGenerator(cfg, 256) { IllegalShare = 0 }.Generate(seed, Math.Abs((long)index), 60);
        var e = CaseOracle.For(cfg, c, 256);
        return e.Rules.All(r => r.Count == 0).ToProperty().Label($"seed {seed} index {index}: " +
            string.Join("; ", e.Rules.Select((r, k) => (r, k)).Where(x => x.r.Count > 0)
                .Select(x => $"#{x.k} {string.Join(",", x.r)}")));
    }

    [Fact]
    public void Reads_of_what_the_case_wrote_expect_it_and_others_are_unknown()
    {
        var cfg = Presets.Get("hbm3-6400");
        var cmds = new List<HwModel.Engine.CommandRecord>
        {
            new(100, Command.ACT, 0, 0, 0, 0, 0, 3, 0),
            new(200, Command.WR, 0, 0, 0, 0, 0, 3, 5),
            new(300, Command.RD, 0, 0, 0, 0, 0, 3, 5),
            new(400, Command.RD, 0, 0, 0, 0, 0, 3, 6),
        };
        var c = new VerifyCase(0, 99, cmds, null);
        var e = CaseOracle.For(cfg, c, 256);
        Assert.Equal(2, e.Reads.Count);
        Assert.Equal(CaseOracle.WriteData(c, 1), e.Reads[0].Data);
        Assert.Null(e.Reads[1].Data);
        // the data of a kept write does not change when a case is shrunk around it
        var shrunk = c.With([cmds[0], cmds[1], cmds[2]]);
        Assert.Equal(CaseOracle.WriteData(c, 1), CaseOracle.WriteData(shrunk, 1));
    }
}
