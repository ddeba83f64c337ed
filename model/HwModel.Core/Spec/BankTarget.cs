namespace HwModel.Spec;

/// <summary>Which banks a command acts on, given the bank address it carries.</summary>
public enum BankTarget : byte
{
    /// <summary>The addressed bank.</summary>
    Bank,
    /// <summary>Every bank of the addressed bank's bank group.</summary>
    BankGroup,
    /// <summary>Every bank of the addressed bank's stack ID.</summary>
    StackId,
    /// <summary>Every bank of the pseudo-channel (the bank address is ignored).</summary>
    PseudoChannel,
}
