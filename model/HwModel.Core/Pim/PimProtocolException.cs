namespace HwModel.Pim;

/// <summary>Misuse of the PIM protocol (a PIM operation in the wrong mode, CRF overflow, a bad program, a register
/// write outside AB mode, ...): what was done, where, and the rule it broke.</summary>
public sealed class PimProtocolException(string message) : Exception(message);
