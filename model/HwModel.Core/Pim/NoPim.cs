using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Pim;

/// <summary>Plain DRAM: no PIM rules and nothing to check.</summary>
public sealed class NoPim : IPimArchitecture
{
    public PimArchitecture Id => PimArchitecture.None;
    public string ProfileSource => "";
    public IReadOnlyList<TimingRule> Rules => [];
    public void Validate(MemoryConfig c, string origin) { }
}
