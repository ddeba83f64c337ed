namespace HwModel.Config;

/// <summary>A configuration error: where (file and line, or the command line), which field, what value, which rule.</summary>
public sealed class ConfigException(string origin, string field, string? value, string rule)
    : Exception($"{origin}: {field}{(value is null ? "" : $" = {value}")}: {rule}")
{
    public string Origin { get; } = origin;
    public string Field { get; } = field;
    public string? Value { get; } = value;
    public string Rule { get; } = rule;
}
