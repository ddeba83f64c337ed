using HwModel.Config;
using HwModel.Engine;
using HwModel.Traces;
using Xunit;
using Xunit.Abstractions;

namespace HwModel.Tests;

/// <summary>Unloaded latency formulas and peak bandwidth for every preset.</summary>
public class LatencyAndBandwidthTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> PresetData => TestSystems.PresetData;

    private static long ReadOnce(MemorySystem sys, long address, long cycle)
    {
        long latency = -1;
        sys.Submit(address, false, sys.Config.Org.AccessBytes, cycle, default, (in Completion c, ReadOnlySpan<byte> _) => latency = c.LatencyCycles);
        sys.RunToCompletion();
        return latency;
    }

    [Theory]
    [MemberData(nameof(PresetData))]
    public void UnloadedReadLatencyMatchesTheFormula(string preset)
    {
        var cfg = Presets.Get(preset);
        cfg.Controller.Refresh = RefreshKind.Off;
        var t = cfg.Timing;
        var (sys, chk) = TestSystems.Checked(cfg);
        var m = sys.Mapper;
        long a = m.Encode(new Addressing.DecodedAddress { Row = 5, Column = 3 });
        long sameRow = m.Encode(new Addressing.DecodedAddress { Row = 5, Column = 4 });
        long otherRow = m.Encode(new Addressing.DecodedAddress { Row = 9, Column = 0 });

        long closed = ReadOnce(sys, a, 100);
        long hit = ReadOnce(sys, sameRow, 1000);
        long conflict = ReadOnce(sys, otherRow, 2000);
        output.WriteLine($"{preset}: closed bank {closed}, row hit {hit}, row conflict {conflict} cycles");
        Assert.Equal(t.nRCDRD + t.nCL + t.nBL, closed);
        Assert.Equal(t.nCL + t.nBL, hit);
        Assert.Equal(t.nRP + t.nRCDRD + t.nCL + t.nBL, conflict);
        TestSystems.AssertClean(chk, sys.Now);
    }

    [Theory]
    [MemberData(nameof(PresetData))]
    public void UnloadedWriteLatencyMatchesTheFormula(string preset)
    {
        var cfg = Presets.Get(preset);
        cfg.Controller.Refresh = RefreshKind.Off;
        var t = cfg.Timing;
        var sys = new MemorySystem(cfg);
        long lat = -1;
        sys.Submit(0, true, cfg.Org.AccessBytes, 50, default, (in Completion c, ReadOnlySpan<byte> _) => lat = c.LatencyCycles);
        sys.RunToCompletion();
        Assert.Equal(t.nRCDWR + t.nCWL + t.nBL, lat);
    }

    /// <summary>Stream bandwidth in % of peak. Long enough to cover many refresh intervals past the postpone limit,
    /// so refresh is in steady state; a shorter prefix of the same stream goes through the checker.</summary>
    internal static double Stream(MemoryConfig cfg, long n)
    {
        var (chkSys, chk) = TestSystems.Checked(cfg);
        SimulationRunner.Run(chkSys, new PatternGenerator(Pattern.Stream, 20_000, 1, cfg.Org.CapacityBytes, cfg.Org.AccessBytes));
        TestSystems.AssertClean(chk, chkSys.Now);
        var sys = new MemorySystem(cfg);
        SimulationRunner.Run(sys, new PatternGenerator(Pattern.Stream, n, 1, cfg.Org.CapacityBytes, cfg.Org.AccessBytes));
        var r = Stats.ReportBuilder.Build(sys, "stream", 0);
        return r.BandwidthPercentOfPeak;
    }

    [Theory]
    [MemberData(nameof(PresetData))]
    public void SequentialStreamReachesPeakBandwidth(string preset)
    {
        var off = Presets.Get(preset);
        off.Controller.Refresh = RefreshKind.Off;
        double pOff = Stream(off, 200_000);
        var on = Presets.Get(preset);
        double pOn = Stream(on, 1_000_000);
        output.WriteLine($"{preset}: stream {pOff:F2} % of {off.Org.PeakBandwidthGBps} GB/s with refresh off, {pOn:F2} % with {on.Controller.Refresh} refresh");
        Assert.True(pOff >= 95, $"refresh off: {pOff:F2} % of peak < 95 %");
        double floor = RefreshFloorPercent(on);
        Assert.True(pOn >= floor, $"refresh {on.Controller.Refresh}: {pOn:F2} % of peak < its floor {floor:F2} %");
    }

    /// <summary>
    /// A preset's stream floor with its own refresh, from the refresh-ceiling formula (reference hbm3e-hbm4.md):
    /// all-bank refresh loses (nRTP + nRP + nRFC + nRCD) / nREFI, so its floor is that ceiling less 2 points;
    /// per-bank refresh hides behind traffic, so it must beat the all-bank ceiling and reach 90 %.
    /// </summary>
    public static double RefreshFloorPercent(MemoryConfig c)
    {
        double ceiling = 100 * Spec.StandardPresetTests.AllBankRefreshCeiling(c);
        return c.Controller.Refresh == RefreshKind.AllBank ? ceiling - 2 : Math.Max(90, ceiling);
    }

    [Theory]
    [InlineData("hbm2-2000", 256.0)]
    [InlineData("hbm2-2400", 307.2)]
    [InlineData("hbm2e-3200", 409.6)]
    [InlineData("hbm2e-3600", 460.8)]
    [InlineData("hbm2-2000-legacy", 256.0)]
    [InlineData("hbm3-6400", 819.2)]
    public void PeakBandwidthIsPinsTimesRate(string preset, double gbps) =>
        Assert.Equal(gbps, Presets.Get(preset).Org.PeakBandwidthGBps, 6);

    [Fact]
    public void AllBankRefreshStillReaches90PercentOnHbm2Legacy()
    {
        var cfg = Presets.Get("hbm2-2000-legacy");
        cfg.Controller.Refresh = RefreshKind.AllBank;
        double p = Stream(cfg, 1_000_000);
        output.WriteLine($"legacy all-bank refresh: {p:F2} %");
        Assert.True(p >= 90);
    }
}
