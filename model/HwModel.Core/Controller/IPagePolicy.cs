namespace HwModel.Controller;

/// <summary>Decides whether a column access closes its row (RDA/WRA) or leaves it open.</summary>
public interface IPagePolicy
{
    /// <summary>Called after the served request left its queue; <paramref name="row"/> is the open row.</summary>
    bool AutoPrecharge(PseudoChannelController pc, int bank, int row);
}

/// <summary>Open page: rows stay open until a conflict or refresh closes them.</summary>
public sealed class OpenPagePolicy : IPagePolicy
{
    public bool AutoPrecharge(PseudoChannelController pc, int bank, int row) => false;
}

/// <summary>Closed page: the last queued access to a row auto-precharges.</summary>
public sealed class ClosedPagePolicy : IPagePolicy
{
    public bool AutoPrecharge(PseudoChannelController pc, int bank, int row) => pc.HitsFor(bank) == 0;
}
