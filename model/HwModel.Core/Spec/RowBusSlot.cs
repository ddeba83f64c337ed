namespace HwModel.Spec;

/// <summary>How long a row command holds the row bus: an activate takes org.ActHalfCycles, any other row command
/// org.RowCmdHalfCycles (HBM3 and later: 3 and 1 half-cycles). Column commands take one cycle of the column
/// bus.</summary>
public enum RowBusSlot : byte { None, Activate, Short }
