using HwModel.Config;
using HwModel.Energy;
using HwModel.Engine;
using Xunit;

namespace HwModel.Tests;

public class EnergyTests
{
    [Fact]
    public void PerCommandEnergiesFollowTheIddFormulas()
    {
        var c = Presets.Get("hbm2-2000-legacy"); // one pseudo-channel per channel: no split
        var e = new EnergyModel(c);
        var t = c.Timing; var p = c.Energy;
        // mA x V x ns = pJ; tCK = 1 ns
        Assert.Equal(1.2 * (65 * 48 - (55 * 34 + 40 * (48 - 34))), e.ActPrePjEach, 6);
        Assert.Equal(1.2 * (390 - 55) * 2, e.ReadPjEach, 6);
        Assert.Equal(1.2 * (500 - 55) * 2, e.WritePjEach, 6);
        Assert.Equal(1.2 * (250 - 55) * t.nRFC, e.RefabPjEach, 6);
        Assert.Equal(1.2 * 55, e.ActiveStandbyPjPerCycle, 6);
        Assert.Equal(1.2 * 40, e.PrechargeStandbyPjPerCycle, 6);
        Assert.Equal(p.VddV * (p.IDD5ABmA - p.IDD3NmA) / 16 * t.nRFCpb, e.RefpbPjEach, 6);
    }

    [Fact]
    public void PseudoChannelsShareTheChannelCurrent()
    {
        var legacy = new EnergyModel(Presets.Get("hbm2-2000-legacy"));
        var pc = Presets.Get("hbm2-2000-legacy");
        pc.Org.PseudoChannels = 2; pc.Org.BusWidthBits = 64; pc.Org.AddressMapping = "RoBaBgCoPcCh";
        Assert.Equal(legacy.ReadPjEach / 2, new EnergyModel(pc).ReadPjEach, 6);
    }

    [Fact]
    public void RunReportsEnergyByComponentAndPerBit()
    {
        var cfg = Presets.Get("hbm2-2000");
        var sys = new MemorySystem(cfg);
        SimulationRunner.Run(sys, new HwModel.Traces.PatternGenerator(HwModel.Traces.Pattern.Mix, 20_000, 1,
            cfg.Org.CapacityBytes, cfg.Org.AccessBytes));
        var r = Stats.ReportBuilder.Build(sys, "mix", 1);
        var en = r.Energy;
        Assert.True(en.ActPrePj > 0 && en.ReadPj > 0 && en.WritePj > 0 && en.ActiveStandbyPj > 0);
        Assert.Equal(en.ActPrePj + en.ReadPj + en.WritePj + en.RefreshPj + en.ActiveStandbyPj + en.PrechargeStandbyPj, en.TotalPj, 3);
        Assert.Equal(en.TotalPj / ((r.Channels.Sum(c => c.ReadBursts + c.WriteBursts)) * 32 * 8.0), en.PjPerBit, 9);
        var m = new EnergyModel(cfg);
        Assert.Equal(m.ReadPjEach * (r.Commands["RD"] + r.Commands["RDA"]), en.ReadPj, 3);
        // every pseudo-channel's background time adds up to the run length
        foreach (var pc in sys.Controllers)
            Assert.Equal(sys.Now, pc.Counters.ActiveCycles + pc.Counters.PrechargedCycles);
    }
}
