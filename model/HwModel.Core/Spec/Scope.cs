namespace HwModel.Spec;

/// <summary>Hierarchy levels a timing constraint can be scoped to, outermost first.</summary>
public enum Scope : byte
{
    Channel = 0,
    PseudoChannel = 1,
    StackId = 2,
    BankGroup = 3,
    Bank = 4,
}
