using System.Globalization;
using System.Net;
using System.Text;

namespace HwModel.Cli.Regress.Report;

/// <summary>Writes a regression run as one static HTML page (index.html) with its PNG plots under img/: the
/// summary, the golden deltas of every scenario, then each scenario, failing ones first.</summary>
public static class ReportPage
{
    private static string H(string s) => WebUtility.HtmlEncode(s);

    private static string F(double v, string f = "0.###") => v.ToString(f, CultureInfo.InvariantCulture);

    /// <summary>Failed and errored scenarios first, then skipped, then passed; by id within each.</summary>
    public static List<ScenarioResult> Order(IEnumerable<ScenarioResult> s) =>
        [.. s.OrderBy(r => r.Status switch { "failed" or "error" => 0, "skipped" => 1, _ => 2 })
            .ThenBy(r => r.Id, StringComparer.Ordinal)];

    /// <param name="detailOf">Finds a scenario's detail file (in the run's, or a shard's, output directory).</param>
    /// <returns>The number of images written.</returns>
    /// <param name="jobs">Scenarios whose plots are drawn at once.</param>
    public static int Write(RegressSummary summary, Func<ScenarioResult, ScenarioDetail?> detailOf, string dir,
        int jobs = 1)
    {
        Directory.CreateDirectory(Path.Combine(dir, "img"));
        var ordered = Order(summary.Scenarios);
        var drawn = new List<(string File, string Kind)>[ordered.Count];
        Parallel.For(0, ordered.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) },
            i => drawn[i] = Draw(ordered[i], detailOf(ordered[i]), dir));
        int images = 0;
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>HwModel regression report</title>
            <style>
            body{font-family:sans-serif;margin:2em;max-width:1500px;color:#222}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
            .passed{color:#1a7f37}.failed,.error{color:#cf222e;font-weight:bold}.skipped{color:#9a6700}
            section{border-top:2px solid #ddd;margin-top:1.5em;padding-top:.5em}
            img{max-width:100%;margin:4px;border:1px solid #eee}code{background:#f4f4f4;padding:1px 4px}
            .bad{background:#ffebe9}
            </style></head><body>
            """);
        html.Append($"<h1>HwModel regression report</h1>\n<p>Suites {H(string.Join(", ", summary.Suites))}; " +
                    $"seed {summary.Seed}; shard {H(summary.Shard)} ({H(summary.ShardSource)}); " +
                    $"{summary.Scenarios.Count} scenarios in {F(summary.WallSeconds, "0.0")} s" +
                    (summary.Interrupted ? "; <b>interrupted</b>" : "") + "</p>\n");
        html.Append($"<p id=\"counts\"><span class=\"passed\">{summary.Passed} passed</span>, " +
                    $"<span class=\"failed\">{summary.Failed} failed</span>, " +
                    $"<span class=\"error\">{summary.Errors} errors</span>, " +
                    $"<span class=\"skipped\">{summary.Skipped} skipped</span></p>\n");

        var deltas = ordered.Where(r => r.GoldenStatus == "compared")
            .Select(r => (r.Id, Worst(r), r.GoldenDeltas.All(d => d.Ok))).ToList();
        if (ReportPlots.GoldenDeltas(deltas, Path.Combine(dir, "img", "golden-deltas.png")))
        {
            html.Append("<h2>Against the goldens</h2>\n<img src=\"img/golden-deltas.png\" alt=\"golden deltas\">\n");
            images++;
        }

        html.Append("<h2>Scenarios</h2>\n<table><tr><th>status</th><th>scenario</th><th>kind</th><th>config</th>" +
                    "<th>golden</th><th>largest change</th><th>wall s</th></tr>\n");
        foreach (var r in ordered)
            html.Append($"<tr><td class=\"{r.Status}\">{r.Status}</td><td><a href=\"#{Anchor(r)}\">{H(r.Id)}</a></td>" +
                        $"<td>{H(r.Kind)}</td><td>{H(r.Config)}</td><td>{H(r.GoldenStatus)}</td>" +
                        $"<td>{(r.GoldenDeltas.Count > 0 ? F(Worst(r)) + " %" : "")}</td>" +
                        $"<td>{F(r.WallSeconds, "0.00")}</td></tr>\n");
        html.Append("</table>\n");

        for (int i = 0; i < ordered.Count; i++)
        {
            var r = ordered[i];
            html.Append($"<section id=\"{Anchor(r)}\"><h3><span class=\"{r.Status}\">{r.Status.ToUpperInvariant()}" +
                        $"</span> {H(r.Id)}</h3>\n<p>{H(r.Workload)} on {H(r.Config)}; seed {r.Seed}; replay: " +
                        $"<code>{H(r.Replay)}</code></p>\n");
            if (r.Error != null) html.Append($"<p class=\"error\">{H(r.Error)}</p>\n");
            if (r.Failures.Count > 0)
                html.Append("<ul>" + string.Concat(r.Failures.Select(f => $"<li class=\"failed\">{H(f)}</li>")) +
                            "</ul>\n");
            foreach (var (file, kind) in drawn[i])
            {
                html.Append($"<img src=\"img/{H(file)}\" alt=\"{H(r.Id)} {kind}\" width=\"480\">\n");
                images++;
            }
            Deltas(html, r);
            html.Append("</section>\n");
        }
        // the page marks how many of its images loaded: a headless browser's --dump-dom shows it (CI's check)
        html.Append("<script>addEventListener('load', () => { const i = [...document.images]; " +
                    "document.body.dataset.imagesLoaded = i.filter(x => x.complete && x.naturalWidth > 0).length + " +
                    "'/' + i.length; });</script>\n</body></html>\n");
        File.WriteAllText(Path.Combine(dir, "index.html"), html.ToString());
        return images;
    }

    /// <summary>Draws one scenario's plots; returns the files written, in page order.</summary>
    private static List<(string File, string Kind)> Draw(ScenarioResult r, ScenarioDetail? d, string dir)
    {
        var files = new List<(string, string)>();
        if (d == null) return files;
        string stem = $"{r.Suite}-{r.Name}";
        foreach (var (kind, draw) in new (string, Func<string, bool>)[]
                 {
                     ("bandwidth", p => ReportPlots.Bandwidth(d, p)),
                     ("latency-histogram", p => ReportPlots.LatencyHistogram(d, p)),
                     ("latency-cdf", p => ReportPlots.LatencyCdf(d, p)),
                     ("bank-activations", p => ReportPlots.BankHeatmap(d, false, p)),
                     ("bank-row-hit-rate", p => ReportPlots.BankHeatmap(d, true, p)),
                 })
        {
            string file = $"{stem}-{kind}.png";
            if (draw(Path.Combine(dir, "img", file))) files.Add((file, kind));
        }
        return files;
    }

    private static double Worst(ScenarioResult r) =>
        r.GoldenDeltas.Select(d => Math.Abs(d.DeltaPercent ?? (d.Ok ? 0 : 100))).DefaultIfEmpty(0).Max();

    private static string Anchor(ScenarioResult r) => "s-" + r.Suite + "-" + r.Name;

    private static void Deltas(StringBuilder html, ScenarioResult r)
    {
        if (r.GoldenStatus != "compared") { html.Append($"<p>golden: {H(r.GoldenStatus)}</p>\n"); return; }
        var moved = r.GoldenDeltas;
        if (moved.Count == 0)
        {
            html.Append($"<p>All {r.Metrics.Count} metrics equal the golden.</p>\n");
            return;
        }
        html.Append($"<p>{moved.Count} of {r.Metrics.Count} metrics differ from the golden:</p>\n<table><tr>" +
                    "<th>metric</th><th>golden</th><th>actual</th><th>change</th><th>tolerance</th></tr>\n");
        foreach (var d in moved.OrderBy(d => d.Ok).ThenByDescending(d => Math.Abs(d.DeltaPercent ?? 0)))
            html.Append($"<tr class=\"{(d.Ok ? "" : "bad")}\"><td>{H(d.Metric)}</td>" +
                        $"<td>{(d.Golden is { } g ? ScenarioRunner.Fmt(g) : "-")}</td>" +
                        $"<td>{(d.Actual is { } a ? ScenarioRunner.Fmt(a) : "-")}</td>" +
                        $"<td>{(d.DeltaPercent is { } p ? F(p, "+0.###;-0.###") + " %" : "")}</td>" +
                        $"<td>{H(d.Tolerance)}</td></tr>\n");
        html.Append("</table>\n");
    }
}
