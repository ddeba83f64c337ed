using System.Globalization;
using HwModel.Config;

namespace HwModel.Cli.Regress;

/// <summary>How far a metric may move from its golden value: relative ("2%", 0.02) or absolute ("abs 5").</summary>
/// <remarks>The model is deterministic, so the default is exact; a tolerance is for metrics a team chooses to let
/// drift (energy after a model refinement, for example). <see cref="Pattern"/> is a metric name or a glob
/// (<c>energy.*</c>).</remarks>
public sealed record Tolerance(string Pattern, double Relative, double Absolute)
{
    public static readonly Tolerance Exact = new("*", 0, 0);

    public static Tolerance Parse(string pattern, TomlNode node, string where)
    {
        switch (node.Value)
        {
            case long l when l >= 0: return new Tolerance(pattern, l, 0);
            case double d when d >= 0 && double.IsFinite(d): return new Tolerance(pattern, d, 0);
            case string s:
                s = s.Trim();
                if (s.EndsWith('%') && Num(s[..^1]) is { } pct) return new Tolerance(pattern, pct / 100, 0);
                if (s.StartsWith("abs ", StringComparison.Ordinal) && Num(s[4..]) is { } abs)
                    return new Tolerance(pattern, 0, abs);
                break;
        }
        throw new ConfigException(where, $"tolerance.{pattern}", Convert.ToString(node.Value,
            CultureInfo.InvariantCulture), "expected a relative fraction (0.02), a percentage (\"2%\") or " +
            "an absolute difference (\"abs 5\"), not negative");
    }

    private static double? Num(string s) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0
        && double.IsFinite(v) ? v : null;

    public bool Matches(string metric) => Glob.Matches(Pattern, metric);

    public bool Allows(double golden, double actual)
    {
        double diff = Math.Abs(actual - golden);
        return diff <= Absolute || diff <= Relative * Math.Abs(golden);
    }

    public override string ToString() => Absolute > 0 ? $"abs {Absolute.ToString(CultureInfo.InvariantCulture)}"
        : Relative == 0 ? "exact" : $"{(Relative * 100).ToString("0.###", CultureInfo.InvariantCulture)}%";
}
