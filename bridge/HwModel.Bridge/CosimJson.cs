using System.Text.Json.Serialization;

namespace HwModel.Bridge;

/// <summary>The source-generated JSON writer of co-simulation reports (camelCase, indented, nulls left out).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CosimReport))]
public sealed partial class CosimJson : JsonSerializerContext;
