using HwModel.Addressing;
using HwModel.Config;
using Xunit;

namespace HwModel.Tests;

public class ConfigTests
{
    [Fact]
    public void EveryPresetValidatesAndNamesItsSource()
    {
        foreach (var n in Presets.Names)
        {
            var c = Presets.Get(n);
            ConfigValidator.Validate(c, n);
            Assert.False(string.IsNullOrWhiteSpace(c.Source));
            Assert.False(string.IsNullOrWhiteSpace(c.Energy.Source));
        }
    }

    [Theory]
    [InlineData("hbm2-2000", 8L << 30)]
    [InlineData("hbm2-2000-legacy", 8L << 30)]
    [InlineData("hbm2e-3200", 16L << 30)]
    [InlineData("hbm3-6400", 16L << 30)]
    public void CapacityMatchesTheStatedDensity(string preset, long bytes) => Assert.Equal(bytes, Presets.Get(preset).Org.CapacityBytes);

    [Fact]
    public void TomlPicksAPresetAndOverridesFields()
    {
        var c = ConfigLoader.Load(Paths.Testbench("configs", "hbm3-closed-page.toml"));
        Assert.Equal("hbm3-closed-page", c.Name);
        Assert.Equal(Standard.HBM3, c.Org.Standard);
        Assert.Equal(22, c.Timing.nCL);
        Assert.Equal(PagePolicyKind.Closed, c.Controller.PagePolicy);
        Assert.Equal(SchedulerKind.FCFS, c.Controller.Scheduler);
        Assert.Equal(16, c.Controller.ReadQueueDepth);
        Assert.Equal(31, c.Timing.nRCDRD); // untouched fields keep the preset's value
    }

    [Fact]
    public void JsonPicksAPresetAndOverridesFields()
    {
        var c = ConfigLoader.Load(Paths.Testbench("configs", "hbm2-allbank.json"));
        Assert.Equal(RefreshKind.AllBank, c.Controller.Refresh);
        Assert.Equal(2, c.Controller.RefreshPostponeLimit);
        Assert.True(c.Org.XorBankHash);
    }

    [Fact]
    public void SetOverridesComeLast()
    {
        var c = ConfigLoader.Load("hbm2-2000", ["timing.nCL=20", "ReadQueueDepth=8", "org.XorBankHash=true"]);
        Assert.Equal(20, c.Timing.nCL);
        Assert.Equal(8, c.Controller.ReadQueueDepth);
        Assert.True(c.Org.XorBankHash);
    }

    private static ConfigException Fails(Action a) => Assert.Throws<ConfigException>(a);

    [Fact]
    public void RejectsNrcBelowNrasPlusNrpNamingFieldValueAndRule()
    {
        var e = Fails(() => ConfigLoader.Load("hbm2-2000", ["timing.nRC=40"]));
        Assert.Equal("timing.nRC", e.Field);
        Assert.Equal("40", e.Value);
        Assert.Contains("nRC must be >= nRAS + nRP (34 + 14 = 48)", e.Message);
    }

    [Theory]
    [InlineData("timing.nCCDL=1", "timing.nCCDL", "nCCDL must be >= nCCDS")]
    [InlineData("timing.nRRDL=1", "timing.nRRDL", "nRRDL must be >= nRRDS")]
    [InlineData("timing.nWTRL=1", "timing.nWTRL", "nWTRL must be >= nWTRS")]
    [InlineData("timing.nRAS=10", "timing.nRAS", "nRAS must be >= nRCDRD")]
    [InlineData("timing.nREFI=300", "timing.nREFI", "nREFI must be > nRFC")]
    [InlineData("timing.nFAW=1", "timing.nFAW", "nFAW must be >= nRRDS")]
    [InlineData("timing.nCL=0", "timing.nCL", "positive integer")]
    [InlineData("timing.nBL=4", "timing.nBL", "BurstLength / (nBL x TckPs)")]
    [InlineData("org.Rows=1000", "org.Rows", "(8-high, 8 Gb dies) holds 8 GiB")]
    [InlineData("org.Rows=4", "org.Rows", "must be 8..1048576")]
    [InlineData("org.Columns=48", "org.Columns", "power of two")]
    [InlineData("org.StackIds=2", "org.StackIds", "JESD235 (HBM2) has no stack IDs")]
    [InlineData("org.StackHeight=6", "org.StackHeight", "must be 0 (not stated), 2, 4, 8, 12 or 16")]
    [InlineData("org.ActHalfCycles=3", "org.ActHalfCycles", "whole clocks")]
    [InlineData("org.Channels=3", "org.Channels", "power of two")]
    [InlineData("org.AddressMapping=RoBaCo", "org.AddressMapping", "must place")]
    [InlineData("org.AddressMapping=RoXxBaBgCoPcCh", "org.AddressMapping", "unknown field 'Xx'")]
    [InlineData("org.AddressMapping=RoRoBaBgCoPcCh", "org.AddressMapping", "appears twice")]
    [InlineData("controller.WriteLowWatermark=30", "controller.WriteLowWatermark", "WriteHighWatermark")]
    [InlineData("controller.RfmThreshold=10", "controller.RfmThreshold", "has no RFM (it exists from HBM3 on)")]
    [InlineData("controller.RefreshPostponeLimit=9", "controller.RefreshPostponeLimit", "JEDEC")]
    [InlineData("timing.nCL=abc", "timing.nCL", "expected an integer")]
    [InlineData("controller.Scheduler=LIFO", "controller.Scheduler", "one of FRFCFS, FCFS")]
    [InlineData("timing.nCLX=3", "timing.nCLX", "unknown field")]
    [InlineData("nCL", "nCL", "expected field=value")]
    public void EachRuleGivesItsMessage(string set, string field, string rule)
    {
        var e = Fails(() => ConfigLoader.Load("hbm2-2000", [set]));
        Assert.Equal(field, e.Field);
        Assert.Contains(rule, e.Message);
    }

    [Fact]
    public void UnknownPresetListsTheKnownOnes()
    {
        var e = Fails(() => ConfigLoader.Load("hbm9-9999"));
        Assert.Contains("hbm3-6400", e.Message);
    }

    [Fact]
    public void TomlErrorsNameFileAndLine()
    {
        var p = Paths.Temp("bad.toml", "preset = \"hbm2-2000\"\n\n[timing]\nnCL = 14\nnRC = 20\n");
        var e = Fails(() => ConfigLoader.Load(p));
        Assert.Contains("bad.toml", e.Message);
        Assert.Contains("timing.nRC", e.Message);
        var p2 = Paths.Temp("typo.toml", "[timing]\nnCL = 14\nnCLL = 3\n");
        var e2 = Fails(() => ConfigLoader.Load(p2));
        Assert.Contains("typo.toml:3", e2.Message);
        var p3 = Paths.Temp("syntax.toml", "[timing\nnCL = 14\n");
        Assert.Contains("syntax.toml", Fails(() => ConfigLoader.Load(p3)).Message);
        var p4 = Paths.Temp("section.toml", "[timing]\nReadQueueDepth = 3\n");
        Assert.Contains("did you mean controller.ReadQueueDepth", Fails(() => ConfigLoader.Load(p4)).Message);
    }

    [Fact]
    public void JsonErrorsNameFileAndLine()
    {
        var p = Paths.Temp("bad.json", "{\n  \"preset\": \"hbm2-2000\",\n  \"timing\": {\n    \"nCL\": \"fast\"\n  }\n}\n");
        var e = Fails(() => ConfigLoader.Load(p));
        Assert.Contains("bad.json:4", e.Message);
        Assert.Contains("expected an integer", e.Message);
        var p2 = Paths.Temp("broken.json", "{\n \"preset\": \"hbm2-2000\",\n \"timing\": { \"nCL\": 3 \n");
        Assert.Contains("broken.json", Fails(() => ConfigLoader.Load(p2)).Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Fails(() => ConfigLoader.Load("no/such/config.toml"));
        Assert.Contains("file not found", e.Message);
    }
}

public class DramSim3ImportTests
{
    private static MemoryConfig Import(out List<string> warnings)
    {
        warnings = [];
        return DramSim3Importer.Import(Paths.Testbench("configs", "HBM2_8Gb_x128.ini"), warnings);
    }

    [Fact]
    public void ReadsTheFileTheWayDramSim3Does()
    {
        var c = Import(out _);
        Assert.Equal(64, c.Org.AccessBytes);          // bus_width / 8 x BL
        Assert.Equal(32, c.Org.Columns);              // 2 x 64 columns / BL 4
        Assert.Equal(2048, c.Org.PageBytes);
        Assert.Equal(2, c.Timing.nBL);
        Assert.Equal(48, c.Timing.nRC);               // tRAS + tRP, not a field
        Assert.Equal(5, c.Timing.nRTP);               // DRAMSim3's built-in default
        Assert.Equal(1, c.Timing.nCCDS);
        Assert.Equal(2, c.Timing.nCCDL);
        Assert.Equal(30, c.Timing.nFAW);
        Assert.Equal(260, c.Timing.nRFC);
        Assert.Equal(1, c.Org.StackIds);              // channel_size 1024 MB = one rank
        Assert.Equal(32, c.Controller.ReadQueueDepth);
        Assert.Equal(PagePolicyKind.Open, c.Controller.PagePolicy);
        Assert.Equal(8L << 30, c.Org.CapacityBytes);
        Assert.Equal(256.0, c.Org.PeakBandwidthGBps, 6);
        Assert.Equal(390, c.Energy.IDD4RmA);
    }

    [Fact]
    public void AddressFieldsLandWhereDramSim3PutsThem()
    {
        // rorabgbachco on 8 x 128-bit channels: byte [5:0], column [10:6], channel [13:11], bank [15:14], bank group [17:16], row [32:18]
        var m = new AddressMapper(Import(out _).Org);
        m.Decode((5L << 6) | (3L << 11) | (2L << 14) | (1L << 16) | (12345L << 18) | 0x2A, out var d);
        Assert.Equal((5, 3, 2, 1, 12345), (d.Column, d.Channel, d.BankInGroup, d.BankGroup, d.Row));
    }

    [Fact]
    public void WarnsAboutFieldsItDoesNotUse()
    {
        Import(out var w);
        Assert.Contains(w, x => x.Contains("tRTP_L") && x.Contains("not read by DRAMSim3"));
        Assert.Contains(w, x => x.Contains("tRTP_S"));
        Assert.Contains(w, x => x.Contains("cmd_queue_size"));
        Assert.Contains(w, x => x.Contains("tXS"));
        Assert.All(w, x => Assert.Contains("HBM2_8Gb_x128.ini:", x));
    }

    [Fact]
    public void ErrorsNameFileLineAndField()
    {
        var text = File.ReadAllText(Paths.Testbench("configs", "HBM2_8Gb_x128.ini"));
        var p = Paths.Temp("bad.ini", text.Replace("protocol = HBM2", "protocol = DDR4"));
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(p));
        Assert.Contains("bad.ini:3", e.Message);
        Assert.Contains("dram_structure.protocol", e.Message);
        var p2 = Paths.Temp("bad2.ini", text.Replace("CL = 14", "CL = fourteen"));
        Assert.Contains("timing.CL", Assert.Throws<ConfigException>(() => ConfigLoader.Load(p2)).Message);
        var p3 = Paths.Temp("bad3.ini", text.Replace("channel_size = 1024", "channel_size = 1000"));
        Assert.Contains("system.channel_size", Assert.Throws<ConfigException>(() => ConfigLoader.Load(p3)).Message);
        var p4 = Paths.Temp("bad4.ini", text.Replace("tRAS = 34", "tRAS = 3"));
        Assert.Contains("nRAS", Assert.Throws<ConfigException>(() => ConfigLoader.Load(p4)).Message);
    }

    [Fact]
    public void ImportedConfigRunsCleanly()
    {
        var c = Import(out _);
        var (sys, chk) = TestSystems.Checked(c);
        HwModel.Engine.SimulationRunner.Run(sys, new HwModel.Traces.PatternGenerator(HwModel.Traces.Pattern.Mix,
            5000, 3, c.Org.CapacityBytes, c.Org.AccessBytes));
        TestSystems.AssertClean(chk, sys.Now);
    }
}

public class AddressMappingTests
{
    [Theory]
    [InlineData("RoBaBgCoPcCh", false)]
    [InlineData("RoBaBgCoPcCh", true)]
    [InlineData("rorabgbachco", false)]
    [InlineData("ChPcRoBaBgCo", false)]
    public void DecodeAndEncodeAreInverse(string mapping, bool xor)
    {
        var o = Presets.Get("hbm2-2000").Org;
        o.AddressMapping = mapping.Replace("ra", "pc");
        o.XorBankHash = xor;
        var m = new AddressMapper(o);
        var rng = new Util.SplitMix64(5);
        for (int i = 0; i < 2000; i++)
        {
            long a = (long)rng.Below((ulong)o.CapacityBytes) & ~(long)(o.AccessBytes - 1);
            m.Decode(a, out var d);
            Assert.Equal(a, m.Encode(d));
        }
    }

    [Fact]
    public void RamulatorStyleStringPlacesFieldsMostSignificantFirst()
    {
        var o = Presets.Get("hbm3-6400").Org; // RoBaSiCoBgPcCh
        var m = new AddressMapper(o);
        // 32 B offset (5 bits), channel 4 bits, pc 1, bg 2, column 5, sid 1, bank 2, row 14
        m.Decode((3L << 5) | (1L << 9) | (2L << 10) | (17L << 12) | (1L << 17) | (3L << 18) | (999L << 20), out var d);
        Assert.Equal((3, 1, 2, 17, 1, 3, 999), (d.Channel, d.PseudoChannel, d.BankGroup, d.Column, d.StackId, d.BankInGroup, d.Row));
        Assert.Equal((1 * 4 + 2) * 4 + 3, d.Bank);
    }
}
