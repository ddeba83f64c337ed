namespace HwModel.Pim.Numerics;

/// <summary>
/// IEEE-754 binary floating point in integer arithmetic only, parameterised by exponent and fraction width, so that
/// the same algorithm can be written in Verilog. Round to nearest, ties to even, on every operation; subnormals are
/// kept (no flush to zero); any NaN result is the canonical quiet NaN; infinities follow IEEE rules. FP16 is
/// (5, 10), BF16 is (8, 7).
/// </summary>
public readonly struct SoftFloat(int expBits, int fracBits)
{
    public readonly int ExpBits = expBits;
    public readonly int FracBits = fracBits;
    private int Bias => (1 << (ExpBits - 1)) - 1;
    private int ExpMax => (1 << ExpBits) - 1;
    private uint SignBit => 1u << (ExpBits + FracBits);
    private uint FracMask => (1u << FracBits) - 1;
    public uint QuietNaN => ((uint)ExpMax << FracBits) | (1u << (FracBits - 1));
    public uint Infinity(bool negative) => (negative ? SignBit : 0) | ((uint)ExpMax << FracBits);

    public bool IsNaN(uint a) => ((a >> FracBits) & (uint)ExpMax) == ExpMax && (a & FracMask) != 0;
    public bool IsInf(uint a) => ((a >> FracBits) & (uint)ExpMax) == ExpMax && (a & FracMask) == 0;
    private bool IsZero(uint a) => (a & (SignBit - 1)) == 0;

    /// <summary>Splits a finite non-zero value into sign, unbiased exponent of the leading one, and a significand
    /// with the hidden bit at position FracBits.</summary>
    private void Unpack(uint a, out bool sign, out int exp, out ulong sig)
    {
        sign = (a & SignBit) != 0;
        int e = (int)((a >> FracBits) & (uint)ExpMax);
        ulong f = a & FracMask;
        if (e == 0) { exp = 1 - Bias; sig = f; } // subnormal: no hidden bit
        else { exp = e - Bias; sig = f | (1UL << FracBits); }
    }

    /// <summary>
    /// Rounds sign x sig x 2^(exp - point) to the format: sig is an exact (or sticky-marked) significand whose binary
    /// point sits <paramref name="point"/> bits from the right.
    /// </summary>
    private uint Round(bool sign, int exp, ulong sig, int point)
    {
        if (sig == 0) return sign ? SignBit : 0;
        // normalise so that the leading one is at bit (point): value = sig x 2^(exp - point)
        int lead = 63 - System.Numerics.BitOperations.LeadingZeroCount(sig);
        exp += lead - point;
        point = lead;
        // target: FracBits fraction bits; for subnormals, fewer
        int minExp = 1 - Bias;
        int shift = point - FracBits;            // bits to drop for a normal result
        if (exp < minExp) shift += minExp - exp;  // subnormal: drop more
        ulong kept;
        if (shift <= 0) kept = sig << -shift;
        else if (shift >= 64) kept = 0;
        else
        {
            kept = sig >> shift;
            ulong rem = sig & ((1UL << shift) - 1);
            ulong half = 1UL << (shift - 1);
            if (rem > half || (rem == half && (kept & 1) != 0)) kept++;
        }
        if (shift >= 64) { ulong rem = sig; kept = 0; if (shift == 64 && rem > (1UL << 63)) kept = 1; }
        int e = exp < minExp ? 0 : exp + Bias;   // biased exponent before carry
        if (exp < minExp)
        {
            // subnormal (kept < 2^FracBits) or rounded up to the smallest normal
            if (kept >> FracBits != 0) e = 1;
            return (sign ? SignBit : 0) | ((uint)e << FracBits & ((uint)ExpMax << FracBits)) | (uint)(kept & FracMask);
        }
        if (kept >> (FracBits + 1) != 0) { kept >>= 1; e++; } // rounding carried into a new leading bit
        if (e >= ExpMax) return Infinity(sign);
        return (sign ? SignBit : 0) | ((uint)e << FracBits) | (uint)(kept & FracMask);
    }

    public uint Mul(uint a, uint b)
    {
        bool s = ((a ^ b) & SignBit) != 0;
        if (IsNaN(a) || IsNaN(b)) return QuietNaN;
        if (IsInf(a) || IsInf(b)) return IsZero(a) || IsZero(b) ? QuietNaN : Infinity(s);
        if (IsZero(a) || IsZero(b)) return s ? SignBit : 0;
        Unpack(a, out _, out int ea, out ulong ma);
        Unpack(b, out _, out int eb, out ulong mb);
        // exact product: point at 2 x FracBits
        return Round(s, ea + eb, ma * mb, 2 * FracBits);
    }

    public uint Add(uint a, uint b)
    {
        if (IsNaN(a) || IsNaN(b)) return QuietNaN;
        bool sa = (a & SignBit) != 0, sb = (b & SignBit) != 0;
        if (IsInf(a) || IsInf(b))
        {
            if (IsInf(a) && IsInf(b)) return sa == sb ? a : QuietNaN;
            return IsInf(a) ? a : b;
        }
        if (IsZero(a) && IsZero(b)) return sa && sb ? SignBit : 0; // +0 unless both are -0 (round to nearest)
        if (IsZero(a)) return b;
        if (IsZero(b)) return a;
        Unpack(a, out _, out int ea, out ulong ma);
        Unpack(b, out _, out int eb, out ulong mb);
        // align on the larger exponent with 3 guard positions kept exactly, the rest folded into a sticky bit
        const int G = 3;
        ma <<= G; mb <<= G;
        if (ea < eb) { (ea, eb) = (eb, ea); (ma, mb) = (mb, ma); (sa, sb) = (sb, sa); }
        int d = ea - eb;
        if (d > 0)
        {
            if (d >= 63) mb = mb != 0 ? 1UL : 0;
            else
            {
                ulong lost = mb & ((1UL << d) - 1);
                mb = (mb >> d) | (lost != 0 ? 1UL : 0);
            }
        }
        ulong sig;
        bool s;
        if (sa == sb) { sig = ma + mb; s = sa; }
        else if (ma >= mb) { sig = ma - mb; s = sa; }
        else { sig = mb - ma; s = sb; }
        if (sig == 0) return 0; // exact cancellation gives +0 in round-to-nearest
        return Round(s, ea, sig, FracBits + G);
    }

    /// <summary>Multiply-accumulate with two roundings: round(round(a x b) + c).</summary>
    public uint Mac(uint a, uint b, uint c) => Add(Mul(a, b), c);

    public uint Relu(uint a) => IsNaN(a) ? QuietNaN : (a & SignBit) != 0 ? 0 : a;

    /// <summary>Value as a double (exact for both formats).</summary>
    public double ToDouble(uint a)
    {
        if (IsNaN(a)) return double.NaN;
        bool s = (a & SignBit) != 0;
        if (IsInf(a)) return s ? double.NegativeInfinity : double.PositiveInfinity;
        if (IsZero(a)) return s ? -0.0 : 0.0;
        Unpack(a, out _, out int e, out ulong m);
        double v = Math.ScaleB(m, e - FracBits);
        return s ? -v : v;
    }

    /// <summary>Rounds a double to the format (round to nearest even), for loading operands.</summary>
    public uint FromDouble(double v)
    {
        if (double.IsNaN(v)) return QuietNaN;
        bool s = double.IsNegative(v);
        if (double.IsInfinity(v)) return Infinity(s);
        if (v == 0) return s ? SignBit : 0;
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(v));
        int e = (int)(bits >> 52);
        ulong m = (ulong)bits & ((1UL << 52) - 1);
        if (e == 0) { e = 1; } else m |= 1UL << 52;
        return Round(s, e - 1023, m, 52);
    }
}

/// <summary>IEEE binary16.</summary>
public static class Fp16
{
    public static readonly SoftFloat F = new(5, 10);
    public static ushort Mul(ushort a, ushort b) => (ushort)F.Mul(a, b);
    public static ushort Add(ushort a, ushort b) => (ushort)F.Add(a, b);
    public static ushort Mac(ushort a, ushort b, ushort c) => (ushort)F.Mac(a, b, c);
    public static ushort Relu(ushort a) => (ushort)F.Relu(a);
    public static ushort From(double v) => (ushort)F.FromDouble(v);
    public static double ToDouble(ushort a) => F.ToDouble(a);
}

/// <summary>bfloat16: the top 16 bits of binary32.</summary>
public static class Bf16
{
    public static readonly SoftFloat F = new(8, 7);
    public static ushort Mul(ushort a, ushort b) => (ushort)F.Mul(a, b);
    public static ushort Add(ushort a, ushort b) => (ushort)F.Add(a, b);
    public static ushort Mac(ushort a, ushort b, ushort c) => (ushort)F.Mac(a, b, c);
    public static ushort Relu(ushort a) => (ushort)F.Relu(a);
    public static ushort From(double v) => (ushort)F.FromDouble(v);
    public static double ToDouble(ushort a) => F.ToDouble(a);
}
