namespace HwModel.Spec;

/// <summary>Fast per-command predicates, each read off <see cref="CommandTable"/> once.</summary>
public static class CommandInfo
{
    public static readonly int Count = CommandTable.Count;

    // one bit per command code: static readonly masks are constants to the optimising JIT, so each predicate
    // compiles to a shift and a test, as a hand-written pattern match would
    private static readonly ulong Column = Mask(s => s.Bus == CommandBus.Column);
    private static readonly ulong Read = Mask(s => s.Bus == CommandBus.Column && s.Target == BankTarget.Bank
        && s.Data == DataDirection.Read);
    private static readonly ulong Write = Mask(s => s.Bus == CommandBus.Column && s.Target == BankTarget.Bank
        && s.Data == DataDirection.Write);
    private static readonly ulong Auto = Mask(s => s.Effect == RowEffect.AutoPrecharge);
    private static readonly ulong BankAddressed = Mask(s => s.Target != BankTarget.PseudoChannel);
    private static readonly ulong Activate = Mask(s => s.Slot == RowBusSlot.Activate);
    private static readonly ulong Pim = Mask(s => s.Architecture != Config.PimArchitecture.None);
    private static readonly ulong Interface = Mask(s => s.Interface);
    private static readonly ulong WriteBurst = Mask(s => s.WriteBurst);
    private static readonly ulong Opening = Mask(s => s.Effect == RowEffect.Opens);
    private static readonly ulong Closing = Mask(s => s.Effect == RowEffect.Closes);

    /// <summary>One bit per command code (bit i = command i) for the commands the predicate selects.</summary>
    public static ulong Mask(Func<CommandSpec, bool> f) =>
        CommandTable.All.Where(f).Aggregate(0UL, (m, s) => m | 1UL << (int)s.Code);

    private static bool Has(ulong mask, Command c) => (mask >> (int)c & 1) != 0;

    public static bool IsColumn(Command c) => Has(Column, c);
    public static bool IsRow(Command c) => !Has(Column, c);
    /// <summary>A host read of one bank (RD, RDA).</summary>
    public static bool IsRead(Command c) => Has(Read, c);
    /// <summary>A host write of one bank (WR, WRA).</summary>
    public static bool IsWrite(Command c) => Has(Write, c);
    public static bool AutoPrecharges(Command c) => Has(Auto, c);

    /// <summary>Commands addressed to one bank, bank group or stack ID (the others address a whole
    /// pseudo-channel).</summary>
    public static bool IsBankCommand(Command c) => Has(BankAddressed, c);

    /// <summary>Row commands that open rows; they hold the row bus for org.ActHalfCycles.</summary>
    public static bool IsActivate(Command c) => Has(Activate, c);

    /// <summary>Commands of a PIM architecture.</summary>
    public static bool IsPim(Command c) => Has(Pim, c);

    /// <summary>Commands whose burst crosses the stack's data interface.</summary>
    public static bool CrossesInterface(Command c) => Has(Interface, c);

    /// <summary>The host drives a write burst with the command (on the data bus and on the wire).</summary>
    public static bool CarriesWriteBurst(Command c) => Has(WriteBurst, c);

    /// <summary>Opens the row in its target banks.</summary>
    public static bool Opens(Command c) => Has(Opening, c);

    /// <summary>Closes its target banks (PRE, PREA; auto-precharge is <see cref="AutoPrecharges"/>).</summary>
    public static bool Closes(Command c) => Has(Closing, c);

    /// <summary>What the command does to its target banks' row buffers.</summary>
    public static RowEffect EffectOf(Command c) => CommandTable.Get(c).Effect;

    public static Command Parse(string s)
    {
        foreach (var c in Enum.GetValues<Command>())
            if (string.Equals(c.ToString(), s, StringComparison.OrdinalIgnoreCase)) return c;
        throw new FormatException($"unknown command '{s}' (expected one of " +
            $"{string.Join(", ", Enum.GetNames<Command>())})");
    }
}
