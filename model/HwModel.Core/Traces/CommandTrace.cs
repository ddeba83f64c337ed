using System.Globalization;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Traces;

/// <summary>
/// Command traces (what the controller issued), one command a line:
/// <c>cycle[.5] COMMAND channel pseudoChannel bank row column</c>, where bank is the flat bank index in the
/// pseudo-channel ((sid x bankGroups + bankGroup) x banksPerGroup + bank) and ".5" marks a second-half-cycle row command.
/// </summary>
public static class CommandTrace
{
    public sealed class Writer(TextWriter w) : ICommandObserver
    {
        public void OnCommand(in CommandRecord c) =>
            w.WriteLine($"{c.Cycle}{(c.SecondHalf ? ".5" : "")} {c.Command} {c.Channel} {c.PseudoChannel} {c.Bank} {c.Row} {c.Column}");
    }

    /// <summary>Reads a command trace for <paramref name="c"/>: every field within the device (channel,
    /// pseudo-channel, bank, row, column) and every command one its standard and PIM architecture have.</summary>
    public static IEnumerable<CommandRecord> Read(string path, MemoryConfig c)
    {
        var o = c.Org;
        var features = Spec.Standards.StandardRegistry.Get(o.Standard).Features;
        int n = 0;
        using var input = TraceInput.OpenRead(path);
        using var reader = new StreamReader(input);
        foreach (var raw in Util.BoundedText.ReadLines(reader, path))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 7)
                throw new TraceFormatException(path, n,
                    $"expected 7 fields 'cycle COMMAND channel pseudoChannel bank row column', found {f.Length}");
            bool half = f[0].EndsWith(".5", StringComparison.Ordinal);
            long cycle = Field(path, n, half ? f[0][..^2] : f[0], "cycle", Engine.MemorySystem.MaxArrivalCycle);
            Command cmd;
            try { cmd = CommandInfo.Parse(f[1]); }
            catch (FormatException e) { throw new TraceFormatException(path, n, e.Message); }
            if (!CommandTable.Exists(cmd, features, c.Pim.Architecture))
                throw new TraceFormatException(path, n, $"{cmd} is not a command of {c.Name} ({o.Standard}, PIM: " +
                    $"{c.Pim.Architecture})");
            int ch = (int)Field(path, n, f[2], "channel", o.Channels - 1);
            int pc = (int)Field(path, n, f[3], "pseudoChannel", o.PseudoChannels - 1);
            int bank = (int)Field(path, n, f[4], "bank", o.BanksPerPseudoChannel - 1);
            int row = (int)Field(path, n, f[5], "row", o.Rows - 1);
            int col = (int)Field(path, n, f[6], "column", o.Columns - 1);
            int sid = bank / o.BanksPerStackId, bg = bank / o.BanksPerGroup % o.BankGroups;
            yield return new CommandRecord(cycle, cmd, ch, pc, sid, bg, bank, row, col, half);
        }
    }

    private static long Field(string path, int line, string s, string what, long max)
    {
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            throw new TraceFormatException(path, line,
                $"expected {what} (a non-negative integer), found '{Util.Printable.Text(s)}'");
        if (v > max) throw new TraceFormatException(path, line, $"{what} {v} out of range 0..{max}");
        return v;
    }
}
