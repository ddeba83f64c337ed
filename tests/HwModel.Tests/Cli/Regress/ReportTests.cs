using System.Text.RegularExpressions;
using Xunit;

namespace HwModel.Tests.Cli.Regress;

/// <summary>End-to-end: <c>regress --report</c> and <c>regress merge --report</c> write a page whose every image is
/// a PNG on disk, failing scenarios first.</summary>
public class ReportTests
{
    private const string Suite = """
        suite = "rep"
        [[scenario]]
        name = "a-traffic"
        config = "hbm3-6400"
        golden = false
        workload = { kind = "pattern", pattern = "mix", requests = 3000 }
        epoch-cycles = 500
        [[scenario]]
        name = "b-pim"
        config = "hbm2-2000-pim"
        golden = false
        workload = { kind = "pim", kernel = "gemv", m = 64, n = 64 }
        [[scenario]]
        name = "z-fails"
        config = "hbm2-2000"
        golden = false
        workload = { kind = "pattern", pattern = "stream", requests = 1000 }
        checks = ["bandwidthPercentOfPeak > 1000"]
        """;

    private static List<string> Images(string index)
    {
        var html = File.ReadAllText(index);
        var srcs = Regex.Matches(html, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        foreach (var s in srcs)
        {
            string p = Path.Combine(Path.GetDirectoryName(index)!, s);
            Assert.True(File.Exists(p), s);
            var head = File.ReadAllBytes(p).Take(8).ToArray();
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);
        }
        return srcs;
    }

    [Fact]
    public void The_report_has_every_plot_and_puts_failures_first()
    {
        var d = Path.GetDirectoryName(Paths.Temp("rep.toml", Suite))!;
        var r = CliTests.HwIn(d, "regress", "rep.toml", "--out", "o", "--report", "rep", "--jobs", "2");
        Assert.Equal(1, r.Code);
        Assert.Contains("report: rep/index.html", r.Out);
        string index = Path.Combine(d, "rep", "index.html");
        var imgs = Images(index);
        foreach (var kind in new[] { "bandwidth", "latency-histogram", "latency-cdf", "bank-activations",
                     "bank-row-hit-rate" })
            Assert.Contains($"img/rep-a-traffic-{kind}.png", imgs);
        Assert.Contains("img/rep-b-pim-bank-activations.png", imgs);
        var html = File.ReadAllText(index);
        int fail = html.IndexOf("id=\"s-rep-z-fails\"", StringComparison.Ordinal);
        int pass = html.IndexOf("id=\"s-rep-a-traffic\"", StringComparison.Ordinal);
        Assert.True(fail > 0 && pass > fail, "the failing scenario comes first");
        Assert.Contains("bandwidthPercentOfPeak", html);
        Assert.Contains("--filter z-fails", html);
        Assert.Contains("dataset.imagesLoaded", html);
    }

    [Fact]
    public void A_merged_report_draws_from_every_shard()
    {
        var d = Path.GetDirectoryName(Paths.Temp("rep.toml", Suite))!;
        foreach (var i in new[] { "0", "1" })
            CliTests.HwIn(d, "regress", "rep.toml", "--shard", $"{i}/2", "--out", $"s{i}", "--report", $"r{i}");
        var whole = CliTests.HwIn(d, "regress", "rep.toml", "--out", "w", "--report", "rw");
        var m = CliTests.HwIn(d, "regress", "merge", "s0", "s1", "--out", "m", "--report", "rm");
        Assert.Equal(whole.Code, m.Code);
        Assert.Equal(Images(Path.Combine(d, "rw", "index.html")).Order(),
            Images(Path.Combine(d, "rm", "index.html")).Order());
    }

    [Fact]
    public void Detail_for_a_report_does_not_change_the_metrics_goldens_see()
    {
        var d = Path.GetDirectoryName(Paths.Temp("rep.toml", Suite))!;
        CliTests.HwIn(d, "regress", "rep.toml", "--out", "plain", "--filter", "a-traffic");
        CliTests.HwIn(d, "regress", "rep.toml", "--out", "rich", "--filter", "a-traffic", "--report", "r");
        static string Metrics(string f) => System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(f))!
            ["scenarios"]![0]!["metrics"]!.ToJsonString();
        Assert.Equal(Metrics(Path.Combine(d, "plain", "summary.json")),
            Metrics(Path.Combine(d, "rich", "summary.json")));
    }
}
