using HwModel.Config;
using static HwModel.Spec.BankStateNeed;
using static HwModel.Spec.BankTarget;
using static HwModel.Spec.CommandBus;
using static HwModel.Spec.DataDirection;
using static HwModel.Spec.RowBusSlot;
using static HwModel.Spec.RowEffect;

namespace HwModel.Spec;

/// <summary>
/// The one declaration of every command's meaning (bus, occupancy, target banks, row effect, needed state, data
/// direction and latency, whether it carries a write burst, where it exists). <see cref="CommandInfo"/>, the
/// controller, the checker, the PIM engine,
/// energy and the bridge read it; `hwmodel gen rtl` writes the RTL's command header from it.
/// </summary>
public static class CommandTable
{
    private const string ReadData = "nCL + nBL";
    private const string WriteData = "nCWL + nBL";

    private static CommandSpec S(Command code, CommandBus bus, RowBusSlot slot, BankTarget target, RowEffect effect,
        BankStateNeed needs, DataDirection data, string? latency, bool iface, bool writeBurst, StandardFeatures feature,
        PimArchitecture arch, string meaning) =>
        new(code, bus, slot, target, effect, needs, data, latency == null ? null : Formula.Parse(latency), iface,
            writeBurst, feature, arch, meaning);

    private const DataDirection NoData = DataDirection.None;
    private const StandardFeatures Core = StandardFeatures.None;
    private const PimArchitecture Dram = PimArchitecture.None;
    private const PimArchitecture HbmPim = PimArchitecture.HbmPim;
    private const PimArchitecture Aim = PimArchitecture.Aim;

    /// <summary>Every command, indexed by its code.</summary>
    public static readonly IReadOnlyList<CommandSpec> All =
    [
        S(Command.ACT, Row, Activate, Bank, Opens, Closed, NoData, null, false, false, Core, Dram,
            "open a row in one bank"),
        S(Command.PRE, Row, Short, Bank, Closes, Any, NoData, null, false, false, Core, Dram, "close one bank"),
        S(Command.PREA, Row, Short, PseudoChannel, Closes, Any, NoData, null, false, false, Core, Dram,
            "close every bank of the pseudo-channel"),
        S(Command.RD, Column, RowBusSlot.None, Bank, RowEffect.None, Open, Read, ReadData, true, false, Core, Dram,
            "read one burst from the open row"),
        S(Command.WR, Column, RowBusSlot.None, Bank, RowEffect.None, Open, Write, WriteData, true, true, Core, Dram,
            "write one burst into the open row"),
        S(Command.RDA, Column, RowBusSlot.None, Bank, AutoPrecharge, Open, Read, ReadData, true, false, Core, Dram,
            "read one burst, then close the bank"),
        S(Command.WRA, Column, RowBusSlot.None, Bank, AutoPrecharge, Open, Write, WriteData, true, true, Core, Dram,
            "write one burst, then close the bank"),
        S(Command.REFab, Row, Short, PseudoChannel, RowEffect.None, Closed, NoData, null, false, false, Core, Dram,
            "refresh every bank of the pseudo-channel"),
        S(Command.REFpb, Row, Short, Bank, RowEffect.None, Closed, NoData, null, false, false,
            StandardFeatures.PerBankRefresh,
            Dram, "refresh one bank"),
        S(Command.RFM, Row, Short, Bank, RowEffect.None, Closed, NoData, null, false, false, StandardFeatures.Rfm, Dram,
            "refresh management of one bank (RFMpb)"),
        S(Command.ACTab, Row, Activate, PseudoChannel, Opens, Closed, NoData, null, false, false, Core, HbmPim,
            "HBM-PIM: open the row in every bank"),
        S(Command.PIMRD, Column, RowBusSlot.None, PseudoChannel, RowEffect.None, Open, Read, null, false, false, Core,
            HbmPim,
            "HBM-PIM: every unit reads its bank's column and executes one instruction"),
        S(Command.PIMWR, Column, RowBusSlot.None, PseudoChannel, RowEffect.None, Open, Write, WriteData, false, true,
            Core,
            HbmPim, "HBM-PIM: every unit executes one instruction that writes its bank's column"),
        S(Command.ACT16, Row, Activate, StackId, Opens, Closed, NoData, null, false, false, Core, Aim,
            "AiM: open the row in the 16 banks of a stack ID"),
        S(Command.ACT4, Row, Activate, BankTarget.BankGroup, Opens, Closed, NoData, null, false, false, Core, Aim,
            "AiM: open the row in the 4 banks of a bank group"),
        S(Command.MAC16, Column, RowBusSlot.None, StackId, RowEffect.None, Open, Read, null, false, false, Core, Aim,
            "AiM: each bank multiplies its column by the global buffer and accumulates"),
        S(Command.RDMAC16, Column, RowBusSlot.None, StackId, RowEffect.None, Any, Read, ReadData, true, false, Core,
            Aim,
            "AiM: read the 16 banks' accumulators (one burst)"),
        S(Command.WRGB, Column, RowBusSlot.None, PseudoChannel, RowEffect.None, Any, Write, WriteData, true, true,
            Core, Aim,
            "AiM: write one burst into the global buffer"),
        S(Command.EWMUL16, Column, RowBusSlot.None, StackId, RowEffect.None, Open, Write, null, false, false, Core, Aim,
            "AiM: each bank multiplies its column by the global buffer, written back in place"),
        S(Command.AF16, Column, RowBusSlot.None, StackId, RowEffect.None, Any, NoData, null, false, false, Core, Aim,
            "AiM: activation function on the 16 accumulators"),
        S(Command.DRFM, Row, Short, Bank, RowEffect.None, Closed, NoData, null, false, false, StandardFeatures.Drfm,
            Dram,
            "directed refresh management: refresh the neighbours of a sampled row in one bank"),
        S(Command.RFMab, Row, Short, PseudoChannel, RowEffect.None, Closed, NoData, null, false, false,
            StandardFeatures.RfmAllBank, Dram, "refresh management of every bank of the pseudo-channel"),
    ];

    public static int Count => All.Count;

    public static CommandSpec Get(Command c) => All[(int)c];

    /// <summary>Whether the command exists on a configuration's standard and PIM architecture.</summary>
    public static bool Exists(Command c, StandardFeatures features, PimArchitecture arch)
    {
        var s = Get(c);
        return (features & s.Feature) == s.Feature && (s.Architecture == PimArchitecture.None
            || s.Architecture == arch);
    }

    static CommandTable()
    {
        for (int i = 0; i < All.Count; i++)
            if ((int)All[i].Code != i) throw new InvalidOperationException($"command table row {i} is {All[i].Code}");
        if (All.Count != Enum.GetValues<Command>().Length)
            throw new InvalidOperationException("every command needs one row in the command table");
    }
}
