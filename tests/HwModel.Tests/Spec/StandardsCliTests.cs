using System.Text.Json;
using HwModel.Config;
using Xunit;

namespace HwModel.Tests.Spec;

/// <summary>End-to-end: the new standards through the command line, the RTL co-simulation included.</summary>
[Collection("rtl")]
public class StandardsCliTests
{
    public static IEnumerable<object[]> NewPresets =>
        Presets.Names.Where(n => n.StartsWith("hbm3e") || n.StartsWith("hbm4")).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(NewPresets))]
    public void PresetsTimingPrintsEachTable(string preset)
    {
        var (code, o, e) = CliTests.Hw("presets", "--timing", preset);
        Assert.True(code == 0, e);
        foreach (var r in HwModel.Spec.TimingTable.For(Presets.Get(preset)).Constraints) Assert.Contains(r.Name, o);
    }

    [Theory]
    [InlineData("hbm4-8000", "random")]
    [InlineData("hbm3e-9600", "mix")]
    [InlineData("hbm4-8000-pim", "gemv")]
    [InlineData("hbm4-8000", "random", "org.StackHeight=16")]
    [InlineData("hbm3e-9600", "mix", "org.StackHeight=12")]
    public void NewStandardsCoSimulateWithTheRtlClean(string preset, string workload, string? set = null)
    {
        var json = Path.Combine(Path.GetTempPath(), $"hw-cosim-{Guid.NewGuid():N}.json");
        string[] args = ["cosim", "--config", preset, "--workload", workload, "--json", json];
        if (workload != "gemv") args = [.. args, "--requests", "4000"];
        else args = [.. args, "--m", "256", "--n", "256"];
        if (set != null) args = [.. args, "--set", set];
        var (code, o, e) = CliTests.Hw(args);
        Assert.True(code == 0, o + e);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var r = doc.RootElement;
        Assert.Equal(0, r.GetProperty("mismatches").GetInt32());
        Assert.Equal(0, r.GetProperty("violations").GetInt32());
        Assert.Equal(0, r.GetProperty("modelCheckerViolations").GetInt32());
        Assert.True(r.GetProperty("commands").GetInt32() > 1000);
        Assert.True(r.GetProperty("clean").GetBoolean());
    }

    [Fact]
    public void GenCheckFindsTheCommittedHeadersCurrent()
    {
        var (code, o, e) = CliTests.Hw("gen", "--check", "--root", Paths.Root);
        Assert.True(code == 0, o + e);
        Assert.Contains("hbm_commands.vh: up to date", o);
    }
}
