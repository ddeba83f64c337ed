using System.Text.Json.Serialization;

namespace HwModel.Waves;

/// <summary>Source-generated JSON for the few strings timelines quote (Native AOT has no reflection).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class WaveJson : JsonSerializerContext;
