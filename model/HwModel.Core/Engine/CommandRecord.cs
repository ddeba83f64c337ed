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

/// <summary>An observer that also sees each command's data: the write burst it carried and the read burst it returned
/// (co-simulation scoreboards compare the RTL against these).</summary>
public interface ICommandDataObserver : ICommandObserver
{
    void OnCommandData(in CommandRecord record, ReadOnlySpan<byte> writeData, ReadOnlySpan<byte> readData);
}

/// <summary>Sends each command to several observers (data to those that want it).</summary>
public sealed class CommandFanOut(params ICommandObserver[] targets) : ICommandDataObserver
{
    public void OnCommand(in CommandRecord r) { foreach (var t in targets) t.OnCommand(r); }

    public void OnCommandData(in CommandRecord r, ReadOnlySpan<byte> writeData, ReadOnlySpan<byte> readData)
    {
        foreach (var t in targets)
            if (t is ICommandDataObserver d) d.OnCommandData(r, writeData, readData); else t.OnCommand(r);
    }
}
