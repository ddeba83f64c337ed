namespace HwModel.Spec;

/// <summary>
/// One declared timing rule of a standard or a PIM architecture, before it meets a configuration: the latency is
/// a formula over the timing fields, and an optional condition decides whether the rule exists for a configuration
/// (for example tCCDR only with more than one stack ID). A rule whose latency comes to 0 or less is left out.
/// </summary>
public sealed record TimingRule(
    string Name,
    Scope Scope,
    Command[] Preceding,
    Command[] Following,
    Formula Latency,
    int Window = 1,
    bool Sibling = false,
    Formula? When = null,
    string Note = "")
{
    /// <summary>Declares a rule from formula text (parsed, and so checked, when the declaring file is
    /// loaded).</summary>
    public static TimingRule Of(string name, Scope scope, Command[] preceding, Command[] following, string latency,
        int window = 1, bool sibling = false, string? when = null, string note = "") =>
        new(name, scope, preceding, following, Formula.Parse(latency), window, sibling,
            when == null ? null : Formula.Parse(when), note);
}
