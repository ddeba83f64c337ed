namespace HwModel.Spec;

/// <summary>The row-buffer state a command needs in its target banks to be legal.</summary>
public enum BankStateNeed : byte
{
    /// <summary>Any state.</summary>
    Any,
    /// <summary>Every target bank closed (activates, refresh, refresh management).</summary>
    Closed,
    /// <summary>Every target bank open (column accesses; on the addressed row for plain reads and writes).</summary>
    Open,
}
