using HwModel.Engine;

namespace HwModel.Bridge.Verify;

/// <summary>One generated command sequence on one pseudo-channel: its seed, its commands in cycle order, and, for an
/// illegal case, the fault put into its last command.</summary>
public sealed record VerifyCase(long Index, ulong Seed, IReadOnlyList<CommandRecord> Commands, string? Fault)
{
    /// <summary>The same case with only some of its commands (shrinking keeps cycles and the data seed).</summary>
    public VerifyCase With(IReadOnlyList<CommandRecord> commands) => this with { Commands = commands };
}
