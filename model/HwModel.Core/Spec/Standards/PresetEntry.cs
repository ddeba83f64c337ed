using HwModel.Config;

namespace HwModel.Spec.Standards;

/// <summary>A named preset: its name and how to build a fresh copy (the copy carries its own source text).</summary>
public sealed record PresetEntry(string Name, Func<MemoryConfig> Build);
