using HwModel.Engine;

namespace HwModel.Bridge.Verify;

/// <summary>A failing case: as generated, as shrunk, and what differed.</summary>
public sealed record CampaignFailure(VerifyCase Original, VerifyCase Shrunk, CaseOutcome Outcome, int ShrinkRuns)
{
    /// <summary>The shrunk case's commands, one a line, in the command-trace format (<c>cycle COMMAND channel
    /// pseudoChannel bank row column</c>), the first divergence marked.</summary>
    public IEnumerable<string> Lines()
    {
        for (int i = 0; i < Shrunk.Commands.Count; i++)
        {
            CommandRecord c = Shrunk.Commands[i];
            yield return $"{c.Cycle} {c.Command} {c.Channel} {c.PseudoChannel} {c.Bank} {c.Row} {c.Column}" +
                (i == Outcome.FirstDivergence ? "   # <- first divergence" : "");
        }
    }
}
