using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HwModel.Controller;

/// <summary>
/// Banks that cannot take their next command before a known cycle: a bit mask for the scheduler's scans and the
/// cycle per bank (long.MaxValue when awake). Expiry compares all banks at once with SIMD.
/// </summary>
public sealed class SleepSet
{
    private readonly long[] _until; // padded to a multiple of 4
    public ulong Mask;
    /// <summary>Earliest cycle at which a sleeping bank wakes (long.MaxValue if none; may be early after a Wake).</summary>
    public long Min = long.MaxValue;

    public SleepSet(int banks)
    {
        _until = new long[(banks + 3) & ~3];
        Array.Fill(_until, long.MaxValue);
    }

    public void Sleep(int b, long until)
    {
        Mask |= 1UL << b;
        _until[b] = until;
        if (until < Min) Min = until;
    }

    public void Wake(int b)
    {
        Mask &= ~(1UL << b);
        _until[b] = long.MaxValue;
    }

    public void Clear()
    {
        if (Mask == 0) return;
        Mask = 0;
        Array.Fill(_until, long.MaxValue);
        Min = long.MaxValue;
    }

    /// <summary>Wakes every bank whose cycle has come; recomputes <see cref="Min"/>.</summary>
    public void Expire(long now)
    {
        if (now < Min) return;
        ref long u = ref MemoryMarshal.GetArrayDataReference(_until);
        var nowV = Vector256.Create(now);
        var maxV = Vector256.Create(long.MaxValue);
        var minV = maxV;
        ulong mask = 0;
        for (int i = 0; i < _until.Length; i += 4)
        {
            var v = Vector256.LoadUnsafe(ref u, (nuint)i);
            var sleeping = Vector256.GreaterThan(v, nowV);
            v = Vector256.ConditionalSelect(sleeping, v, maxV);
            v.StoreUnsafe(ref u, (nuint)i);
            minV = Vector256.Min(minV, v);
            mask |= (ulong)sleeping.ExtractMostSignificantBits() << i;
        }
        Mask &= mask;
        Min = Math.Min(Math.Min(minV[0], minV[1]), Math.Min(minV[2], minV[3]));
    }
}
