namespace HwModel.Config;

/// <summary>Marks a configuration field: its unit and meaning. The field's path is "section.PropertyName".</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FieldAttribute(string unit, string description) : Attribute
{
    public string Unit { get; } = unit;
    public string Description { get; } = description;
}
