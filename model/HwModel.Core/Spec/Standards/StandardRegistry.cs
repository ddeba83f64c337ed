using HwModel.Config;

namespace HwModel.Spec.Standards;

/// <summary>Every standard HwModel knows: one registration line each.</summary>
public static class StandardRegistry
{
    public static readonly IReadOnlyList<StandardDefinition> All =
    [
        new Hbm2(),
        new Hbm2e(),
        new Hbm3(),
        new Hbm3e(),
        new Hbm4(),
    ];

    public static StandardDefinition Get(Standard id) =>
        All.FirstOrDefault(s => s.Id == id) ?? throw new InvalidOperationException($"standard {id} is not registered");
}
