using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Timing;

/// <summary>
/// The scheduler's fast timing state for one channel, compiled from a <see cref="TimingTable"/>: for every node of the
/// hierarchy (channel, pseudo-channel, stack ID, bank group, bank) and every command, the earliest cycle it may issue.
/// Issuing a command pushes the table's latencies forward into the nodes it constrains; checking a command is five
/// array reads. No allocation after construction.
/// </summary>
public sealed class TimingState
{
    private readonly struct Entry(Scope scope, int following, int latency, int windowSlot, int window, bool sibling)
    {
        public readonly int Level = (int)scope;
        public readonly Scope Scope = scope;
        public readonly int Following = following;
        public readonly int Latency = latency;
        public readonly int WindowSlot = windowSlot;
        public readonly int Window = window;
        public readonly bool Sibling = sibling;
    }

    private const int NC = CommandInfo.Count;
    private readonly Entry[][] _byPreceding = new Entry[NC][];
    private readonly long[] _ready;
    private readonly int[] _levelBase = new int[5];
    private readonly int[] _levelCount = new int[5];
    private readonly int _sids, _bankGroupsPerPc, _banksPerPc, _bpg, _banksPerSid;
    private readonly int _sidShift, _bgShift; // bank -> stack ID and bank -> bank group (all counts are powers of two)
    // Rolling-window histories (tFAW): per window constraint, per node, a ring of the last W issue cycles.
    private readonly long[][] _windowRing;
    private readonly int[][] _windowCount;

    public TimingTable Table { get; }

    public TimingState(MemoryConfig cfg, TimingTable table)
    {
        Table = table;
        var o = cfg.Org;
        _sids = o.StackIds;
        _bpg = o.BanksPerGroup;
        _banksPerSid = o.BankGroups * o.BanksPerGroup;
        _bankGroupsPerPc = o.StackIds * o.BankGroups;
        _banksPerPc = o.BanksPerPseudoChannel;
        _sidShift = System.Numerics.BitOperations.Log2((uint)_banksPerSid);
        _bgShift = System.Numerics.BitOperations.Log2((uint)_bpg);
        int pcs = o.PseudoChannels;
        _levelCount[(int)Scope.Channel] = 1;
        _levelCount[(int)Scope.PseudoChannel] = pcs;
        _levelCount[(int)Scope.StackId] = pcs * _sids;
        _levelCount[(int)Scope.BankGroup] = pcs * _bankGroupsPerPc;
        _levelCount[(int)Scope.Bank] = pcs * _banksPerPc;
        int nodes = 0;
        for (int l = 0; l < 5; l++) { _levelBase[l] = nodes; nodes += _levelCount[l]; }
        _ready = new long[nodes * NC];
        _pcOffsets = new PcOffsets[pcs];
        for (int p = 0; p < pcs; p++)
            _pcOffsets[p] = new PcOffsets
            {
                Pc = (_levelBase[1] + p) * NC,
                Sid = (_levelBase[2] + p * _sids) * NC,
                Bg = (_levelBase[3] + p * _bankGroupsPerPc) * NC,
                Bank = (_levelBase[4] + p * _banksPerPc) * NC,
            };

        var lists = new List<Entry>[NC];
        for (int i = 0; i < NC; i++) lists[i] = [];
        var rings = new List<long[]>();
        var counts = new List<int[]>();
        foreach (var r in table.Constraints)
        {
            if (r.Scope > Scope.PseudoChannel && (r.Preceding.Any(c => !CommandInfo.IsBankCommand(c)) || r.Following.Any(c => !CommandInfo.IsBankCommand(c))))
                throw new InvalidOperationException($"timing row {r.Name}: a pseudo-channel-wide command cannot be scoped below the pseudo-channel");
            int slot = -1;
            if (r.Window > 1)
            {
                slot = rings.Count;
                rings.Add(new long[_levelCount[(int)r.Scope] * r.Window]);
                counts.Add(new int[_levelCount[(int)r.Scope]]);
            }
            foreach (var p in r.Preceding)
                foreach (var f in r.Following)
                    lists[(int)p].Add(new Entry(r.Scope, (int)f, r.LatencyCycles, slot, r.Window, r.Sibling));
        }
        for (int i = 0; i < NC; i++) _byPreceding[i] = [.. lists[i]];
        _windowRing = [.. rings];
        _windowCount = [.. counts];
    }

    /// <summary>Earliest cycle at which <paramref name="cmd"/> may issue to (pseudo-channel, flat bank). For
    /// pseudo-channel-wide commands (PREA, REFab) the bank is ignored.</summary>
    public long Earliest(Command cmd, int pc, int bank)
    {
        int c = (int)cmd;
        ref long r0 = ref MemoryMarshal.GetArrayDataReference(_ready);
        ref var o = ref _pcOffsets[pc];
        long t = Unsafe.Add(ref r0, c);
        long v = Unsafe.Add(ref r0, o.Pc + c);
        if (v > t) t = v;
        if (!CommandInfo.IsBankCommand(cmd)) return t;
        v = Unsafe.Add(ref r0, o.Sid + (bank >> _sidShift) * NC + c);
        if (v > t) t = v;
        v = Unsafe.Add(ref r0, o.Bg + (bank >> _bgShift) * NC + c);
        if (v > t) t = v;
        v = Unsafe.Add(ref r0, o.Bank + bank * NC + c);
        return v > t ? v : t;
    }

    private struct PcOffsets { public int Pc, Sid, Bg, Bank; }
    private readonly PcOffsets[] _pcOffsets;

    /// <summary>The bank-level part of <see cref="Earliest"/> (a lower bound; cheap pre-check).</summary>
    public long EarliestBankOnly(Command cmd, int pc, int bank) => _ready[(_levelBase[4] + pc * _banksPerPc + bank) * NC + (int)cmd];

    /// <summary>The channel- and pseudo-channel-level part of <see cref="Earliest"/>: a lower bound for every bank.</summary>
    public long EarliestPc(Command cmd, int pc)
    {
        int c = (int)cmd;
        long t = _ready[c];
        long v = _ready[(_levelBase[1] + pc) * NC + c];
        return v > t ? v : t;
    }

    /// <summary>Records that <paramref name="cmd"/> issued at <paramref name="cycle"/>.</summary>
    public void Issue(Command cmd, int pc, int bank, long cycle)
    {
        var entries = _byPreceding[(int)cmd];
        Span<int> nodes = [0, pc, pc * _sids + (bank >> _sidShift), pc * _bankGroupsPerPc + (bank >> _bgShift), pc * _banksPerPc + bank];
        for (int i = 0; i < entries.Length; i++)
        {
            ref readonly var e = ref entries[i];
            int node = nodes[e.Level];
            long t;
            if (e.Window > 1)
            {
                var ring = _windowRing[e.WindowSlot];
                var cnt = _windowCount[e.WindowSlot];
                int n = cnt[node]++;
                ring[node * e.Window + n % e.Window] = cycle;
                if (n + 1 < e.Window) continue;
                // oldest of the last W issues sits right after the one just written
                t = ring[node * e.Window + (n + 1) % e.Window] + e.Latency;
            }
            else t = cycle + e.Latency;

            if (e.Sibling)
            {
                int perParent = e.Scope == Scope.StackId ? _sids : e.Scope == Scope.BankGroup ? _bankGroupsPerPc : e.Scope == Scope.Bank ? _banksPerPc : _levelCount[(int)e.Scope];
                int first = node - node % perParent;
                for (int m = first; m < first + perParent; m++)
                    if (m != node) Bump(e.Scope, m, e.Following, t);
            }
            else
            {
                ref long r = ref _ready[(_levelBase[e.Level] + node) * NC + e.Following];
                if (t > r) r = t;
            }
        }
    }

    private void Bump(Scope s, int node, int cmd, long t)
    {
        ref long r = ref _ready[(_levelBase[(int)s] + node) * NC + cmd];
        if (t > r) r = t;
    }
}
