using System.Numerics;

namespace HwModel.Engine;

/// <summary>
/// Pending burst completions as a calendar: one slot per cycle over a window of cycles, and in each slot, per
/// direction, at most one completion per controller (a controller issues at most one column command per cycle, and
/// each direction completes a fixed nCL + nBL or nCWL + nBL after it). A slot holds a mask of the controllers with a
/// completion and their items, so completions leave in the order (cycle, reads before writes, controller): the order
/// of controllers ticked in index order, whether or not a controller has run ahead of the others
/// (<see cref="MemorySystem.RunAhead"/>). O(1) push and pop, no allocation after construction.
/// </summary>
public sealed class CompletionQueue
{
    private readonly int _controllers, _slots, _words;
    private readonly ulong[] _mask;   // [(slot * 2 + direction) * words + controller / 64]: controllers with a completion
    private readonly int[] _item;     // [(slot * 2 + direction) * controllers + controller]
    private readonly ulong[] _used;   // per slot: any completion (a bit per slot)
    private long _top = long.MaxValue, _last = long.MinValue; // earliest pending, latest pushed since last empty
    private int _count;

    /// <param name="controllers">Controllers.</param>
    /// <param name="windowCycles">Most cycles between the earliest pending completion and the latest pushed.</param>
    public CompletionQueue(int controllers, int windowCycles)
    {
        if (controllers < 1) throw new ArgumentOutOfRangeException(nameof(controllers), controllers, "at least one controller");
        _controllers = controllers;
        _words = (controllers + 63) / 64;
        _slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, windowCycles + 1));
        _mask = new ulong[_slots * 2 * _words];
        _item = new int[_slots * 2 * controllers];
        _used = new ulong[_slots / 64];
    }

    public int Count => _count;
    /// <summary>Cycle of the earliest pending completion, or long.MaxValue.</summary>
    public long TopCycle => _top;

    public void Push(long cycle, int item, bool isWrite, int controller)
    {
        if (_count > 0 && Math.Max(_last, cycle) - Math.Min(_top, cycle) >= _slots)
            throw new InvalidOperationException($"completion at {cycle} outside the window of {_slots} cycles from {_top} (model bug)");
        int slot = (int)cycle & (_slots - 1);
        int k = slot * 2 + (isWrite ? 1 : 0);
        ref ulong mask = ref _mask[k * _words + (controller >> 6)];
        ulong bit = 1UL << controller;
        if ((mask & bit) != 0) throw new InvalidOperationException($"two completions of controller {controller} at cycle {cycle} (model bug)");
        mask |= bit;
        _item[k * _controllers + controller] = item;
        if (_count == 0 || cycle > _last) _last = cycle;
        _used[slot >> 6] |= 1UL << slot;
        if (cycle < _top) _top = cycle;
        _count++;
    }

    /// <summary>Removes the earliest completion if it is due by <paramref name="now"/>: reads before writes, then in
    /// controller order.</summary>
    public bool TryPopDue(long now, out int item)
    {
        long top = _top;
        if (top > now) { item = -1; return false; }
        int slot = (int)top & (_slots - 1);
        int w = slot * 2 * _words, end = w + 2 * _words; // the slot's read words, then its write words
        while (_mask[w] == 0) w++;
        ulong m = _mask[w];
        int k = w / _words, c = (w % _words) * 64 + BitOperations.TrailingZeroCount(m);
        item = _item[k * _controllers + c];
        _mask[w] = m & (m - 1);
        _count--;
        bool empty = true;
        for (int i = slot * 2 * _words; i < end; i++) if (_mask[i] != 0) { empty = false; break; }
        if (empty)
        {
            _used[slot >> 6] &= ~(1UL << slot);
            _top = _count == 0 ? long.MaxValue : Next(top);
        }
        return true;
    }

    /// <summary>The first used slot after <paramref name="cycle"/>'s, as a cycle.</summary>
    private long Next(long cycle)
    {
        int from = ((int)cycle + 1) & (_slots - 1);
        int w = from >> 6;
        ulong bits = _used[w] & (ulong.MaxValue << (from & 63));
        for (int n = 0; ; n++)
        {
            if (bits != 0)
            {
                int slot = (w << 6) + BitOperations.TrailingZeroCount(bits);
                return cycle + 1 + ((slot - from) & (_slots - 1));
            }
            w = (w + 1) & (_used.Length - 1);
            bits = _used[w];
            if (n > _used.Length) throw new InvalidOperationException("completion calendar inconsistent (model bug)");
        }
    }
}
