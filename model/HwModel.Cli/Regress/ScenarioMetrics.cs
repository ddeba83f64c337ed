using System.Text.Json.Nodes;
using HwModel.Bridge;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Pim.Runtime;
using HwModel.Stats;

namespace HwModel.Cli.Regress;

/// <summary>A result as flat metrics: every number of its JSON (docs/stats-schema.md, docs/pim.md, docs/cosim.md)
/// under its dotted path, booleans as 1 and 0.</summary>
/// <remarks>The metric names are the JSON field names users already read, so nothing is named twice. Figures of
/// the host (wall time, rates, resident memory) are left out: a golden holds what the model decides, never how
/// fast this machine was.</remarks>
public static class ScenarioMetrics
{
    private static readonly HashSet<string> HostFigures =
    [
        "wallSeconds", "requestsPerSecond", "cyclesPerSecond", "peakResidentMB", "pimSimulationSeconds",
        "commandsPerSecond",
        // how the run was recorded, not what it did (a report turns epochs on)
        "epochCycles",
    ];

    private static readonly Dictionary<WorkloadKind, SortedSet<string>> KnownByKind = [];

    public static SortedDictionary<string, double> FromJson(string json)
    {
        var m = new SortedDictionary<string, double>(StringComparer.Ordinal);
        Flatten(JsonNode.Parse(json), "", m);
        return m;
    }

    private static void Flatten(JsonNode? n, string prefix, SortedDictionary<string, double> into)
    {
        switch (n)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                    if (!(prefix.Length == 0 && HostFigures.Contains(k))) Flatten(v, prefix + k + ".", into);
                break;
            case JsonValue v when v.TryGetValue<double>(out var d): into[prefix[..^1]] = d; break;
            case JsonValue v when v.TryGetValue<bool>(out var b): into[prefix[..^1]] = b ? 1 : 0; break;
        }
    }

    /// <summary>The metrics a workload kind reports, from an empty result of its type.</summary>
    public static IReadOnlyCollection<string> Known(WorkloadKind kind)
    {
        lock (KnownByKind)
        {
            if (KnownByKind.TryGetValue(kind, out var k)) return k;
            string json = kind switch
            {
                WorkloadKind.Pattern or WorkloadKind.Trace => EmptyRun(),
                WorkloadKind.Pim or WorkloadKind.Decode => new PimResult
                {
                    Verified = true, CheckerViolations = 0, Decode = kind == WorkloadKind.Decode ? new() : null,
                }.ToJson(),
                _ => new CosimReport { RtlCycles = 0, PimVerified = true }.ToJson(),
            };
            return KnownByKind[kind] = new SortedSet<string>(FromJson(json).Keys, StringComparer.Ordinal);
        }
    }

    /// <summary>True for a metric the kind reports; PIM command counts are per opcode and known only after a run.
    /// </summary>
    public static bool IsKnown(WorkloadKind kind, string metric) =>
        Known(kind).Contains(metric)
        || (kind is WorkloadKind.Pim or WorkloadKind.Decode
            && metric.StartsWith("commandCounts.", StringComparison.Ordinal));

    private static string EmptyRun()
    {
        var sys = new MemorySystem(Presets.Get(Presets.Default));
        var r = ReportBuilder.Build(sys, "", 0);
        r.Checker = new CheckerReport();
        return r.ToJson();
    }
}
