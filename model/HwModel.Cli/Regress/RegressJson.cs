using System.Text.Json.Serialization;

namespace HwModel.Cli.Regress;

/// <summary>Source-generated JSON of regression summaries (no reflection, so the AOT-compiled CLI writes them).
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegressSummary))]
[JsonSerializable(typeof(ScenarioDetail))]
internal sealed partial class RegressJson : JsonSerializerContext;
