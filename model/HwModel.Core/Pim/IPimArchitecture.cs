using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Pim;

/// <summary>
/// One processing-in-memory architecture behind one boundary: its timing rules, what it needs of the organisation
/// and the source of its profile. Its commands are the <see cref="CommandTable"/> rows that name it.
/// </summary>
public interface IPimArchitecture
{
    PimArchitecture Id { get; }

    /// <summary>Appended to a preset's source when the profile is put on it.</summary>
    string ProfileSource { get; }

    /// <summary>Timing rules of its commands, added to the standard's rules.</summary>
    IReadOnlyList<TimingRule> Rules { get; }

    /// <summary>Checks what the architecture needs of a configuration; throws <see cref="ConfigException"/>.</summary>
    void Validate(MemoryConfig c, string origin);
}
