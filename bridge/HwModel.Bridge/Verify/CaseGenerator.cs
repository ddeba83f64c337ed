using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;
using HwModel.Timing;

namespace HwModel.Bridge.Verify;

/// <summary>
/// Generates command sequences for a configuration from its command and timing tables: every DRAM command the
/// standard has (PIM commands are not generated yet), each at its earliest legal cycle plus a random slack (at the
/// limit, one over, a few, far), legal for the bank state; an illegal case ends in one fault: a command one cycle
/// before a timing rule allows it, or a protocol step skipped (an activate to an open bank, a column command to a
/// closed one). The expected outcome is not decided here: the independent checker decides it (<see
/// cref="CaseOracle"/>), so any subsequence of a case is a case too, which is what shrinking relies on.
/// </summary>
public sealed class CaseGenerator
{
    private readonly MemoryConfig _cfg;
    private readonly Organisation _o;
    private readonly TimingTable _table;
    private readonly Command[] _commands;
    private readonly int _rowsUsed;
    private int[] _hot = [0];

    /// <summary>Share of illegal cases (0..1).</summary>
    public double IllegalShare { get; init; } = 0.3;

    public CaseGenerator(MemoryConfig cfg, int storedRows)
    {
        _cfg = cfg;
        _o = cfg.Org;
        _table = TimingTable.For(cfg);
        var features = Spec.Standards.StandardRegistry.Get(_o.Standard).Features;
        _commands = CommandTable.All.Where(s => CommandTable.Exists(s.Code, features, cfg.Pim.Architecture)
            && s.Architecture == PimArchitecture.None).Select(s => s.Code).ToArray();
        // rows that alias in the RTL's reduced array are fine (the oracle models them); the top rows of a PIM
        // configuration are its mode and register rows, kept out
        _rowsUsed = Math.Max(2, Math.Min(storedRows / 2, _o.Rows / 2));
    }

    /// <summary>The commands generated from (they exist on the standard; PIM commands excluded).</summary>
    public IReadOnlyList<Command> Commands => _commands;

    /// <summary>Case <paramref name="index"/> of a campaign with seed <paramref name="seed"/>: the same inputs always
    /// give the same case.</summary>
    public VerifyCase Generate(ulong seed, long index, int maxCommands)
    {
        ulong caseSeed = Mix(seed ^ Mix((ulong)index + 0x9E37));
        var rng = new Random((int)(caseSeed & 0x7FFFFFFF));
        bool illegal = rng.NextDouble() < IllegalShare;
        int n = rng.Next(Math.Min(4, maxCommands), maxCommands + 1);
        var ts = new TimingState(_cfg, _table);
        var open = new int[_o.BanksPerPseudoChannel];
        Array.Fill(open, -1);
        int pc = rng.Next(Math.Min(_o.PseudoChannels, 2));
        // a few hot banks per case, so that rows are reopened and written bursts read back
        _hot = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => rng.Next(_o.BanksPerPseudoChannel)).ToArray();
        var written = new Dictionary<(int Bank, int Row), List<int>>();
        var list = new List<CommandRecord>(n);
        long last = -1, rowFreeHalf = 0;
        string? fault = null;
        for (int i = 0; i < n; i++)
        {
            bool inject = illegal && i == n - 1 && i > 0;
            var (cmd, bank, row) = Pick(rng, open, inject && rng.Next(3) == 0, out bool protocolFault);
            long legal = Math.Max(last + 1, ts.Earliest(cmd, pc, bank));
            if (CommandInfo.IsRow(cmd)) legal = Math.Max(legal, (rowFreeHalf + 1) / 2);
            long cycle = legal + Slack(rng);
            if (inject && !protocolFault)
            {
                long timing = ts.Earliest(cmd, pc, bank);
                if (timing - 1 > last && timing - 1 >= (CommandInfo.IsRow(cmd) ? (rowFreeHalf + 1) / 2 : 0))
                {
                    cycle = timing - 1;
                    fault = $"{cmd} one cycle before a timing rule allows it";
                }
                else fault = null; // no rule binds here: the case stays legal
            }
            else if (protocolFault) fault = cmd == Command.ACT || !CommandInfo.IsColumn(cmd)
                ? $"{cmd} to an open bank (its precharge skipped)" : $"{cmd} to a closed bank (its activate skipped)";
            int col = 0;
            if (CommandInfo.IsColumn(cmd))
            {
                // reads mostly go where the case wrote: on the open row, or in another row of the bank (a column
                // that the row's last tenant had is where stale data shows)
                int roll = rng.Next(10);
                written.TryGetValue((bank, row), out var cols);
                var inBank = written.Where(w => w.Key.Bank == bank).SelectMany(w => w.Value).ToList();
                col = roll < 5 && cols is { Count: > 0 } ? cols[rng.Next(cols.Count)]
                    : roll < 7 && inBank.Count > 0 ? inBank[rng.Next(inBank.Count)] : Column(rng);
                if (CommandInfo.CarriesWriteBurst(cmd))
                {
                    if (cols == null) written[(bank, row)] = cols = [];
                    if (!cols.Contains(col)) cols.Add(col);
                }
            }
            int sid = bank / _o.BanksPerStackId, bg = bank % _o.BanksPerStackId / _o.BanksPerGroup;
            list.Add(new CommandRecord(cycle, cmd, 0, pc, sid, bg, bank, row, col));
            ts.Issue(cmd, pc, bank, cycle);
            if (CommandInfo.IsRow(cmd))
                rowFreeHalf = 2 * cycle + (CommandInfo.IsActivate(cmd) ? _o.ActHalfCycles : _o.RowCmdHalfCycles);
            Apply(cmd, bank, row, open);
            last = cycle;
        }
        return new VerifyCase(index, caseSeed, list, fault);
    }

    private static long Slack(Random r) => r.Next(100) switch
    {
        < 45 => 0,
        < 65 => 1,
        < 90 => r.Next(2, 9),
        _ => r.Next(9, 200),
    };

    // the first, second and last columns are where off-by-one bugs live; the rest at random
    private int Column(Random r) => r.Next(8) switch
    {
        0 => 0,
        1 => 1,
        2 => _o.Columns - 1,
        _ => r.Next(_o.Columns),
    };

    private int Row(Random r) => r.Next(4) == 0 ? r.Next(_rowsUsed) : r.Next(Math.Min(3, _rowsUsed));

    /// <summary>A command legal for the bank state (or, with <paramref name="breakState"/>, one that breaks it).
    /// </summary>
    private (Command, int Bank, int Row) Pick(Random r, int[] open, bool breakState, out bool broke)
    {
        broke = false;
        int banks = open.Length;
        if (breakState)
        {
            var opened = Enumerable.Range(0, banks).Where(b => open[b] >= 0).ToList();
            var closed = Enumerable.Range(0, banks).Where(b => open[b] < 0).ToList();
            if (opened.Count > 0 && r.Next(2) == 0)
            {
                broke = true;
                return (Command.ACT, opened[r.Next(opened.Count)], Row(r));
            }
            if (closed.Count > 0)
            {
                broke = true;
                var col = new[] { Command.RD, Command.WR }[r.Next(2)];
                return (col, closed[r.Next(closed.Count)], Row(r));
            }
        }
        for (int attempt = 0; attempt < 64; attempt++)
        {
            // column commands weigh more: they carry the data the scoreboard compares
            Command cmd = r.Next(10) < 5 ? ColumnCommand(r) : _commands[r.Next(_commands.Length)];
            var spec = CommandTable.Get(cmd);
            int bank = r.Next(100) < 85 ? _hot[r.Next(_hot.Length)] : r.Next(banks);
            var (first, count) = TargetBanks.Of(spec.Target, bank, _o);
            bool ok = spec.Needs switch
            {
                BankStateNeed.Closed => Enumerable.Range(first, count).All(b => open[b] < 0),
                BankStateNeed.Open => open[bank] >= 0,
                _ => true,
            };
            if (!ok) continue;
            int row = spec.Needs == BankStateNeed.Open ? open[bank] : CommandInfo.Opens(cmd) ? Row(r) : 0;
            return (cmd, spec.Target == BankTarget.PseudoChannel ? 0 : bank, row);
        }
        // every bank is in the way of what was drawn: close them all
        return (Command.PREA, 0, 0);
    }

    private Command ColumnCommand(Random r)
    {
        var cols = _commands.Where(CommandInfo.IsColumn).ToArray();
        return cols.Length == 0 ? _commands[0] : cols[r.Next(cols.Length)];
    }

    private void Apply(Command cmd, int bank, int row, int[] open)
    {
        var spec = CommandTable.Get(cmd);
        var (first, count) = TargetBanks.Of(spec.Target, bank, _o);
        switch (spec.Effect)
        {
            case RowEffect.Opens:
                for (int b = first; b < first + count; b++) open[b] = row;
                break;
            case RowEffect.Closes:
            case RowEffect.AutoPrecharge:
                for (int b = first; b < first + count; b++) open[b] = -1;
                break;
        }
    }

    /// <summary>SplitMix64's finaliser: case seeds from the campaign seed and the index.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
