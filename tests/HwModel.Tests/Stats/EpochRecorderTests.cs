using HwModel.Config;
using HwModel.Engine;
using HwModel.Stats;
using HwModel.Traces;
using Xunit;

namespace HwModel.Tests;

public class EpochRecorderTests
{
    private static RunReport Run(string preset, Pattern p, int threads, long epoch, ulong seed = 3)
    {
        var cfg = Presets.Get(preset);
        var runner = new ChannelPartitionedRunner(cfg, null, epoch);
        var src = new PatternGenerator(p, 20_000, seed, cfg.Org.CapacityBytes, cfg.Org.AccessBytes,
            p == Pattern.Strided ? HwModel.Cli.Workloads.RowConflictStride(cfg) : 0);
        return ReportBuilder.Build(runner.Run(src, threads), src.Description);
    }

    [Theory]
    [InlineData("hbm3-6400", Pattern.Stream)]
    [InlineData("hbm2-2000", Pattern.Mix)]
    [InlineData("hbm4-8000", Pattern.Random)]
    [InlineData("hbm3e-9600", Pattern.Strided)]
    public void Epochs_add_up_to_the_run_and_do_not_depend_on_the_thread_count(string preset, Pattern p)
    {
        var r = Run(preset, p, 1, 1000);
        var e = r.Epochs!;
        Assert.Equal(1000, r.EpochCycles);
        Assert.True(e.Count >= 2, $"{e.Count} epochs");
        Assert.Equal(r.Channels.Sum(c => c.ReadBursts + c.WriteBursts), e.Sum(x => x.ReadBursts + x.WriteBursts));
        Assert.Equal(r.RowHits, e.Sum(x => Math.Round(x.RowHitRate * (x.ReadBursts + x.WriteBursts))));
        Assert.Equal(r.Commands["ACT"], e.Sum(x => x.Activates));
        Assert.Equal(r.Reads, e.Sum(x => x.ReadsCompleted));
        Assert.Equal(r.Writes, e.Sum(x => x.WritesCompleted));
        Assert.All(e, x => Assert.True(x.StartCycle == x.Epoch * 1000 && x.EndCycle <= r.Cycles + 1000));
        Assert.True(e.Max(x => x.ReadLatencyP99) <= r.ReadLatencyPercentiles["max"]);
        // Little's law over the run: the in-flight integral is the sum of all latencies
        double inFlight = e.Sum(x => x.AvgInFlight * (x.EndCycle - x.StartCycle));
        double latencies = r.AvgReadLatencyCycles * r.Reads + r.AvgWriteLatencyCycles * r.Writes;
        Assert.Equal(latencies, inFlight, latencies * 1e-9 + 1e-6);
        foreach (int t in new[] { 2, 3 })
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(e, ReportJson.Default.RunReport.Options),
                System.Text.Json.JsonSerializer.Serialize(Run(preset, p, t, 1000).Epochs,
                    ReportJson.Default.RunReport.Options));
    }

    [Fact]
    public void Epochs_are_off_by_default_and_on_in_the_csv_when_asked()
    {
        Assert.Null(Run("hbm3-6400", Pattern.Random, 1, 0).Epochs);
        var csv = CsvReport.Format(Run("hbm3-6400", Pattern.Random, 1, 500)).Split('\n');
        int cols = csv[0].Split(',').Length;
        Assert.Contains("epoch", csv[0].Split(','));
        Assert.Contains(csv, l => l.StartsWith("epoch,", StringComparison.Ordinal));
        Assert.All(csv.Where(l => l.Length > 0), l => Assert.Equal(cols, l.Split(',').Length));
    }
}
