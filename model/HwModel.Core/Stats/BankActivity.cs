using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Stats;

/// <summary>Counts activations, column accesses and row hits per bank of every pseudo-channel, from the commands.
/// </summary>
/// <remarks>A column access is a hit unless it is the first to its bank since the bank's activation (the
/// controller's own rule). All-bank commands count for every bank they reach. Each channel touches only its own
/// rows, so channels may report from their own threads.</remarks>
public sealed class BankActivity : ICommandObserver
{
    private readonly Organisation _o;
    private readonly long[] _acts, _columns, _hits;
    private readonly int[] _sinceAct;

    public BankActivity(Organisation o)
    {
        _o = o;
        int n = o.PseudoChannelsTotal * o.BanksPerPseudoChannel;
        _acts = new long[n];
        _columns = new long[n];
        _hits = new long[n];
        _sinceAct = new int[n];
    }

    /// <summary>Rows of the tables: one per pseudo-channel (channel * pseudo-channels + pc).</summary>
    public int Rows => _o.PseudoChannelsTotal;
    public int Banks => _o.BanksPerPseudoChannel;

    public long Activates(int row, int bank) => _acts[row * Banks + bank];
    public long Columns(int row, int bank) => _columns[row * Banks + bank];
    public long Hits(int row, int bank) => _hits[row * Banks + bank];

    public void OnCommand(in CommandRecord r)
    {
        var spec = CommandTable.Get(r.Command);
        bool opens = spec.Effect == RowEffect.Opens, column = spec.Bus == CommandBus.Column;
        if (!opens && !column) return;
        int row = r.Channel * _o.PseudoChannels + r.PseudoChannel;
        if ((uint)row >= (uint)Rows) return;
        var (first, count) = TargetBanks.Of(spec.Target, r.Bank, _o);
        for (int b = first; b < first + count && b < Banks; b++)
        {
            int i = row * Banks + b;
            if (opens) { _acts[i]++; _sinceAct[i] = 0; }
            else
            {
                _columns[i]++;
                if (_sinceAct[i]++ > 0) _hits[i]++;
            }
        }
    }
}
