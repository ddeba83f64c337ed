using HwModel.Spec.Standards;

namespace HwModel.Config;

/// <summary>
/// Named configurations, gathered from the standards' definitions (Spec/Standards). Every preset states its source;
/// numbers not given by that source are derived from it by a stated rule (nanoseconds scaled to the preset's tCK,
/// rounded up).
/// </summary>
public static class Presets
{
    public const string Default = "hbm3-6400";

    private static readonly Dictionary<string, Func<MemoryConfig>> Table = Build();

    private static Dictionary<string, Func<MemoryConfig>> Build()
    {
        var d = new Dictionary<string, Func<MemoryConfig>>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in StandardRegistry.All)
            foreach (var p in s.Presets)
                if (!d.TryAdd(p.Name,
                    p.Build)) throw new InvalidOperationException($"preset {p.Name} is declared twice");
        return d;
    }

    public static IEnumerable<string> Names => Table.Keys;

    public static bool Exists(string name) => Table.ContainsKey(name);

    /// <summary>A fresh copy of the named preset.</summary>
    public static MemoryConfig Get(string name) =>
        Table.TryGetValue(name, out var f) ? f()
        : throw new ConfigException("preset", "preset", name, "unknown preset; expected one of " + string.Join(", ", Table.Keys));
}
