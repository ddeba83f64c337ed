using HwModel.Config;
using HwModel.Pim.Aim;
using HwModel.Pim.HbmPim;

namespace HwModel.Pim;

/// <summary>The registry of PIM architectures: one line each.</summary>
public static class PimArchitectures
{
    private static readonly IPimArchitecture[] All = [new NoPim(), new HbmPimArchitecture(), new AimArchitecture()];

    public static IPimArchitecture Get(PimArchitecture id) =>
        All.FirstOrDefault(a => a.Id == id)
            ?? throw new InvalidOperationException($"PIM architecture {id} is not registered");
}
