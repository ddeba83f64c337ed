namespace HwModel.Spec;

/// <summary>DRAM commands. Append-only: the numeric values appear in command traces and on the wire.</summary>
public enum Command : byte
{
    ACT = 0,
    PRE = 1,
    PREA = 2,
    RD = 3,
    WR = 4,
    RDA = 5,
    WRA = 6,
    REFab = 7,
    REFpb = 8,
    RFM = 9,

    // ---- processing in memory (appended; rows of the same timing table) ----
    /// <summary>HBM-PIM: all-bank activate (AB and AB-PIM modes).</summary>
    ACTab = 10,
    /// <summary>HBM-PIM: column read in AB-PIM mode; steps every PIM unit once.</summary>
    PIMRD = 11,
    /// <summary>HBM-PIM: column write in AB-PIM mode; steps every PIM unit once.</summary>
    PIMWR = 12,
    /// <summary>AiM: activate one row in all 16 banks of a stack ID.</summary>
    ACT16 = 13,
    /// <summary>AiM: activate one row in the 4 banks of a bank group.</summary>
    ACT4 = 14,
    /// <summary>AiM: every bank of a stack ID multiplies its column by the global buffer, reduces, accumulates.</summary>
    MAC16 = 15,
    /// <summary>AiM: read the 16 banks' accumulators (one burst).</summary>
    RDMAC16 = 16,
    /// <summary>AiM: host write of one burst into the global buffer.</summary>
    WRGB = 17,
    /// <summary>AiM: element-wise multiply of each bank's column by the global buffer, written back in place.</summary>
    EWMUL16 = 18,
    /// <summary>AiM: activation function (lookup table) applied to the 16 accumulators.</summary>
    AF16 = 19,
}

public static class CommandInfo
{
    public const int Count = 20;

    public static bool IsColumn(Command c) => c is Command.RD or Command.WR or Command.RDA or Command.WRA
        or Command.PIMRD or Command.PIMWR or Command.MAC16 or Command.RDMAC16 or Command.WRGB or Command.EWMUL16 or Command.AF16;
    public static bool IsRow(Command c) => !IsColumn(c);
    public static bool IsRead(Command c) => c is Command.RD or Command.RDA;
    public static bool IsWrite(Command c) => c is Command.WR or Command.WRA;
    public static bool AutoPrecharges(Command c) => c is Command.RDA or Command.WRA;

    /// <summary>Commands addressed to one bank (the others address a whole pseudo-channel).</summary>
    public static bool IsBankCommand(Command c) => c is not (Command.PREA or Command.REFab or Command.ACTab or Command.PIMRD or Command.PIMWR or Command.WRGB);

    /// <summary>Row commands that open rows (ACT and the PIM multi-bank activates).</summary>
    public static bool IsActivate(Command c) => c is Command.ACT or Command.ACTab or Command.ACT16 or Command.ACT4;

    /// <summary>Row-bus occupancy class: activates take ActHalfCycles, other row commands RowCmdHalfCycles.</summary>
    public static bool IsPim(Command c) => (byte)c >= (byte)Command.ACTab;

    public static Command Parse(string s)
    {
        foreach (var c in Enum.GetValues<Command>())
            if (string.Equals(c.ToString(), s, StringComparison.OrdinalIgnoreCase)) return c;
        throw new FormatException($"unknown command '{s}' (expected one of {string.Join(", ", Enum.GetNames<Command>())})");
    }
}
