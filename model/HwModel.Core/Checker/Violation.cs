using HwModel.Engine;

namespace HwModel.Checker;

/// <summary>A broken rule: its id (a timing-table row name or a protocol rule), the offending command, and why.</summary>
public sealed record Violation(string Rule, CommandRecord Command, string Detail)
{
    public override string ToString() => $"cycle {Command.Cycle}: {Rule}: {Command.Command} ch{Command.Channel} pc{Command.PseudoChannel} bank {Command.Bank}: {Detail}";
}
