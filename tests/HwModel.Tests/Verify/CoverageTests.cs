using HwModel.Bridge.Verify;
using HwModel.Config;
using Xunit;

namespace HwModel.Tests.Verify;

/// <summary>Functional coverage: bins declared up front, hits from cases, files that merge by adding.</summary>
public class CoverageTests
{
    private static Coverage Of(long cases, ulong seed)
    {
        var cfg = Presets.Get("hbm3-6400");
        var gen = new CaseGenerator(cfg, 256);
        var cov = new Coverage();
        cov.Declare(cfg, gen.Commands);
        for (long i = 0; i < cases; i++) cov.Record(cfg, gen.Generate(seed, i, 40));
        return cov;
    }

    [Fact]
    public void Bins_are_declared_for_every_command_and_rule_and_hit_by_cases()
    {
        var cfg = Presets.Get("hbm3-6400");
        var cov = Of(500, 1);
        foreach (var r in HwModel.Spec.TimingTable.For(cfg).Constraints)
            Assert.Contains($"rule.{r.Name}.at-limit", cov.Bins.Keys);
        Assert.Contains("cmd.ACT.closed", cov.Bins.Keys);
        Assert.True(cov.Bins["cmd.ACT.closed"] > 0);
        Assert.True(cov.Bins["cmd.RD.open-row"] > 0);
        Assert.True(cov.Percent > 70, $"{cov.Percent} %");
        Assert.Equal(cov.Declared, Of(0, 1).Declared); // recording adds no undeclared bin
    }

    [Fact]
    public void Merged_files_add_hit_counts()
    {
        var a = Of(100, 1);
        var b = Of(100, 2);
        string fa = Paths.Temp("a.cov", ""), fb = Paths.Temp("b.cov", "");
        a.Write(fa);
        b.Write(fb);
        var m = Coverage.Read(fa);
        m.Merge(Coverage.Read(fb));
        Assert.All(m.Bins, kv => Assert.Equal(a.Bins[kv.Key] + b.Bins[kv.Key], kv.Value));
        Assert.True(m.Hit >= Math.Max(a.Hit, b.Hit));
    }

    [Fact]
    public void A_bad_coverage_line_names_file_and_line()
    {
        var f = Paths.Temp("bad.cov", Coverage.Header + "\ncmd.ACT.closed\t3\nrule.tRCD\tmany\n");
        var e = Assert.Throws<ConfigException>(() => Coverage.Read(f));
        Assert.Contains("bad.cov:3", e.Message);
        var g = Paths.Temp("nohead.cov", "cmd.ACT.closed\t3\n");
        Assert.Contains("nohead.cov:1", Assert.Throws<ConfigException>(() => Coverage.Read(g)).Message);
    }
}
