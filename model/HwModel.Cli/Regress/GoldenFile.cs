using System.Text.Json;
using System.Text.Json.Nodes;
using HwModel.Config;

namespace HwModel.Cli.Regress;

/// <summary>A suite's goldens: per scenario, the seed it ran with and every metric it reported.</summary>
/// <remarks>One JSON file per suite with sorted keys and one metric per line, so a change of the model shows in a
/// review as the lines of the metrics it moved.</remarks>
public sealed class GoldenFile
{
    public sealed record Entry(ulong Seed, SortedDictionary<string, double> Metrics);

    public string Path { get; }
    public SortedDictionary<string, Entry> Scenarios { get; } = new(StringComparer.Ordinal);

    private GoldenFile(string path) => Path = path;

    /// <summary>The goldens at <paramref name="path"/>, or none if the file does not exist yet.</summary>
    public static GoldenFile Load(string path)
    {
        var g = new GoldenFile(path);
        if (!File.Exists(path)) return g;
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e)
        {
            throw new ConfigException($"{path}:{(e.LineNumber ?? 0) + 1}", "golden", null, e.Message);
        }
        if (root?["scenarios"] is not JsonObject sc)
            throw new ConfigException(path, "scenarios", null, "expected a golden file with a \"scenarios\" object");
        foreach (var (name, node) in sc)
        {
            try
            {
                var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
                foreach (var (k, v) in node!["metrics"]!.AsObject()) metrics[k] = v!.GetValue<double>();
                g.Scenarios[name] = new Entry(node["seed"]!.GetValue<ulong>(), metrics);
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
            {
                throw new ConfigException(path, $"scenarios.{name}", null,
                    "expected { \"seed\": integer, \"metrics\": { name: number } }");
            }
        }
        return g;
    }

    public void Save(string suite)
    {
        var sc = new JsonObject();
        foreach (var (name, e) in Scenarios)
        {
            var m = new JsonObject();
            foreach (var (k, v) in e.Metrics) m[k] = v;
            sc[name] = new JsonObject { ["seed"] = e.Seed, ["metrics"] = m };
        }
        var root = new JsonObject
        {
            ["suite"] = suite,
            ["note"] = "written by ./hwmodel regress --update-golden; review the diff before committing it",
            ["scenarios"] = sc,
        };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        File.WriteAllText(Path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Compares a result with its golden entry: sets its golden status and deltas, adds failures.</summary>
    public void Compare(Scenario s, ScenarioResult r)
    {
        if (!Scenarios.TryGetValue(s.Name, out var e))
        {
            r.GoldenStatus = "missing";
            r.Failures.Add($"no golden for {s.Id} in {Path}; record one with --update-golden and review it");
            return;
        }
        if (e.Seed != r.Seed)
        {
            r.GoldenStatus = "seed-differs";
            return;
        }
        r.GoldenStatus = "compared";
        int bad = 0;
        foreach (var (metric, golden) in e.Metrics)
        {
            var tol = s.ToleranceOf(metric);
            bool has = r.Metrics.TryGetValue(metric, out double actual);
            var d = new GoldenDelta
            {
                Metric = metric, Golden = golden, Actual = has ? actual : null, Tolerance = tol.ToString(),
                Ok = has && tol.Allows(golden, actual),
                DeltaPercent = has && golden != 0 ? (actual - golden) / Math.Abs(golden) * 100 : null,
            };
            if (!d.Ok || golden != actual) r.GoldenDeltas.Add(d);
            if (!d.Ok && bad++ < 8)
                r.Failures.Add(has
                    ? $"golden {metric}: {ScenarioRunner.Fmt(actual)}, expected {ScenarioRunner.Fmt(golden)}" +
                      (d.DeltaPercent is { } p ? $" ({p:+0.###;-0.###}%)" : "") + $", tolerance {tol}"
                    : $"golden {metric}: not reported any more (expected {ScenarioRunner.Fmt(golden)})");
        }
        if (bad > 8) r.Failures.Add($"golden: {bad - 8} more metrics differ");
    }
}
