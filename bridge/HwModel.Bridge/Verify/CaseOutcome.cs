namespace HwModel.Bridge.Verify;

/// <summary>How a case ended on the RTL: equal to the reference, or the first command where they differ and how.
/// </summary>
public sealed record CaseOutcome(bool Passed, int FirstDivergence, string Detail)
{
    public static readonly CaseOutcome Pass = new(true, -1, "");
}
