namespace HwModel.Addressing;

/// <summary>
/// A physical address split into DRAM coordinates. <see cref="Bank"/> is the flat bank index within the
/// pseudo-channel: (StackId x BankGroups + BankGroup) x BanksPerGroup + bank-in-group.
/// </summary>
public struct DecodedAddress
{
    public int Channel;
    public int PseudoChannel;
    public int StackId;
    public int BankGroup;
    public int BankInGroup;
    public int Bank;
    public int Row;
    public int Column;

    public override readonly string ToString() =>
        $"ch{Channel} pc{PseudoChannel} sid{StackId} bg{BankGroup} ba{BankInGroup} row{Row} col{Column}";
}
