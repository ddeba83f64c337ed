using HwModel.Util;

namespace HwModel.Config;

/// <summary>A configuration error: where (file and line, or the command line), which field, what value, which rule.</summary>
/// <remarks>The value is shown cut and with control bytes escaped (<see cref="Printable"/>).</remarks>
public sealed class ConfigException(string origin, string field, string? value, string rule)
    : Exception($"{(origin == field ? "" : origin + ": ")}{field}" +
        $"{(value is null ? "" : $" = {Printable.Text(value)}")}: {rule}")
{
    public string Origin { get; } = origin;
    public string Field { get; } = field;
    public string? Value { get; } = value;
    public string Rule { get; } = rule;
}
