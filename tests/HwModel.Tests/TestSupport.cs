using System.Globalization;
using FsCheck.Xunit;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Engine;

namespace HwModel.Tests;

/// <summary>Property-test settings: HWMODEL_PROPERTY_CASES raises the number of cases (CI uses the default);
/// HWMODEL_REPLAY="seed,gamma" replays a failure printed as "Falsifiable, after N tests (K shrinks) (seed,gamma)".</summary>
public static class PropertyCases
{
    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("HWMODEL_PROPERTY_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 40;
    public static string? Replay => Environment.GetEnvironmentVariable("HWMODEL_REPLAY") is { Length: > 0 } r ? $"({r.Trim('(', ')')})" : null;
}

/// <summary>An FsCheck property whose case count and replay seed come from the environment (see <see cref="PropertyCases"/>).</summary>
public sealed class HwPropertyAttribute : PropertyAttribute
{
    public HwPropertyAttribute()
    {
        MaxTest = PropertyCases.Count;
        if (PropertyCases.Replay is { } r) Replay = r;
    }
}

public static class TestSystems
{
    public static string[] AllPresets => [.. Presets.Names];
    public static IEnumerable<object[]> PresetData => Presets.Names.Select(n => new object[] { n });

    /// <summary>A system with the independent checker attached (every test run of the model goes through it).</summary>
    public static (MemorySystem Sys, TimingChecker Checker) Checked(MemoryConfig cfg)
    {
        var sys = new MemorySystem(cfg);
        var chk = new TimingChecker(cfg, sys.Table);
        sys.Observer = chk;
        return (sys, chk);
    }

    public static void AssertClean(TimingChecker chk, long endCycle)
    {
        chk.Finish(endCycle);
        Xunit.Assert.True(chk.ViolationCount == 0,
            $"{chk.ViolationCount} timing violations, first: {string.Join(Environment.NewLine, chk.Violations.Take(5))}");
    }
}
