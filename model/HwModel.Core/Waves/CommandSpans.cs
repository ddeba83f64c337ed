using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Waves;

/// <summary>How long each command shows in a timeline and when its data burst is on the bus, from the command
/// table and the configuration's timing table.</summary>
/// <remarks>A command with a data burst lasts until its burst ends (its <see cref="CommandSpec.DataLatency"/>);
/// any other lasts until its bank can take its next command: the shortest same-bank (for all-bank commands,
/// same-pseudo-channel) rule that follows it. Nothing here is a timing number of its own.</remarks>
public sealed class CommandSpans
{
    private readonly int[] _span, _dataEnd;

    /// <summary>Cycles of a data burst on the bus.</summary>
    public int BurstCycles { get; }

    public CommandSpans(MemoryConfig cfg, TimingTable table)
    {
        BurstCycles = Math.Max(1, cfg.Timing.nBL);
        _span = new int[CommandInfo.Count];
        _dataEnd = new int[CommandInfo.Count];
        foreach (var s in CommandTable.All)
        {
            int i = (int)s.Code;
            _dataEnd[i] = s.Data == DataDirection.None ? 0 : s.DataLatency?.Evaluate(cfg) ?? 0;
            var lowest = s.Target == BankTarget.Bank ? Scope.Bank : Scope.PseudoChannel;
            int min = int.MaxValue;
            foreach (var c in table.Constraints)
                if (!c.Sibling && c.Window == 1 && c.Scope >= lowest && c.Preceding.Contains(s.Code))
                    min = Math.Min(min, c.LatencyCycles);
            _span[i] = _dataEnd[i] > 0 ? _dataEnd[i] : min == int.MaxValue ? 1 : min;
        }
    }

    /// <summary>Cycles the command shows for.</summary>
    public int Span(Command c) => _span[(int)c];

    /// <summary>Cycles from the command to the end of its data burst; 0 when it has none.</summary>
    public int DataEnd(Command c) => _dataEnd[(int)c];
}
