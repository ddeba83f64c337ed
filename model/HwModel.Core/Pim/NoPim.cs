using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Pim;

/// <summary>Plain DRAM: no PIM rules and nothing to check.</summary>
public sealed class NoPim : IPimArchitecture
{
    public PimArchitecture Id => PimArchitecture.None;
    public string DisplayName => "none";

    public IPimDeviceState CreateState(PimDevice device, MemoryConfig c) => new NoPimState();

    public string ProfileSource => "";
    public IReadOnlyList<TimingRule> Rules => [];
    public void Validate(MemoryConfig c, string origin) { }
    public string NumberFormat => "none";
    public double WeightCapacityBytes(MemoryConfig c) => 0;
    public void PlaceGemvWeights(PimEngine e, int m, int n, ushort[] w) => throw NoKernels();
    public ushort[]? Gemv(PimEngine e, int m, int n, ushort[] x, bool representativeOnly = false, string layer = "") =>
        throw NoKernels();
    public (double BankBursts, double LaneOps, double RegisterBursts) InBankWork(MemoryConfig c,
        Func<Command, long> count) => (0, 0, 0);
    public ushort[] GemvReference(ushort[] w, ushort[] x, int m, int n) => throw NoKernels();

    private static ConfigException NoKernels() =>
        new("config", "pim.Architecture", "None", "this configuration has no PIM; use a -pim or -aim preset");
}
