using HwModel.Config;

namespace HwModel.Spec.Standards;

/// <summary>
/// One JEDEC standard as data: its features, the timing rules it adds to the shared HBM core
/// (<see cref="HbmCore"/>) and its presets, each with its source. Adding a standard is one subclass in its own file
/// and one line in <see cref="StandardRegistry"/>.
/// </summary>
public abstract class StandardDefinition
{
    /// <summary>The value of <c>org.Standard</c> that selects this definition.</summary>
    public abstract Standard Id { get; }

    /// <summary>The document the standard is published as (for example "JESD238 (HBM3)").</summary>
    public abstract string Document { get; }

    public abstract StandardFeatures Features { get; }

    /// <summary>Rules beyond the shared core (an empty list when the core is the whole standard).</summary>
    public virtual IReadOnlyList<TimingRule> ExtraRules => [];

    /// <summary>The standard's named configurations, each building a fresh copy.</summary>
    public abstract IReadOnlyList<PresetEntry> Presets { get; }

    /// <summary>Checks what only this standard constrains (geometry it allows); throws <see
    /// cref="ConfigException"/>.</summary>
    public virtual void Validate(MemoryConfig c, string origin) { }

    public bool Has(StandardFeatures f) => (Features & f) == f;
}
