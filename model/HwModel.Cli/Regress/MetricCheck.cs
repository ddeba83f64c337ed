using System.Globalization;
using HwModel.Config;

namespace HwModel.Cli.Regress;

/// <summary>A bound on one metric of a scenario's result: <c>bandwidthPercentOfPeak &gt;= 95</c>.</summary>
public sealed record MetricCheck(string Metric, string Op, double Value, string Text, string Where)
{
    private static readonly string[] Ops = [">=", "<=", "==", "!=", ">", "<"];

    /// <summary>Parses "metric op number" (op: &gt;= &lt;= == != &gt; &lt;; true/false stand for 1/0).</summary>
    public static MetricCheck Parse(string text, string where)
    {
        foreach (var op in Ops)
        {
            int i = text.IndexOf(op, StringComparison.Ordinal);
            if (i <= 0) continue;
            string metric = text[..i].Trim(), rhs = text[(i + op.Length)..].Trim();
            double v = rhs switch
            {
                "true" => 1, "false" => 0,
                _ => double.TryParse(rhs, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                     && double.IsFinite(d) ? d
                    : throw new ConfigException(where, "checks", text, $"'{rhs}' is not a number (or true/false)"),
            };
            if (metric.Length == 0 || metric.Any(char.IsWhiteSpace))
                throw new ConfigException(where, "checks", text, "expected one metric name before the operator");
            return new MetricCheck(metric, op, v, text, where);
        }
        throw new ConfigException(where, "checks", text,
            "expected \"metric op number\" with op one of >=, <=, ==, !=, >, <");
    }

    public bool Holds(double actual) => Op switch
    {
        ">=" => actual >= Value, "<=" => actual <= Value, ">" => actual > Value, "<" => actual < Value,
        "==" => actual == Value, _ => actual != Value,
    };
}
