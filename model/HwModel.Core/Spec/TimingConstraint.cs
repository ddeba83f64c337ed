namespace HwModel.Spec;

/// <summary>
/// One row of a standard's declarative timing table: after any command in <see cref="Preceding"/>
/// is issued to a node at level <see cref="Scope"/>, a command in <see cref="Following"/> to the same node
/// (or, when <see cref="Sibling"/> is set, to a different node at that level under the same parent)
/// may issue no earlier than <see cref="LatencyCycles"/> cycles later. With <see cref="Window"/> &gt; 1 the
/// constraint is a rolling limit: the following command must wait <see cref="LatencyCycles"/> after the
/// <c>Window</c>-th most recent preceding command (tFAW: Window 4).
/// </summary>
public sealed record TimingConstraint(
    string Name,
    Scope Scope,
    Command[] Preceding,
    Command[] Following,
    int LatencyCycles,
    int Window = 1,
    bool Sibling = false,
    string Formula = "")
{
    public override string ToString() =>
        $"{Name}: {Scope}{(Sibling ? " (sibling)" : "")} {string.Join("/", Preceding)} -> {string.Join("/", Following)} >= {LatencyCycles}" +
        (Window > 1 ? $" (window {Window})" : "") + (Formula.Length > 0 ? $" [{Formula}]" : "");
}
