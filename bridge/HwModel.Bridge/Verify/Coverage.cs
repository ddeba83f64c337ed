using System.Globalization;
using System.Text;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Bridge.Verify;

/// <summary>
/// Functional coverage of a campaign: named bins with hit counts. Bins: each generated command against the state of
/// its bank (closed, open on its row, open on another row); each timing rule's slack (at the limit, one over, a few
/// over, far, broken); refresh commands with banks open elsewhere. The bins a configuration can have are declared
/// up front, so the share hit means something; files merge by adding hit counts.
/// </summary>
public sealed class Coverage
{
    /// <summary>The file's first line: its format.</summary>
    public const string Header = "# hwmodel verify coverage v1: bin<TAB>hits";
    private readonly SortedDictionary<string, long> _bins = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Bins => _bins;
    public int Declared => _bins.Count;
    public int Hit => _bins.Values.Count(v => v > 0);
    public double Percent => _bins.Count == 0 ? 0 : 100.0 * Hit / _bins.Count;

    public static readonly string[] StateBins = ["closed", "open-row", "open-other-row"];
    public static readonly string[] SlackBins = ["broken", "at-limit", "one-over", "few-over", "far"];

    /// <summary>Declares every bin of a configuration (hit count 0).</summary>
    public void Declare(MemoryConfig cfg, IEnumerable<Command> commands)
    {
        foreach (var c in commands)
        {
            var spec = CommandTable.Get(c);
            if (spec.Target == BankTarget.PseudoChannel) Add($"cmd.{c}.all-banks", 0);
            else foreach (var s in StateBins) Add($"cmd.{c}.{s}", 0);
        }
        foreach (var r in TimingTable.For(cfg).Constraints)
            foreach (var s in SlackBins) Add($"rule.{r.Name}.{s}", 0);
        foreach (var c in commands)
        {
            var s = CommandTable.Get(c);
            if (s.Needs == BankStateNeed.Closed && s.Effect != RowEffect.Opens && s.Target != BankTarget.PseudoChannel)
                Add($"refresh.{c}.other-banks-open", 0);
        }
    }

    private void Add(string bin, long hits) => _bins[bin] = _bins.GetValueOrDefault(bin) + hits;

    /// <summary>Bins one case's commands (bank states replayed from the case, rule slacks from the checker).
    /// </summary>
    public void Record(MemoryConfig cfg, VerifyCase c)
    {
        var o = cfg.Org;
        var open = new int[o.BanksPerPseudoChannel];
        Array.Fill(open, -1);
        var chk = new TimingChecker(cfg) { MaxKept = 0 };
        chk.OnRuleChecked = (rule, slack) => Add($"rule.{rule.Name}.{Slack(slack)}", 1);
        foreach (var r in c.Commands)
        {
            var spec = CommandTable.Get(r.Command);
            if (spec.Target == BankTarget.PseudoChannel) Add($"cmd.{r.Command}.all-banks", 1);
            else
            {
                int row = open[r.Bank];
                Add($"cmd.{r.Command}.{(row < 0 ? "closed" : row == r.Row ? "open-row" : "open-other-row")}", 1);
                if (spec.Needs == BankStateNeed.Closed && spec.Effect != RowEffect.Opens && open.Any(b => b >= 0))
                    Add($"refresh.{r.Command}.other-banks-open", 1);
            }
            chk.OnCommand(r);
            var (first, count) = TargetBanks.Of(spec.Target, r.Bank, o);
            if (spec.Effect == RowEffect.Opens) for (int b = first; b < first + count; b++) open[b] = r.Row;
            else if (spec.Effect is RowEffect.Closes or RowEffect.AutoPrecharge)
                for (int b = first; b < first + count; b++) open[b] = -1;
        }
    }

    private static string Slack(long s) => s switch
    {
        < 0 => "broken",
        0 => "at-limit",
        1 => "one-over",
        <= 8 => "few-over",
        _ => "far",
    };

    /// <summary>Adds another campaign's hit counts (shards merge this way).</summary>
    public void Merge(Coverage other)
    {
        foreach (var (k, v) in other._bins) Add(k, v);
    }

    public void Write(string path)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var (k, v) in _bins)
            sb.Append(k).Append('\t').Append(v.ToString(CultureInfo.InvariantCulture)).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Reads a coverage file; a malformed line is a <see cref="ConfigException"/> naming file and line.
    /// </summary>
    public static Coverage Read(string path)
    {
        var cov = new Coverage();
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
            throw new ConfigException(path + ":1", "header", lines.Length > 0 ? lines[0] : "", $"expected '{Header}'");
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split('\t');
            if (f.Length != 2 || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                throw new ConfigException($"{path}:{i + 1}", "bin", lines[i], "expected NAME<TAB>HITS");
            cov.Add(f[0], v);
        }
        return cov;
    }
}
