using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Timing;

/// <summary>
/// The scheduler's fast timing state for one channel, compiled from a <see cref="TimingTable"/>: for every node of the
/// hierarchy (channel, pseudo-channel, stack ID, bank group, bank) and every command, the earliest cycle it may issue.
/// Issuing a command raises, at each level, the node's earliest-issue row to at least cycle + latency (a precomputed
/// latency row per preceding command and level, applied with SIMD); checking a command is five array reads.
/// Rolling windows (tFAW) and sibling rules (tCCDR) are applied one by one. No allocation after construction.
/// Only commands that some row constrains get a column (a standard without PIM uses 12 of 20), and cycles are kept as
/// 32-bit offsets from a base that moves forward on long runs (every 2^29 cycles), which keeps a node's row in one
/// cache line and the state of a 16-channel stack small enough to stay in cache; commands no row constrains read a
/// column never raised.
/// </summary>
public sealed class TimingState
{
    private readonly struct Special(Scope scope, int following, int latency, int windowSlot, int window, bool sibling,
        int nodesPerPc, int bankShift, int siblingMask, int rowBase)
    {
        public readonly Scope Scope = scope;
        public readonly int Level = (int)scope;
        public readonly int Following = following;
        public readonly int Latency = latency;
        public readonly int WindowSlot = windowSlot;
        public readonly int Window = window;
        public readonly bool Sibling = sibling;
        /// <summary>Node at this level: pc * NodesPerPc + (bank >> BankShift) (no branch on the level).</summary>
        public readonly int NodesPerPc = nodesPerPc, BankShift = bankShift;
        /// <summary>Nodes sharing a parent minus one (the counts are powers of two): the siblings' block.</summary>
        public readonly int SiblingMask = siblingMask;
        /// <summary>First node of this level in the state array.</summary>
        public readonly int RowBase = rowBase;
    }

    private struct PcOffsets { public int Pc, Sid, Bg, Bank; }

    private const int Levels = 5;
    /// <summary>Stride of one node's row: the constrained commands plus the always-zero column, padded to whole 256-bit vectors.</summary>
    private readonly int NC;
    /// <summary>Cycle that stored values are offsets from; values are never below <see cref="Floor"/>.</summary>
    private long _base;
    private const int Floor = -(1 << 30);
    /// <summary>Offsets beyond this move the base (a latency is far below 2^29 cycles, so offsets stay in range).</summary>
    private const int RebaseAt = 1 << 29;
    /// <summary>Column of each command in a node's row (0, never raised, for commands no row constrains).</summary>
    private readonly int[] _col;
    /// <summary>Per preceding command: the levels its latency rows raise (the rest have no row).</summary>
    private readonly int[][] _issueLevels;
    private const int None = int.MinValue / 2; // "no constraint" latency: offset + None never raises a value

    private readonly int[] _ready;              // earliest issue cycle - _base, per node and column
    private readonly int[] _latency;            // [preceding][level][following column], None where no row applies
    private readonly Special[][] _special;      // windowed and sibling rows per preceding command (but the next)
    private readonly int[] _sidSiblingLatency;  // [preceding][following column]: rules between different stack IDs
    private readonly bool _sidSiblings;         // some rule is one (tCCDR on HBM3 with two stack IDs)
    private readonly int[] _levelBase;
    private readonly int[] _levelCount;
    private readonly PcOffsets[] _pcOffsets;
    private readonly int _sids, _bankGroupsPerPc, _banksPerPc;
    private readonly int _sidShift,
        _bgShift; // bank -> stack ID and bank -> bank group (banks per stack ID and per group are powers of two)
    private readonly (int Nodes, int Window)[] _windows; // per window rule: nodes at its level and the window
    private readonly long[][] _windowRing;      // per window rule, per node: the last W issue cycles
    private readonly int[][] _windowCount;      // per window rule, per node: valid entries (at most W)
    private readonly int[][] _windowPos;        // per window rule, per node: where the next issue is written

    public TimingTable Table { get; }

    /// <summary>The k-th stack ID after <paramref name="sid"/>, cyclically (k = 1 .. count-1 visits every other one);
    /// without a branch, since which stack ID a command goes to is random.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int OtherStackId(int sid, int k)
    {
        int o = sid + k - _sids;
        return o + ((o >> 31) & _sids);
    }

    public TimingState(MemoryConfig cfg, TimingTable table)
    {
        Table = table;
        var o = cfg.Org;
        _sids = o.StackIds;
        _bankGroupsPerPc = o.StackIds * o.BankGroups;
        _banksPerPc = o.BanksPerPseudoChannel;
        _sidShift = BitOperations.Log2((uint)(o.BankGroups * o.BanksPerGroup));
        _bgShift = BitOperations.Log2((uint)o.BanksPerGroup);
        int pcs = o.PseudoChannels;
        _col = new int[CommandInfo.Count];
        _levelBase = new int[Levels];
        _levelCount = new int[Levels];
        _levelCount[(int)Scope.Channel] = 1;
        _levelCount[(int)Scope.PseudoChannel] = pcs;
        _levelCount[(int)Scope.StackId] = pcs * _sids;
        _levelCount[(int)Scope.BankGroup] = pcs * _bankGroupsPerPc;
        _levelCount[(int)Scope.Bank] = pcs * _banksPerPc;
        int columns = 1; // column 0: never raised
        foreach (var r in table.Constraints)
            foreach (var f in r.Following)
                if (_col[(int)f] == 0) _col[(int)f] = columns++;
        NC = (columns + 7) & ~7;
        int nodes = 0;
        for (int l = 0; l < Levels; l++) { _levelBase[l] = nodes; nodes += _levelCount[l]; }
        _ready = new int[nodes * NC];
        _pcOffsets = new PcOffsets[pcs];
        for (int p = 0; p < pcs; p++)
            _pcOffsets[p] = new PcOffsets
            {
                Pc = (_levelBase[1] + p) * NC,
                Sid = (_levelBase[2] + p * _sids) * NC,
                Bg = (_levelBase[3] + p * _bankGroupsPerPc) * NC,
                Bank = (_levelBase[4] + p * _banksPerPc) * NC,
            };

        _latency = new int[CommandInfo.Count * Levels * NC];
        Array.Fill(_latency, None);
        var levelUsed = new bool[CommandInfo.Count * Levels];
        _sidSiblingLatency = new int[CommandInfo.Count * NC];
        Array.Fill(_sidSiblingLatency, None);
        var special = new List<Special>[CommandInfo.Count];
        for (int i = 0; i < special.Length; i++) special[i] = [];
        var windows = new List<(int Nodes, int Window)>();
        foreach (var r in table.Constraints)
        {
            if (r.Scope > Scope.PseudoChannel && (r.Preceding.Any(c => !CommandInfo.IsBankCommand(c)) || r.Following.Any(c => !CommandInfo.IsBankCommand(c))))
                throw new InvalidOperationException($"timing row {r.Name}: a pseudo-channel-wide command cannot be scoped below the pseudo-channel");
            int slot = -1;
            if (r.Window > 1)
            {
                slot = windows.Count;
                windows.Add((_levelCount[(int)r.Scope], r.Window));
            }
            foreach (var p in r.Preceding)
                foreach (var f in r.Following)
                {
                    if (r.Sibling && r.Window <= 1 && r.Scope == Scope.StackId)
                    {
                        // the stack-ID sibling rules (tCCDR) as a latency row applied to the other stack IDs
                        ref int sl = ref _sidSiblingLatency[(int)p * NC + _col[(int)f]];
                        sl = Math.Max(sl, r.LatencyCycles);
                        continue;
                    }
                    if (r.Window > 1 || r.Sibling)
                    {
                        int level = (int)r.Scope;
                        var (perPc, shift) = level switch
                        {
                            0 => (0, 31),
                            1 => (1, 31),
                            2 => (_sids, _sidShift),
                            3 => (_bankGroupsPerPc, _bgShift),
                            _ => (_banksPerPc, 0),
                        };
                        int perParent = r.Scope switch
                        {
                            Scope.StackId => _sids,
                            Scope.BankGroup => _bankGroupsPerPc,
                            Scope.Bank => _banksPerPc,
                            _ => _levelCount[level],
                        };
                        if (!BitOperations.IsPow2(perParent)) throw new InvalidOperationException($"timing row {r.Name}: {perParent} sibling nodes is not a power of two");
                        special[(int)p].Add(new Special(r.Scope, _col[(int)f], r.LatencyCycles, slot, r.Window, r.Sibling, perPc, shift, perParent - 1, _levelBase[level]));
                        continue;
                    }
                    ref int l = ref _latency[((int)p * Levels + (int)r.Scope) * NC + _col[(int)f]];
                    l = Math.Max(l, r.LatencyCycles); // several rows on one pair: the largest binds
                    levelUsed[(int)p * Levels + (int)r.Scope] = true;
                }
        }
        _special = [.. special.Select(l => l.ToArray())];
        _sidSiblings = _sids > 1 && _sidSiblingLatency.Any(v => v != None);
        _issueLevels = new int[CommandInfo.Count][];
        for (int c = 0; c < CommandInfo.Count; c++)
            _issueLevels[c] = [.. Enumerable.Range(0, Levels).Where(level => levelUsed[c * Levels + level])];
        _windows = [.. windows];
        (_windowRing, _windowCount, _windowPos) = NewWindows(_windows);
    }

    /// <summary>A fresh state (nothing issued) for another channel of the same stack. The compiled tables (command
    /// columns, latency rows, window and sibling rules, node offsets) are read-only and shared, so that a stack's
    /// channels keep one copy of them in cache instead of one each.</summary>
    public TimingState(TimingState sameStack)
    {
        var t = sameStack;
        Table = t.Table;
        NC = t.NC; _col = t._col; _issueLevels = t._issueLevels; _latency = t._latency; _special = t._special;
        _sidSiblingLatency = t._sidSiblingLatency; _sidSiblings = t._sidSiblings;
        _levelBase = t._levelBase; _levelCount = t._levelCount; _pcOffsets = t._pcOffsets;
        _sids = t._sids; _bankGroupsPerPc = t._bankGroupsPerPc; _banksPerPc = t._banksPerPc;
        _sidShift = t._sidShift; _bgShift = t._bgShift;
        _windows = t._windows;
        _ready = new int[t._ready.Length];
        (_windowRing, _windowCount, _windowPos) = NewWindows(_windows);
    }

    private static (long[][], int[][], int[][]) NewWindows((int Nodes, int Window)[] windows) =>
        ([.. windows.Select(w => new long[w.Nodes * w.Window])],
         [.. windows.Select(w => new int[w.Nodes])],
         [.. windows.Select(w => new int[w.Nodes])]);



    /// <summary>Earliest cycle at which <paramref name="cmd"/> may issue to (pseudo-channel, flat bank). For
    /// pseudo-channel-wide commands (PREA, REFab) the bank is ignored.</summary>
    public long Earliest(Command cmd, int pc, int bank)
    {
        int c = _col[(int)cmd];
        ref int r0 = ref MemoryMarshal.GetArrayDataReference(_ready);
        ref var o = ref _pcOffsets[pc];
        int t = Unsafe.Add(ref r0, c);
        int v = Unsafe.Add(ref r0, o.Pc + c);
        if (v > t) t = v;
        if (!CommandInfo.IsBankCommand(cmd)) return _base + t;
        v = Unsafe.Add(ref r0, o.Sid + (bank >> _sidShift) * NC + c);
        if (v > t) t = v;
        v = Unsafe.Add(ref r0, o.Bg + (bank >> _bgShift) * NC + c);
        if (v > t) t = v;
        v = Unsafe.Add(ref r0, o.Bank + bank * NC + c);
        return _base + (v > t ? v : t);
    }

    /// <summary>The bank-level part of <see cref="Earliest"/> (a lower bound; cheap pre-check).</summary>
    public long EarliestBankOnly(Command cmd, int pc, int bank) =>
        _base + Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_ready), _pcOffsets[pc].Bank + bank * NC + _col[(int)cmd]);

    /// <summary>The channel- and pseudo-channel-level part of <see cref="Earliest"/>: a lower bound for every bank.</summary>
    public long EarliestPc(Command cmd, int pc)
    {
        int c = _col[(int)cmd];
        int t = _ready[c];
        int v = _ready[_pcOffsets[pc].Pc + c];
        return _base + (v > t ? v : t);
    }

    /// <summary>Whether only a pseudo-channel's own commands move what its lookups read: true unless some row is
    /// channel-wide or spans sibling pseudo-channels (no built-in table has one).</summary>
    public bool PcFloorsMoveOnlyWithOwnCommands =>
        !Table.Constraints.Any(r => r.Scope == Scope.Channel || (r.Scope == Scope.PseudoChannel && r.Sibling));

    /// <summary>Whether some row constrains <paramref name="cmd"/> at the channel or pseudo-channel level (otherwise
    /// <see cref="EarliestPc"/> is never a floor worth checking).</summary>
    public bool HasPcFloor(Command cmd)
    {
        int c = _col[(int)cmd];
        if (c == 0) return false;
        foreach (var r in Table.Constraints)
            if (r.Scope <= Scope.PseudoChannel && r.Following.Contains(cmd)) return true;
        return false;
    }

    /// <summary>Records that <paramref name="cmd"/> issued at <paramref name="cycle"/>.</summary>
    public void Issue(Command cmd, int pc, int bank, long cycle)
    {
        int c = (int)cmd;
        if (cycle - _base > RebaseAt) Rebase(cycle);
        ref var o = ref _pcOffsets[pc];
        ref int r0 = ref MemoryMarshal.GetArrayDataReference(_ready);
        ref int l0 = ref MemoryMarshal.GetArrayDataReference(_latency);
        var cyc = Vector256.Create((int)(cycle - _base));
        if (NC == 16)
        {
            // every level, straight through: a level without a latency row for this command adds "never" and changes
            // nothing, and the loop over a command's own levels (with its switch) mispredicted from one command to
            // the next; a pseudo-channel-wide command touches bank 0's rows with "never" only
            int bk = CommandInfo.IsBankCommand(cmd) ? bank : 0;
            nuint lat = (nuint)(c * Levels * 16);
            Raise16(ref r0, 0, ref l0, lat, cyc);
            Raise16(ref r0, (nuint)o.Pc, ref l0, lat + 16, cyc);
            Raise16(ref r0, (nuint)(o.Sid + (bk >> _sidShift) * 16), ref l0, lat + 32, cyc);
            Raise16(ref r0, (nuint)(o.Bg + (bk >> _bgShift) * 16), ref l0, lat + 48, cyc);
            Raise16(ref r0, (nuint)(o.Bank + bk * 16), ref l0, lat + 64, cyc);
            if (_sidSiblings)
            {
                // every other stack ID of the pseudo-channel (any count, 12-high stacks have 3); a command without
                // such a rule adds "never"
                int sid = bk >> _sidShift;
                ref int s0 = ref MemoryMarshal.GetArrayDataReference(_sidSiblingLatency);
                for (int k = 1; k < _sids; k++)
                    Raise16(ref r0, (nuint)(o.Sid + OtherStackId(sid, k) * 16), ref s0, (nuint)(c * 16), cyc);
            }
            if (_special[c].Length > 0) IssueSpecial(c, pc, bank, cycle);
            return;
        }
        var levels = _issueLevels[c];
        for (int i = 0; i < levels.Length; i++)
        {
            int level = levels[i];
            int row = level switch
            {
                0 => 0,
                1 => o.Pc,
                2 => o.Sid + (bank >> _sidShift) * NC,
                3 => o.Bg + (bank >> _bgShift) * NC,
                _ => o.Bank + bank * NC,
            };
            nuint lat = (nuint)((c * Levels + level) * NC);
            for (nuint k = 0; k < (nuint)NC; k += 8)
            {
                var v = Vector256.Max(Vector256.LoadUnsafe(ref r0, (nuint)row + k), Vector256.LoadUnsafe(ref l0, lat + k) + cyc);
                v.StoreUnsafe(ref r0, (nuint)row + k);
            }
        }
        if (_sidSiblings && CommandInfo.IsBankCommand(cmd))
        {
            int sid = bank >> _sidShift;
            for (int k = 1; k < _sids; k++)
            {
                int row = o.Sid + OtherStackId(sid, k) * NC;
                for (int q = 0; q < NC; q++)
                {
                    int l = _sidSiblingLatency[c * NC + q];
                    if (l == None) continue;
                    ref int r = ref Unsafe.Add(ref r0, row + q);
                    r = Math.Max(r, (int)(cycle - _base) + l);
                }
            }
        }
        if (_special[c].Length > 0) IssueSpecial(c, pc, bank, cycle);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Raise16(ref int r0, nuint row, ref int l0, nuint lat, Vector256<int> cyc)
    {
        var v = Vector256.Max(Vector256.LoadUnsafe(ref r0, row), Vector256.LoadUnsafe(ref l0, lat) + cyc);
        v.StoreUnsafe(ref r0, row);
        v = Vector256.Max(Vector256.LoadUnsafe(ref r0, row + 8), Vector256.LoadUnsafe(ref l0, lat + 8) + cyc);
        v.StoreUnsafe(ref r0, row + 8);
    }

    /// <summary>Windowed (tFAW) and sibling (tCCDR) rows of <paramref name="c"/>.</summary>
    private void IssueSpecial(int c, int pc, int bank, long cycle)
    {
        var specials = _special[c];
        for (int i = 0; i < specials.Length; i++)
        {
            ref readonly var e = ref specials[i];
            int node = pc * e.NodesPerPc + (bank >> e.BankShift);
            long t;
            if (e.Window > 1)
            {
                var ring = _windowRing[e.WindowSlot];
                var cnt = _windowCount[e.WindowSlot];
                var pos = _windowPos[e.WindowSlot];
                int p = pos[node];
                ring[node * e.Window + p] = cycle;
                p = p + 1 == e.Window ? 0 : p + 1;
                pos[node] = p;
                if (cnt[node] < e.Window && ++cnt[node] < e.Window) continue;
                // the oldest of the last W issues sits where the next one will be written
                t = ring[node * e.Window + p] + e.Latency;
            }
            else t = cycle + e.Latency;

            if (e.Sibling)
            {
                int first = node & ~e.SiblingMask;
                for (int m = first; m <= first + e.SiblingMask; m++)
                    if (m != node) Bump(e.RowBase + m, e.Following, t);
            }
            else Bump(e.RowBase + node, e.Following, t);
        }
    }

    private void Bump(int row, int cmd, long t)
    {
        ref int r = ref _ready[row * NC + cmd];
        long rel = t - _base; // compared before narrowing: a window entry may lie far before the base
        if (rel > r) r = (int)rel;
    }

    /// <summary>Visits every earliest-issue cycle and window entry for the closed-form idle skip (see
    /// <see cref="Engine.IdleState"/>), as absolute cycles; when the skip writes, the base moves with the
    /// clock.</summary>
    public void VisitIdle(Engine.IdleState s)
    {
        long newBase = s.Applying ? Math.Max(_base, s.NewNow - (1L << 28)) : _base;
        for (int i = 0; i < _ready.Length; i++)
        {
            long abs = _base + _ready[i];
            s.Cycle(ref abs);
            if (s.Applying) _ready[i] = (int)Math.Max(Floor, abs - newBase);
        }
        _base = newBase;
        for (int w = 0; w < _windowRing.Length; w++)
        {
            s.Cycles(_windowRing[w]);
            s.Exacts(_windowCount[w]);
            s.Exacts(_windowPos[w]);
        }
    }

    /// <summary>Moves the base to <paramref name="cycle"/> - 2^28: every offset drops by the shift, those far in
    /// the past stop at <see cref="Floor"/> (still earlier than any cycle to come).</summary>
    private void Rebase(long cycle)
    {
        long shift = cycle - (1L << 28) - _base;
        for (int i = 0; i < _ready.Length; i++) _ready[i] = (int)Math.Max(Floor, _ready[i] - shift);
        _base += shift;
    }
}
