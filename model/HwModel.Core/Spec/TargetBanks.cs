using HwModel.Config;

namespace HwModel.Spec;

/// <summary>The banks of a pseudo-channel that a command's <see cref="BankTarget"/> reaches, as a run of flat bank
/// indices (stack ID, bank group, bank): the checker, energy, bank statistics and waveforms all use this.</summary>
public static class TargetBanks
{
    /// <summary>The first flat bank and how many follow, for a command addressed to <paramref name="flatBank"/>.
    /// </summary>
    public static (int First, int Count) Of(BankTarget target, int flatBank, Organisation o) => target switch
    {
        BankTarget.Bank => (flatBank, 1),
        BankTarget.BankGroup => (flatBank / o.BanksPerGroup * o.BanksPerGroup, o.BanksPerGroup),
        BankTarget.StackId => (flatBank / o.BanksPerStackId * o.BanksPerStackId, o.BanksPerStackId),
        _ => (0, o.BanksPerPseudoChannel),
    };

    /// <summary>How many banks a command with this target reaches.</summary>
    public static int Count(BankTarget target, Organisation o) => Of(target, 0, o).Count;
}
