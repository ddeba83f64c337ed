using System.Text.Json;

namespace HwModel.Cli.Regress;

/// <summary>The JSON summary of a regression run (summary.json; schema in docs/regress.md).</summary>
public sealed class RegressSummary
{
    public int SchemaVersion { get; set; } = 1;
    public List<string> Suites { get; set; } = [];
    public ulong Seed { get; set; }
    /// <summary>i/N; a merged summary has N shards and "merged".</summary>
    public string Shard { get; set; } = "0/1";
    public string ShardSource { get; set; } = "none";
    /// <summary>Every scenario the selection held before sharding: a merge checks that the shards cover them.
    /// </summary>
    public List<string> Selected { get; set; } = [];
    public List<ScenarioResult> Scenarios { get; set; } = [];
    public int Passed { get; set; }
    public int Failed { get; set; }
    public int Errors { get; set; }
    public int Skipped { get; set; }
    public bool Interrupted { get; set; }
    public double WallSeconds { get; set; }

    public bool Ok => Failed == 0 && Errors == 0 && !Interrupted;

    public void Count()
    {
        Passed = Scenarios.Count(s => s.Status == "passed");
        Failed = Scenarios.Count(s => s.Status == "failed");
        Errors = Scenarios.Count(s => s.Status == "error");
        Skipped = Scenarios.Count(s => s.Status == "skipped");
    }

    public string ToJson() => JsonSerializer.Serialize(this, RegressJson.Default.RegressSummary);

    public static RegressSummary FromJson(string json) =>
        JsonSerializer.Deserialize(json, RegressJson.Default.RegressSummary)
        ?? throw new JsonException("empty summary");
}
