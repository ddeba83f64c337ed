using System.Text.Json.Serialization;
using HwModel.Pim.Runtime;

namespace HwModel.Stats;

/// <summary>The source-generated JSON writer of the model's reports (camelCase, indented, nulls left out).</summary>
/// <remarks>Generated at build time so that the ahead-of-time compiled CLI needs no reflection to write
/// stats.</remarks>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(PimResult))]
public sealed partial class ReportJson : JsonSerializerContext;
