using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;
using HwModel.Spec.Standards;
using HwModel.Traces;
using Xunit;
using Xunit.Abstractions;

namespace HwModel.Tests.Spec;

/// <summary>The HBM3E and HBM4 presets against the reference facts, their geometry and their bandwidth
/// bounds.</summary>
public class StandardPresetTests(ITestOutputHelper output)
{
    [Fact]
    public void Hbm4TableEqualsTheReference()
    {
        // ../shared/reference/hbm3e-hbm4.md, HBM4 8 Gb/s: nanoseconds at tCK 0.5 ns (values written out by hand)
        var c = Presets.Get("hbm4-8000");
        var o = c.Org;
        Assert.Equal(Standard.HBM4, o.Standard);
        Assert.Equal((32, 2, 2, 8, 2, 16384, 32, 32, 8), (o.Channels, o.PseudoChannels, o.BankGroups, o.BanksPerGroup,
            o.StackIds, o.Rows, o.Columns, o.BusWidthBits, o.BurstLength));
        Assert.Equal(500, o.TckPs, 6);
        Assert.Equal((3, 1), (o.ActHalfCycles, o.RowCmdHalfCycles));
        Assert.Equal(2048, o.PeakBandwidthGBps, 6);
        Assert.Equal(32L << 30, o.CapacityBytes);
        var t = c.Timing;
        var expected = new Dictionary<string, int>
        {
            ["nBL"] = 2, ["nCL"] = 20, ["nCWL"] = 10, ["nRCDRD"] = 39, ["nRCDWR"] = 19, ["nRP"] = 33, ["nRAS"] = 57,
            ["nRC"] = 90, ["nWR"] = 42, ["nRTP"] = 12, ["nCCDS"] = 2, ["nCCDL"] = 4, ["nCCDR"] = 2, ["nRRDS"] = 5,
            ["nRRDL"] = 7, ["nFAW"] = 30, ["nWTRS"] = 9, ["nWTRL"] = 13, ["nRTW"] = 25, ["nPPD"] = 2,
            ["nRFCpb"] = 560, ["nRFC"] = 900, ["nREFI"] = 7800, ["nRREFD"] = 16, ["nRFM"] = 560, ["nRFMab"] = 0,
        };
        foreach (var (field, value) in expected)
            Assert.True(value == (int)ConfigFields.Find("timing." + field, "test").Get(c)!,
                $"{field}: expected {value}");
        Assert.Equal(2 * t.nRFCpb, t.nDRFM); // the stated assumption
        var names = TimingTable.For(c).Constraints.Select(r => r.Name).ToHashSet();
        foreach (var rule in new[] { "tRFMab", "tDRFM", "tRFM", "tCCDR.rd", "tPPD", "tRREFD" }) Assert.Contains(rule,
            names);
    }

    [Theory]
    [InlineData("hbm3e-8000", 1024.0)]
    [InlineData("hbm3e-9200", 1177.6)]
    [InlineData("hbm3e-9600", 1228.8)]
    [InlineData("hbm4-6400", 1638.4)]
    [InlineData("hbm4-8000", 2048.0)]
    [InlineData("hbm4-10000", 2560.0)]
    public void PeakBandwidthIsPinsTimesRate(string preset, double gbps) =>
        Assert.Equal(gbps, Presets.Get(preset).Org.PeakBandwidthGBps, 6);

    [Fact]
    public void Hbm3eHoldsHbm3NanosecondsAndTccdLAtItsFloor()
    {
        var hbm3 = Presets.Get("hbm3-6400");
        foreach (var name in new[] { "hbm3e-8000", "hbm3e-9200", "hbm3e-9600" })
        {
            var c = Presets.Get(name);
            Assert.Equal(Standard.HBM3E, c.Org.Standard);
            double ns(int cycles, double tck) => cycles * tck / 1000;
            foreach (var f in new[] { "nCL", "nRCDRD", "nRP", "nRAS", "nWR", "nRTP", "nFAW", "nRFCpb", "nREFI" })
            {
                int v = (int)ConfigFields.Find("timing." + f, "t").Get(c)!, v3 = (int)ConfigFields.Find("timing." + f,
                    "t").Get(hbm3)!;
                double want = ns(v3, hbm3.Org.TckPs), got = ns(v, c.Org.TckPs);
                Assert.True(got >= want - 1e-9 && got < want + c.Org.TckPs / 1000,
                    $"{name} {f}: {got} ns for {want} ns");
            }
            Assert.Equal(Math.Max(4, (int)Math.Ceiling(2500 / c.Org.TckPs - 1e-9)), c.Timing.nCCDL);
            Assert.Equal(24L << 30, c.Org.CapacityBytes); // 8-high, 24 Gb dies
            Assert.Equal(24576, c.Org.Rows);
        }
        Assert.Equal(6, Presets.Get("hbm3e-9600").Timing.nCCDL); // 2.5 ns at 0.417 ns
    }

    [Fact]
    public void EveryPresetsCapacityMatchesItsStatedStackAndDensity()
    {
        foreach (var n in Presets.Names)
        {
            var o = Presets.Get(n).Org;
            Assert.True(o.StatedCapacityBytes > 0, $"{n} states no stack height and die density");
            Assert.Equal(o.StatedCapacityBytes, o.CapacityBytes);
            if (StandardRegistry.Get(o.Standard).Has(StandardFeatures.StackIds))
                Assert.Equal(o.StackHeight / Organisation.DiesPerStackId, o.StackIds);
        }
    }

    [Theory]
    [InlineData("hbm4-8000", 4, 32, 1, 16)]
    [InlineData("hbm4-8000", 8, 32, 2, 32)]
    [InlineData("hbm4-8000", 12, 32, 3, 48)]
    [InlineData("hbm4-8000", 16, 32, 4, 64)]
    [InlineData("hbm4-8000", 8, 24, 2, 24)]
    [InlineData("hbm4-8000", 12, 24, 3, 36)]
    [InlineData("hbm3e-9600", 12, 24, 3, 36)]
    public void StackHeightAndDensityFieldsGiveEveryPartAndItRunsClean(string preset, int height, int die, int sids,
        int gb)
    {
        var c = ConfigLoader.Load(preset, [$"org.StackHeight={height}", $"org.DieDensityGb={die}"]);
        Assert.Equal(sids, c.Org.StackIds);
        Assert.Equal((long)gb << 30, c.Org.CapacityBytes);
        var sys = new MemorySystem(c);
        var chk = new HwModel.Checker.TimingChecker(c, sys.Table);
        var seen = new Reach(chk);
        sys.Observer = seen;
        SimulationRunner.Run(sys, new PatternGenerator(Pattern.Random, 20_000, 7, c.Org.CapacityBytes,
            c.Org.AccessBytes));
        TestSystems.AssertClean(chk, sys.Now);
        // random addresses over the whole capacity reach every stack ID and the top sixth of the rows
        Assert.Equal(sids, seen.StackIds.Count);
        Assert.True(seen.MaxRow >= c.Org.Rows * 5 / 6 && seen.MaxRow < c.Org.Rows,
            $"max row {seen.MaxRow} of {c.Org.Rows}");
    }

    /// <summary>Passes commands to the checker and notes the stack IDs and the highest row activated.</summary>
    private sealed class Reach(HwModel.Checker.TimingChecker inner) : ICommandObserver
    {
        public readonly HashSet<int> StackIds = [];
        public int MaxRow = -1;

        public void OnCommand(in CommandRecord r)
        {
            inner.OnCommand(r);
            if (r.Command != Command.ACT) return;
            StackIds.Add(r.StackId);
            MaxRow = Math.Max(MaxRow, r.Row);
        }
    }

    [Fact]
    public void AStatedStackThatDisagreesWithTheStackIdsIsRejected()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("hbm4-8000", ["org.StackHeight=12",
            "org.StackIds=2",
            "org.Rows=16384"]));
        Assert.Equal("org.Rows", e.Field);
        var e2 = Assert.Throws<ConfigException>(() => ConfigLoader.Load("hbm4-8000", ["org.StackHeight=12",
            "org.StackIds=2", "org.Rows=24576"]));
        Assert.Equal("org.StackIds", e2.Field);
        Assert.Contains("3 stack IDs", e2.Message);
    }

    /// <summary>Share of the pseudo-channel's data-bus time used by a read stream over the given banks of pc
    /// 0.</summary>
    private static double BusShare(MemoryConfig c, int[] bankGroups, int reads)
    {
        c.Controller.Refresh = RefreshKind.Off;
        var sys = new MemorySystem(c);
        var m = sys.Mapper;
        int cols = c.Org.Columns, bpg = c.Org.BanksPerGroup;
        for (int i = 0; i < reads; i++)
        {
            int bg = bankGroups[i % bankGroups.Length];
            int j = i / bankGroups.Length;
            var d = new Addressing.DecodedAddress
            {
                BankGroup = bg, BankInGroup = j / cols % bpg, Column = j % cols, Row = j / cols / bpg,
            };
            sys.Submit(m.Encode(d), false, c.Org.AccessBytes, 0);
        }
        sys.RunToCompletion();
        return (double)reads * c.Timing.nBL / sys.Now;
    }

    [Fact]
    public void AStreamConfinedToOneBankGroupOnHbm3e9600IsBoundByTccdL()
    {
        var c = Presets.Get("hbm3e-9600");
        double bound = (double)c.Timing.nBL / c.Timing.nCCDL; // 2 / 6: a third of the bus
        double one = BusShare(Presets.Get("hbm3e-9600"), [0], 6000);
        double all = BusShare(Presets.Get("hbm3e-9600"), [0, 1, 2, 3], 6000);
        output.WriteLine($"one bank group: {one:P1} of the bus (tCCD_L bound {bound:P1}); four: {all:P1}");
        Assert.True(one <= bound + 1e-9, $"{one:P2} exceeds the tCCD_L bound {bound:P2}");
        Assert.True(one >= 0.9 * bound, $"{one:P2} is far below the tCCD_L bound {bound:P2}");
        Assert.True(all >= 0.9, $"bank-group interleaving reaches only {all:P2}");
    }

    /// <summary>The stream ceiling under all-bank refresh: (nRTP + nRP + nRFC + nRCD) / nREFI of the time is
    /// lost.</summary>
    public static double AllBankRefreshCeiling(MemoryConfig c)
    {
        var t = c.Timing;
        return 1 - (double)(t.nRTP + t.nRP + t.nRFC + t.nRCDRD) / t.nREFI;
    }

    [Theory]
    [InlineData("hbm2-2000", 90.2)]
    [InlineData("hbm3-6400", 90.0)]
    [InlineData("hbm4-8000", 87.4)]
    public void RefreshCeilingFormulaGivesTheReferenceFigures(string preset, double percent) =>
        Assert.Equal(percent, 100 * AllBankRefreshCeiling(Presets.Get(preset)), 0.1);

    [Theory]
    [InlineData("hbm3e-9600")]
    [InlineData("hbm4-8000")]
    [InlineData("hbm4-10000")]
    public void AllBankRefreshStreamStaysWithinItsCeiling(string preset)
    {
        var c = Presets.Get(preset);
        c.Controller.Refresh = RefreshKind.AllBank;
        c.Controller.RefreshPostponeLimit = 0; // every refresh at its interval: steady state within a short stream
        double ceiling = 100 * AllBankRefreshCeiling(c);
        double p = LatencyAndBandwidthTests.Stream(c, 3_000_000);
        output.WriteLine($"{preset}: all-bank refresh stream {p:F2} % (ceiling {ceiling:F2} %)");
        Assert.True(p >= ceiling - 2, $"{p:F2} % is more than 2 points under the refresh ceiling {ceiling:F2} %");
        Assert.True(p <= ceiling + 2, $"{p:F2} % beats the refresh ceiling {ceiling:F2} % by more than 2 points");
    }

    [Fact]
    public void Hbm4At16GbPerChannelHasTheReferenceCeiling()
    {
        var c = ConfigLoader.Load("hbm4-8000", ["org.StackHeight=16", "timing.nRFC=1060"]); // 530 ns, 16 Gb/channel
        Assert.Equal(85.3, 100 * AllBankRefreshCeiling(c), 0.1);
    }
}
