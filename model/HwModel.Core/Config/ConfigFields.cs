using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;

namespace HwModel.Config;

/// <summary>One settable configuration field, addressed as "section.Name" (for example timing.nRCDRD).</summary>
public sealed record ConfigField(string Section, string Name, string Unit, string Description, PropertyInfo Property)
{
    public string Path => $"{Section}.{Name}";

    public object GetSectionObject(MemoryConfig c) => Section switch
    {
        "org" => c.Org,
        "timing" => c.Timing,
        "controller" => c.Controller,
        "energy" => c.Energy,
        "pim" => c.Pim,
        _ => throw new InvalidOperationException(Section),
    };

    public object? Get(MemoryConfig c) => Property.GetValue(GetSectionObject(c));

    /// <summary>The accepted range: the attribute's, else integers 0..2^31-1 (fields in cycles 0..2^20), finite
    /// numbers 0..1e12.</summary>
    public (double Min, double Max) Range => _range ??= ComputeRange();

    private (double Min, double Max)? _range;

    private (double Min, double Max) ComputeRange()
    {
        var a = Property.GetCustomAttribute<FieldAttribute>();
        var t = Property.PropertyType;
        double min = 0, max = t == typeof(double) ? 1e12 : Unit == "cycles" ? 1 << 20
            : t == typeof(long) ? long.MaxValue : int.MaxValue;
        return (a is null || double.IsNaN(a.Min) ? min : a.Min, a is null || double.IsNaN(a.Max) ? max : a.Max);
    }

    /// <summary>The range as the user reads it, for example "0..1048576" or "a finite number in 10..1000000".</summary>
    public string RangeText
    {
        get
        {
            var (min, max) = Range;
            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            return Property.PropertyType == typeof(double)
                ? $"a finite number in {F(min)}..{F(max)}" : $"an integer in {F(min)}..{F(max)}";
        }
    }

    /// <summary>True when a numeric value lies in <see cref="Range"/> (always true for other types).</summary>
    public bool InRange(object? value) => value switch
    {
        int i => i >= Range.Min && i <= Range.Max,
        long l => l >= Range.Min && l <= Range.Max,
        double d => double.IsFinite(d) && d >= Range.Min && d <= Range.Max,
        _ => true,
    };

    /// <summary>Parses <paramref name="text"/> for this field's type and sets it; throws <see cref="ConfigException"/>
    /// naming the field, the value and the accepted range.</summary>
    public void Set(MemoryConfig c, string text, string origin)
    {
        var t = Property.PropertyType;
        object value;
        text = text.Trim();
        try
        {
            if (t == typeof(int)) value = checked((int)ParseInteger(text));
            else if (t == typeof(long)) value = ParseInteger(text);
            else if (t == typeof(double)) value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            else if (t == typeof(bool)) value = ParseBool(text);
            else if (t == typeof(string)) value = text.Trim('"');
            else if (t.IsEnum) value = ParseEnum(t, text.Trim('"'));
            else throw new InvalidOperationException($"unsupported field type {t}");
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            string expected = t.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(t))
                : t == typeof(bool) ? "true or false" : RangeText;
            throw new ConfigException(origin, Path, text, $"expected {expected} ({Unit})");
        }
        if (!InRange(value))
            throw new ConfigException(origin, Path, text, $"expected {RangeText} ({Unit})");
        Property.SetValue(GetSectionObject(c), value);
    }

    private static object ParseEnum(Type t, string s)
    {
        // a number is not a name: "5" would otherwise become an undefined enum value
        if (s.Length == 0 || char.IsDigit(s[0]) || s[0] is '-' or '+') throw new FormatException();
        return Enum.Parse(t, s, ignoreCase: true);
    }

    private static long ParseInteger(string s)
    {
        s = s.Replace("_", "");
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return long.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && !s.Contains('.'))
            return checked((long)d);
        return long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    private static bool ParseBool(string s) => s.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new FormatException(),
    };
}

/// <summary>The registry of every configuration field, built once from the [Field] attributes.</summary>
public static class ConfigFields
{
    public static readonly IReadOnlyList<ConfigField> All = Build();

    private static List<ConfigField> Build()
    {
        var list = new List<ConfigField>();
        void Add(string section, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type t)
        {
            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var a = p.GetCustomAttribute<FieldAttribute>();
                if (a != null && p.CanWrite) list.Add(new ConfigField(section, p.Name, a.Unit, a.Description, p));
            }
        }
        Add("org", typeof(Organisation));
        Add("timing", typeof(TimingParams));
        Add("controller", typeof(ControllerParams));
        Add("energy", typeof(EnergyParams));
        Add("pim", typeof(PimParams));
        return list;
    }

    /// <summary>Finds a field by "section.name" or, when unambiguous, by bare name; case-insensitive.</summary>
    public static ConfigField Find(string path, string origin)
    {
        var p = path.Trim();
        var exact = All.FirstOrDefault(f => string.Equals(f.Path, p, StringComparison.OrdinalIgnoreCase));
        if (exact != null) return exact;
        var bare = All.Where(f => string.Equals(f.Name, p, StringComparison.OrdinalIgnoreCase)).ToList();
        if (bare.Count == 1) return bare[0];
        int dot = p.LastIndexOf('.');
        if (dot > 0)
        {
            var name = p[(dot + 1)..];
            var elsewhere = All.Where(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (elsewhere.Count == 1)
                throw new ConfigException(origin, path, null, $"unknown field in [{p[..dot]}]; did you mean {elsewhere[0].Path}?");
        }
        var hint = All.Where(f => f.Path.Contains(p, StringComparison.OrdinalIgnoreCase)).Take(5).Select(f => f.Path).ToList();
        throw new ConfigException(origin, path, null,
            "unknown field" + (hint.Count > 0 ? $"; did you mean {string.Join(", ", hint)}?" : "; `hwmodel presets --fields` lists them"));
    }

    /// <summary>Applies "field=value".</summary>
    public static void ApplyAssignment(MemoryConfig c, string assignment, string origin)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ConfigException(origin, assignment, null, "expected field=value");
        Find(assignment[..eq], origin).Set(c, assignment[(eq + 1)..], origin);
    }
}
