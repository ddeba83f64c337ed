namespace HwModel.Pim.Numerics;

/// <summary>
/// FP16 arithmetic for the timed model's hot path, computed through binary64: the exact product or sum of two FP16
/// values is representable in binary64, so one rounding to FP16 gives exactly the IEEE result. Property tests hold it
/// equal, bit for bit, to the integer <see cref="Fp16"/> reference (which is what the RTL mirrors).
/// </summary>
public static class FastFp16
{
    private static readonly double[] Decode = BuildDecode();

    private static double[] BuildDecode()
    {
        var t = new double[65536];
        for (int i = 0; i < t.Length; i++) t[i] = (double)BitConverter.UInt16BitsToHalf((ushort)i);
        return t;
    }

    public static double ToDouble(ushort a) => Decode[a];

    public static ushort Round(double v)
    {
        var h = (Half)v;
        return Half.IsNaN(h) ? (ushort)0x7E00 : BitConverter.HalfToUInt16Bits(h);
    }

    public static ushort Mul(ushort a, ushort b) => Round(Decode[a] * Decode[b]);
    public static ushort Add(ushort a, ushort b)
    {
        double s = Decode[a] + Decode[b];
        // IEEE: x + (-x) = +0 in round to nearest; -0 + -0 = -0 (binary64 already does both)
        return Round(s);
    }
    public static ushort Mac(ushort a, ushort b, ushort c) => Add(Mul(a, b), c);
    public static ushort Relu(ushort a) => (a & 0x7C00) == 0x7C00 && (a & 0x03FF) != 0 ? (ushort)0x7E00 : (a & 0x8000) != 0 ? (ushort)0 : a;
}
