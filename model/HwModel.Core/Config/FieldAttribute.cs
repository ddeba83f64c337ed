namespace HwModel.Config;

/// <summary>Marks a configuration field: its unit, meaning and, where the type's default does not fit, its range.
/// The field's path is "section.PropertyName".</summary>
/// <remarks>Without <see cref="Min"/> and <see cref="Max"/> a field takes the range <see cref="ConfigField"/> gives its
/// type and section (integers 0..2^31-1, fields in cycles 0..2^20, numbers finite and non-negative).</remarks>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FieldAttribute(string unit, string description) : Attribute
{
    public string Unit { get; } = unit;
    public string Description { get; } = description;
    /// <summary>Smallest accepted value (NaN: the type's default).</summary>
    public double Min { get; init; } = double.NaN;
    /// <summary>Largest accepted value (NaN: the type's default).</summary>
    public double Max { get; init; } = double.NaN;
}
