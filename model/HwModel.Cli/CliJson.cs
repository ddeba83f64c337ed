using System.Text.Json.Serialization;

namespace HwModel.Cli;

/// <summary>The source-generated JSON reader and writer of the CLI's own documents (bench rows, bench files).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BenchCommand.Row))]
[JsonSerializable(typeof(BenchCommand.BenchDoc))]
[JsonSerializable(typeof(CosimBench.CosimBenchDoc))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>The same on one line (a bench child's answer to its parent).</summary>
    public static CliJson Compact { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
    });
}
