using HwModel.Spec;

namespace HwModel.Engine;

/// <summary>One issued DRAM command. <see cref="Bank"/> is the flat bank within the pseudo-channel; for PREA and
/// REFab the bank fields are 0. <see cref="SecondHalf"/> marks a row command that starts in the second half of its
/// cycle (HBM3 half-cycle row commands).</summary>
public readonly record struct CommandRecord(
    long Cycle, Command Command, int Channel, int PseudoChannel, int StackId, int BankGroup, int Bank, int Row, int Column, bool SecondHalf = false)
{
    public override string ToString() =>
        $"{Cycle}{(SecondHalf ? ".5" : "")} {Command} ch{Channel} pc{PseudoChannel} sid{StackId} bg{BankGroup} b{Bank} r{Row} c{Column}";
}

/// <summary>Receives every command the controllers issue (the timing checker, trace writers, co-simulation).</summary>
public interface ICommandObserver
{
    void OnCommand(in CommandRecord record);
}
