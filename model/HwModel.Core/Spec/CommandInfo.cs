namespace HwModel.Spec;

/// <summary>Fast per-command predicates, each read off <see cref="CommandTable"/> once.</summary>
public static class CommandInfo
{
    public static readonly int Count = CommandTable.Count;

    private static readonly bool[] Column = Flags(s => s.Bus == CommandBus.Column);
    private static readonly bool[] Read = Flags(s => s.Bus == CommandBus.Column && s.Target == BankTarget.Bank
        && s.Data == DataDirection.Read);
    private static readonly bool[] Write = Flags(s => s.Bus == CommandBus.Column && s.Target == BankTarget.Bank
        && s.Data == DataDirection.Write);
    private static readonly bool[] Auto = Flags(s => s.Effect == RowEffect.AutoPrecharge);
    private static readonly bool[] BankAddressed = Flags(s => s.Target != BankTarget.PseudoChannel);
    private static readonly bool[] Activate = Flags(s => s.Slot == RowBusSlot.Activate);
    private static readonly bool[] Pim = Flags(s => s.Architecture != Config.PimArchitecture.None);
    private static readonly bool[] Interface = Flags(s => s.Interface);
    private static readonly bool[] WriteBurst = Flags(s => s.WriteBurst);
    private static readonly RowEffect[] Effect = CommandTable.All.Select(s => s.Effect).ToArray();

    private static bool[] Flags(Func<CommandSpec, bool> f) => CommandTable.All.Select(f).ToArray();

    public static bool IsColumn(Command c) => Column[(int)c];
    public static bool IsRow(Command c) => !Column[(int)c];
    /// <summary>A host read of one bank (RD, RDA).</summary>
    public static bool IsRead(Command c) => Read[(int)c];
    /// <summary>A host write of one bank (WR, WRA).</summary>
    public static bool IsWrite(Command c) => Write[(int)c];
    public static bool AutoPrecharges(Command c) => Auto[(int)c];

    /// <summary>Commands addressed to one bank, bank group or stack ID (the others address a whole pseudo-channel).</summary>
    public static bool IsBankCommand(Command c) => BankAddressed[(int)c];

    /// <summary>Row commands that open rows; they hold the row bus for org.ActHalfCycles.</summary>
    public static bool IsActivate(Command c) => Activate[(int)c];

    /// <summary>Commands of a PIM architecture.</summary>
    public static bool IsPim(Command c) => Pim[(int)c];

    /// <summary>Commands whose burst crosses the stack's data interface.</summary>
    public static bool CrossesInterface(Command c) => Interface[(int)c];

    /// <summary>The host drives a write burst with the command (on the data bus and on the wire).</summary>
    public static bool CarriesWriteBurst(Command c) => WriteBurst[(int)c];

    /// <summary>What the command does to its target banks' row buffers.</summary>
    public static RowEffect EffectOf(Command c) => Effect[(int)c];

    public static Command Parse(string s)
    {
        foreach (var c in Enum.GetValues<Command>())
            if (string.Equals(c.ToString(), s, StringComparison.OrdinalIgnoreCase)) return c;
        throw new FormatException($"unknown command '{s}' (expected one of {string.Join(", ", Enum.GetNames<Command>())})");
    }
}
