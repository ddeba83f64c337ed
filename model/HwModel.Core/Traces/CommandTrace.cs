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

    public static IEnumerable<CommandRecord> Read(string path, Organisation o)
    {
        int n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 7) throw new TraceFormatException(path, n, $"expected 7 fields 'cycle COMMAND channel pseudoChannel bank row column', found {f.Length}");
            bool half = f[0].EndsWith(".5", StringComparison.Ordinal);
            long cycle = ParseLong(path, n, half ? f[0][..^2] : f[0], "cycle");
            Command cmd;
            try { cmd = CommandInfo.Parse(f[1]); }
            catch (FormatException e) { throw new TraceFormatException(path, n, e.Message); }
            int ch = (int)ParseLong(path, n, f[2], "channel"), pc = (int)ParseLong(path, n, f[3], "pseudoChannel");
            int bank = (int)ParseLong(path, n, f[4], "bank"), row = (int)ParseLong(path, n, f[5], "row"), col = (int)ParseLong(path, n, f[6], "column");
            if (bank >= o.BanksPerPseudoChannel) throw new TraceFormatException(path, n, $"bank {bank} out of range 0..{o.BanksPerPseudoChannel - 1}");
            int sid = bank / o.BanksPerStackId, bg = bank / o.BanksPerGroup % o.BankGroups;
            yield return new CommandRecord(cycle, cmd, ch, pc, sid, bg, bank, row, col, half);
        }
    }

    private static long ParseLong(string path, int line, string s, string what) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
        : throw new TraceFormatException(path, line, $"expected {what} (a non-negative integer), found '{s}'");
}
