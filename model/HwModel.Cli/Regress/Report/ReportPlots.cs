using ScottPlot;

namespace HwModel.Cli.Regress.Report;

/// <summary>Draws the report's PNG plots with ScottPlot: bandwidth over time, the read-latency histogram and CDF,
/// per-bank heatmaps, and the suite's golden deltas.</summary>
public static class ReportPlots
{
    private const int Width = 720, Height = 360;

    /// <summary>Bandwidth per epoch against simulated time.</summary>
    public static bool Bandwidth(ScenarioDetail d, string path)
    {
        if (d.Epochs is not { Count: > 0 } e) return false;
        double us = d.TckPs / 1e6;
        double[] x = [.. e.Select(p => p[0] * us)], bw = [.. e.Select(p => p[1])];
        var plt = new Plot();
        var s = plt.Add.Scatter(x, bw);
        s.MarkerSize = 0;
        s.LineWidth = 2;
        s.ConnectStyle = ConnectStyle.StepHorizontal;
        plt.Title($"bandwidth per {d.EpochCycles}-cycle epoch");
        plt.XLabel("simulated time (microseconds)");
        plt.YLabel("GB/s");
        plt.Axes.SetLimitsY(0, Math.Max(1, bw.Max() * 1.1));
        plt.SavePng(path, Width, Height);
        return true;
    }

    /// <summary>How many reads had each latency: bars of one cycle, or of as many cycles as keep them near 120.
    /// </summary>
    public static bool LatencyHistogram(ScenarioDetail d, string path)
    {
        if (d.ReadLatency is not { Count: > 0 } h) return false;
        long lo = h[0][0], hi = h[^1][0];
        long width = Math.Max(1, (hi - lo + 120) / 120);
        var bins = new SortedDictionary<long, double>();
        foreach (var b in h)
        {
            long k = (b[0] - lo) / width;
            bins[k] = bins.GetValueOrDefault(k) + b[1];
        }
        var plt = new Plot();
        var bars = plt.Add.Bars(bins.Keys.Select(k => lo + k * width + (width - 1) / 2.0).ToArray(),
            bins.Values.ToArray());
        foreach (var b in bars.Bars) { b.Size = width; b.LineWidth = 0; }
        plt.Title("read latency");
        plt.XLabel("cycles");
        plt.YLabel(width == 1 ? "reads" : $"reads per {width}-cycle bin");
        plt.Axes.Margins(bottom: 0);
        plt.SavePng(path, Width, Height);
        return true;
    }

    /// <summary>The share of reads that finished within each latency, with p50, p90 and p99 marked.</summary>
    public static bool LatencyCdf(ScenarioDetail d, string path)
    {
        if (d.ReadLatency is not { Count: > 0 } h) return false;
        double total = h.Sum(b => (double)b[1]), run = 0;
        var x = new List<double>();
        var y = new List<double>();
        foreach (var b in h)
        {
            run += b[1];
            x.Add(b[0]);
            y.Add(run / total);
        }
        var plt = new Plot();
        var s = plt.Add.Scatter(x.ToArray(), y.ToArray());
        s.MarkerSize = 0;
        s.LineWidth = 2;
        s.ConnectStyle = ConnectStyle.StepHorizontal;
        foreach (var p in new[] { 0.5, 0.9, 0.99 })
        {
            double at = x[y.FindIndex(v => v >= p)];
            var line = plt.Add.VerticalLine(at);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"p{p * 100:0} = {at:0} cycles";
        }
        plt.ShowLegend(Alignment.LowerRight);
        plt.Title("read latency CDF");
        plt.XLabel("cycles");
        plt.YLabel("share of reads");
        plt.Axes.SetLimitsY(0, 1.02);
        plt.SavePng(path, Width, Height);
        return true;
    }

    /// <summary>A heatmap over pseudo-channels (rows) and banks (columns); NaN cells are left blank.</summary>
    public static bool BankHeatmap(ScenarioDetail d, bool hitRate, string path)
    {
        if (d.BankRows.Count == 0) return false;
        int rows = d.BankRows.Count, banks = d.Activates[0].Length;
        var v = new double[rows, banks];
        bool any = false;
        for (int r = 0; r < rows; r++)
            for (int b = 0; b < banks; b++)
            {
                double x = hitRate ? d.RowHitRate[r][b] : d.Activates[r][b];
                v[r, b] = hitRate && x < 0 ? double.NaN : x;
                any |= !double.IsNaN(v[r, b]) && (hitRate || x > 0);
            }
        if (!any) return false;
        var plt = new Plot();
        var hm = plt.Add.Heatmap(v);
        hm.NaNCellColor = Colors.Transparent;
        hm.FlipVertically = true; // row 0 (ch0.pc0) at y = 0
        if (hitRate) hm.ManualRange = new ScottPlot.Range(0, 1);
        var cb = plt.Add.ColorBar(hm);
        cb.Label = hitRate ? "row-hit rate" : "activations";
        plt.Title(hitRate ? "row-hit rate per bank" : "activations per bank");
        plt.XLabel("bank (flat index in the pseudo-channel)");
        plt.YLabel($"pseudo-channel: channel x {Math.Max(1, rows / Math.Max(1, Channels(d)))} + pc");
        plt.SavePng(path, Width, Math.Clamp(120 + rows * 8, Height, 900));
        return true;
    }

    private static int Channels(ScenarioDetail d) => d.BankRows.Select(r => r.Split('.')[0]).Distinct().Count();

    /// <summary>The largest |change| against the golden of each scenario that has one (percent, one bar each).
    /// </summary>
    public static bool GoldenDeltas(IReadOnlyList<(string Id, double WorstPercent, bool Ok)> rows, string path)
    {
        if (rows.Count == 0) return false;
        var plt = new Plot();
        for (int i = 0; i < rows.Count; i++)
        {
            var bar = new Bar
            {
                Position = rows.Count - 1 - i, Value = rows[i].WorstPercent, Orientation = Orientation.Horizontal,
                FillColor = rows[i].Ok ? Colors.SteelBlue : Colors.Crimson, Size = 0.8,
            };
            plt.Add.Bar(bar);
        }
        var ticks = Enumerable.Range(0, rows.Count)
            .Select(i => new Tick(rows.Count - 1 - i, rows[i].Id)).ToArray();
        plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plt.Title("largest change against the golden (red: outside tolerance)");
        plt.XLabel("|change| of the metric that moved most (%)");
        plt.Axes.Margins(left: 0);
        plt.SavePng(path, 900, Math.Clamp(100 + rows.Count * 18, 220, 4000));
        return true;
    }
}
