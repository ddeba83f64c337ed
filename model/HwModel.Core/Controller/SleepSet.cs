using System.Numerics;
using System.Runtime.CompilerServices;

namespace HwModel.Controller;

/// <summary>
/// Banks that cannot take their next command before a known cycle, as a bit mask for the scheduler's scans. The wake
/// cycles sit in a timing wheel of 64 one-cycle slots (a bank mask per slot), so that expiry at a tick costs one mask
/// operation per slot that came due instead of a compare per bank. A sleep beyond the wheel's reach wakes when the
/// wheel comes round (early: the scheduler looks again and puts the bank back to sleep); every other sleep ends
/// exactly at its cycle, and <see cref="RowWoke"/> reports the row-command sleeps that did.
/// </summary>
public struct SleepSet
{
    private const int Slots = 64;
    private readonly ulong[] _wheel = new ulong[Slots]; // per slot: banks waking at a cycle = slot (mod 64)
    private readonly byte[] _slotOf;                     // per sleeping bank: its slot
    private ulong _used;                                 // slots holding any bank (or that did since they were last due)
    private ulong _early;                                // sleeping banks that will wake before their cycle (beyond the wheel)
    private ulong _rowKind;                              // sleeping banks that sleep on their row command (ACT or PRE)
    private long _expired = -1;                          // every slot up to this cycle has been applied
    public ulong Mask;
    /// <summary>Earliest cycle at which a sleeping bank wakes (long.MaxValue if none; may be early).</summary>
    public long Min = long.MaxValue;
    /// <summary>Banks whose row-command sleep ended at exactly its cycle in the last <see cref="Expire"/>: their
    /// bank-level look for that command passes now.</summary>
    public ulong RowWoke;

    /// <summary>Kept inside its controller as a struct (its fields share the controller's cache lines, one load less
    /// at every tick); never copied.</summary>
    public SleepSet(int banks)
    {
        if (banks > 64) throw new ArgumentOutOfRangeException(nameof(banks), banks, "at most 64 banks per pseudo-channel");
        _slotOf = new byte[64];
    }

    /// <summary>Bank <paramref name="b"/> (awake) sleeps until <paramref name="until"/>, a cycle after the last
    /// <see cref="Expire"/> (the scheduler calls this in the tick that expired the set); <paramref name="rowCommand"/>
    /// says it waits for its row command.</summary>
    public void Sleep(int b, long until, bool rowCommand)
    {
        if (until <= _expired) return; // due already: stays awake
        ulong bit = 1UL << b;
        long at = until;
        if (until - _expired > Slots) { at = _expired + Slots; _early |= bit; } // beyond the wheel: look again when it comes round
        else _early &= ~bit;
        int s = (int)at & (Slots - 1);
        _wheel[s] |= bit;
        _slotOf[b] = (byte)s;
        _used |= 1UL << s;
        Mask |= bit;
        if (rowCommand) _rowKind |= bit; else _rowKind &= ~bit;
        if (at < Min) Min = at;
    }

    public void Wake(int b)
    {
        ulong bit = 1UL << b;
        if ((Mask & bit) == 0) return;
        Mask &= ~bit;
        _wheel[_slotOf[b]] &= ~bit;
    }

    /// <summary>With no bank asleep, forgets the slots passed over since they were last due (the next expiry would
    /// find them empty), so that the set holds no cycle modulo the wheel; then visits what is left (see
    /// <see cref="Engine.IdleState"/>).</summary>
    public void VisitIdle(Engine.IdleState s)
    {
        if (Mask == 0) { _used = 0; Min = long.MaxValue; }
        s.Exact((long)Mask);
        s.Exact((long)_used);
        s.Exact((long)_early);
        s.Exact((long)_rowKind);
        s.Exact((long)RowWoke);
        s.Cycle(ref _expired);
        s.Cycle(ref Min);
    }

    public void Clear()
    {
        Mask = 0;
        for (ulong m = _used; m != 0; m &= m - 1) _wheel[BitOperations.TrailingZeroCount(m)] = 0;
        _used = 0;
        Min = long.MaxValue;
    }

    /// <summary>Wakes every bank whose cycle has come; recomputes <see cref="Min"/> and <see cref="RowWoke"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Expire(long now)
    {
        RowWoke = 0;
        if (now < Min) { _expired = now; return; } // no slot is due: the ones passed over are empty
        ExpireDue(now);
    }

    private void ExpireDue(long now)
    {
        long n = now - _expired;
        ulong due = n >= Slots ? _used : _used & BitOperations.RotateLeft((1UL << (int)n) - 1, (int)(_expired + 1) & (Slots - 1));
        ulong woke = 0;
        for (ulong m = due; m != 0; m &= m - 1)
        {
            int s = BitOperations.TrailingZeroCount(m);
            woke |= _wheel[s];
            _wheel[s] = 0;
        }
        woke &= Mask;
        Mask &= ~woke;
        RowWoke = woke & _rowKind & ~_early;
        _used &= ~due;
        _expired = now;
        Min = _used == 0 ? long.MaxValue : now + 1 + BitOperations.TrailingZeroCount(BitOperations.RotateRight(_used, (int)(now + 1) & (Slots - 1)));
    }
}
