using System.Numerics;

namespace HwModel.Controller;

/// <summary>
/// Banks that cannot take their next command before a known cycle, as a bit mask for the scheduler's scans. The wake
/// cycles sit in a timing wheel of 64 one-cycle slots (a bank mask per slot), so that expiry at a tick costs one mask
/// operation per slot that came due instead of a compare per bank. A bank may only ever wake early, never late: a
/// sleep beyond the wheel's reach wakes when the wheel comes round (the scheduler looks again and puts it back to
/// sleep), and a bank woken by <see cref="Wake"/> leaves its old slot behind (when that slot comes due it clears a bit
/// that is already clear, or wakes the bank's later sleep early). An early wake costs a timing lookup; the schedule
/// cannot change, because every decision is taken on the timing state itself (a property test compares the schedule
/// with looking again at every cycle).
/// </summary>
public sealed class SleepSet
{
    private const int Slots = 64;
    private readonly ulong[] _wheel = new ulong[Slots]; // per slot: banks waking at a cycle = slot (mod 64)
    private ulong _used;                                 // slots holding any bank
    private long _expired = -1;                          // every slot up to this cycle has been applied
    public ulong Mask;
    /// <summary>Earliest cycle at which a sleeping bank wakes (long.MaxValue if none; may be early).</summary>
    public long Min = long.MaxValue;

    public SleepSet(int banks)
    {
        if (banks > 64) throw new ArgumentOutOfRangeException(nameof(banks), banks, "at most 64 banks per pseudo-channel");
    }

    /// <summary>Bank <paramref name="b"/> sleeps until <paramref name="until"/>, a cycle after the last
    /// <see cref="Expire"/> (the scheduler calls this in the tick that expired the set).</summary>
    public void Sleep(int b, long until)
    {
        if (until <= _expired) return; // due already: stays awake
        long at = until - _expired > Slots ? _expired + Slots : until; // beyond the wheel: look again when it comes round
        int s = (int)at & (Slots - 1);
        _wheel[s] |= 1UL << b;
        _used |= 1UL << s;
        Mask |= 1UL << b;
        if (at < Min) Min = at;
    }

    public void Wake(int b) => Mask &= ~(1UL << b);

    public void Clear()
    {
        Mask = 0;
        for (ulong m = _used; m != 0; m &= m - 1) _wheel[BitOperations.TrailingZeroCount(m)] = 0;
        _used = 0;
        Min = long.MaxValue;
    }

    /// <summary>Wakes every bank whose cycle has come; recomputes <see cref="Min"/>.</summary>
    public void Expire(long now)
    {
        if (now < Min) { _expired = now; return; } // no slot is due: the ones passed over are empty
        long n = now - _expired;
        ulong due = n >= Slots ? _used : _used & BitOperations.RotateLeft((1UL << (int)n) - 1, (int)(_expired + 1) & (Slots - 1));
        for (ulong m = due; m != 0; m &= m - 1)
        {
            int s = BitOperations.TrailingZeroCount(m);
            Mask &= ~_wheel[s];
            _wheel[s] = 0;
        }
        _used &= ~due;
        _expired = now;
        Min = _used == 0 ? long.MaxValue : now + 1 + BitOperations.TrailingZeroCount(BitOperations.RotateRight(_used, (int)(now + 1) & (Slots - 1)));
    }
}
