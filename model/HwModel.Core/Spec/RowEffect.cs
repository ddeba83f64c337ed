namespace HwModel.Spec;

/// <summary>What a command does to the row buffers of its target banks.</summary>
public enum RowEffect : byte
{
    None,
    /// <summary>Opens the addressed row in every target bank.</summary>
    Opens,
    /// <summary>Closes every target bank.</summary>
    Closes,
    /// <summary>Accesses the open row, then closes the bank (auto-precharge).</summary>
    AutoPrecharge,
}
