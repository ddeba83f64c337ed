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
}

public static class CommandInfo
{
    public const int Count = 10;

    public static bool IsColumn(Command c) => c is Command.RD or Command.WR or Command.RDA or Command.WRA;
    public static bool IsRow(Command c) => !IsColumn(c);
    public static bool IsRead(Command c) => c is Command.RD or Command.RDA;
    public static bool IsWrite(Command c) => c is Command.WR or Command.WRA;
    public static bool AutoPrecharges(Command c) => c is Command.RDA or Command.WRA;

    /// <summary>Commands addressed to one bank (the others address a whole pseudo-channel).</summary>
    public static bool IsBankCommand(Command c) => c is not (Command.PREA or Command.REFab);

    public static Command Parse(string s)
    {
        foreach (var c in Enum.GetValues<Command>())
            if (string.Equals(c.ToString(), s, StringComparison.OrdinalIgnoreCase)) return c;
        throw new FormatException($"unknown command '{s}' (expected one of {string.Join(", ", Enum.GetNames<Command>())})");
    }
}
