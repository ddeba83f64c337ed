namespace HwModel.Controller;

/// <summary>Decides whether a column access closes its row (RDA/WRA) or leaves it open.</summary>
public interface IPagePolicy
{
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
    public bool AutoPrecharge(PseudoChannelController pc, int bank, int row) =>
        !pc.HasRowHit(pc.ReadQ[bank], row) && !pc.HasRowHit(pc.WriteQ[bank], row);
}
