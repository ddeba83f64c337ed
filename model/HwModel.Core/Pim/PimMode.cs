namespace HwModel.Pim;

/// <summary>HBM-PIM operating modes of a pseudo-channel.</summary>
public enum PimMode { SB, AB, ABPIM }

/// <summary>
/// Reserved rows and register columns of the HBM-PIM protocol (at the top of every bank's row space):
/// <list type="bullet">
/// <item>row Rows-1 (SBMR): a WR in AB mode returns to SB mode</item>
/// <item>row Rows-2 (ABMR): a WR in SB mode enters AB mode</item>
/// <item>row Rows-3 (CONF), in AB mode: column 0 = PIM_OP_MODE (byte 0 = 1 enters AB-PIM; in AB-PIM a WR of 0 returns
/// to AB); column 4 = SRF (SRF_M[0..7] then SRF_A[0..7], FP16); columns 8..15 = CRF (8 instructions each,
/// little-endian 32-bit; entries past the CRF size are an overflow); columns 16..23 = GRF_A[0..7]; columns 24..31 = GRF_B[0..7]</item>
/// </list>
/// Register writes are broadcast to every unit of the pseudo-channel.
/// </summary>
public static class PimMap
{
    public static int SbmrRow(int rows) => rows - 1;
    public static int AbmrRow(int rows) => rows - 2;
    public static int ConfRow(int rows) => rows - 3;
    public const int ModeColumn = 0;
    public const int SrfColumn = 4;
    public const int CrfColumn = 8;
    public const int GrfAColumn = 16;
    public const int GrfBColumn = 24;
    /// <summary>Rows a kernel may use for data.</summary>
    public static int DataRows(int rows) => rows - 3;
}
