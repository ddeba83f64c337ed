using System.Buffers.Binary;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Bridge.Verify;

/// <summary>
/// What a case must give: per command the rules the independent checker says it breaks (<see
/// cref="TimingChecker"/>), and per host read the burst the case last wrote there (any content if none: the
/// server is reset between cases without clearing its arrays), with rows wrapped modulo the RTL's stored rows as
/// its data array does. Every host read returns one burst, legal or not (DUT contract); a command that breaks a
/// timing rule is flagged and executes as if legal. The write data is a function of the case seed and the
/// command's cycle and column, so a shrunk case keeps the data of the commands it keeps.
/// </summary>
public static class CaseOracle
{
    /// <summary>Checker rules that are not the RTL's to flag (a refresh interval spans more than one case).</summary>
    public static readonly string[] NotCompared = ["refresh-interval", "order", "address"];

    /// <summary>Per command the rules broken; per host read (every one returns a burst) the data it must carry, or
    /// null where any content is right.</summary>
    public sealed record Expected(HashSet<string>[] Rules, List<(int Index, byte[]? Data)> Reads);

    public static Expected For(MemoryConfig cfg, VerifyCase c, int storedRows)
    {
        var chk = new TimingChecker(cfg) { MaxKept = int.MaxValue };
        var rules = new HashSet<string>[c.Commands.Count];
        var byCycle = new Dictionary<long, int>();
        for (int i = 0; i < c.Commands.Count; i++) { rules[i] = []; byCycle[c.Commands[i].Cycle] = i; }
        foreach (var r in c.Commands) chk.OnCommand(r);
        foreach (var v in chk.Violations)
            if (!NotCompared.Contains(v.Rule) && byCycle.TryGetValue(v.Command.Cycle, out int i)) rules[i].Add(v.Rule);
        var shadow = new Dictionary<(int, int, int), int>();
        var unknownBanks = new HashSet<int>();
        var reads = new List<(int, byte[]?)>();
        for (int i = 0; i < c.Commands.Count; i++)
        {
            var r = c.Commands[i];
            // a command that breaks a bank-state rule is flagged; what it does to the array is not defined, so a
            // read it makes returns a burst of any content, and after such a write its bank's data is unknown
            bool stateBroken = rules[i].Any(n => n.StartsWith("state.", StringComparison.Ordinal));
            var key = (r.Bank, r.Row % storedRows, r.Column);
            if (CommandInfo.CarriesWriteBurst(r.Command))
            {
                if (stateBroken) unknownBanks.Add(r.Bank);
                else shadow[key] = i;
            }
            else if (CommandInfo.IsRead(r.Command))
                reads.Add((i, stateBroken || unknownBanks.Contains(r.Bank) ? null
                    : shadow.TryGetValue(key, out int w) ? WriteData(c, w) : null));
        }
        return new Expected(rules, reads);
    }

    /// <summary>The burst command <paramref name="index"/> of the case writes.</summary>
    public static byte[] WriteData(VerifyCase c, int index)
    {
        var b = new byte[32];
        ulong x = c.Seed ^ ((ulong)c.Commands[index].Cycle << 20) ^ (ulong)c.Commands[index].Column;
        for (int i = 0; i < 32; i += 8)
        {
            x = CaseGenerator.Mix(x);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(i), x);
        }
        return b;
    }
}
