using FsCheck;
using FsCheck.Fluent;
using HwModel.Pim.Numerics;
using Xunit;

namespace HwModel.Tests;

/// <summary>The integer soft-float (the reference numerics, mirrored by the RTL) against independent oracles.</summary>
public class NumericsTests
{
    private static ushort Canon(Half h) => Half.IsNaN(h) ? (ushort)0x7E00 : BitConverter.HalfToUInt16Bits(h);
    private static Half H(ushort u) => BitConverter.UInt16BitsToHalf(u);

    public static Arbitrary<ushort> Bits16() => Arb.From(Gen.Choose(0, 65535).Select(i => (ushort)i));

    // binary64 holds every FP16 product and sum exactly, so one rounding to FP16 is the IEEE result
    [HwProperty(Arbitrary = [typeof(NumericsTests)])]
    public bool Fp16MultiplyMatchesIeee(ushort a, ushort b) => Fp16.Mul(a, b) == Canon((Half)((double)H(a) * (double)H(b)));

    [HwProperty(Arbitrary = [typeof(NumericsTests)])]
    public bool Fp16AddMatchesIeee(ushort a, ushort b) => Fp16.Add(a, b) == Canon((Half)((double)H(a) + (double)H(b)));

    [HwProperty(Arbitrary = [typeof(NumericsTests)])]
    public bool FastPathEqualsReference(ushort a, ushort b, ushort c) =>
        FastFp16.Mac(a, b, c) == Fp16.Mac(a, b, c) && FastFp16.Add(a, b) == Fp16.Add(a, b) && FastFp16.Mul(a, b) == Fp16.Mul(a, b)
        && FastFp16.Relu(a) == Fp16.Relu(a);

    [HwProperty(Arbitrary = [typeof(NumericsTests)])]
    public bool Bf16MultiplyMatchesBinary64Rounding(ushort a, ushort b)
    {
        // a BF16 product (16 significant bits) is exact in binary64
        double p = Bf16.ToDouble(a) * Bf16.ToDouble(b);
        return double.IsNaN(p) ? Bf16.Mul(a, b) == Bf16.F.QuietNaN : Bf16.Mul(a, b) == Bf16.From(p);
    }

    [HwProperty(Arbitrary = [typeof(NumericsTests)])]
    public bool Bf16AddMatchesBinary64RoundingWhenExact(ushort a, ushort b)
    {
        double x = Bf16.ToDouble(a), y = Bf16.ToDouble(b);
        double s = x + y;
        bool exact = double.IsFinite(s) && (x == 0 || y == 0 || Math.Abs(Math.ILogB(x) - Math.ILogB(y)) < 40);
        return !exact || Bf16.Add(a, b) == Bf16.From(s) || (s == 0 && Bf16.Add(a, b) == 0);
    }

    [Theory]
    [InlineData(0x3C00, 0x3C00, 0x4000)]  // 1 + 1 = 2
    [InlineData(0x7BFF, 0x7BFF, 0x7C00)]  // max + max overflows to +inf
    [InlineData(0x0001, 0x0001, 0x0002)]  // smallest subnormals add exactly
    [InlineData(0x3C00, 0xBC00, 0x0000)]  // x + (-x) = +0
    [InlineData(0x8000, 0x8000, 0x8000)]  // -0 + -0 = -0
    [InlineData(0x7C00, 0xFC00, 0x7E00)]  // inf - inf = NaN (canonical)
    public void Fp16AddEdgeCases(int a, int b, int sum) => Assert.Equal((ushort)sum, Fp16.Add((ushort)a, (ushort)b));

    [Fact]
    public void RoundsToNearestEven()
    {
        // 1 + 2^-11 is exactly half an ulp above 1: ties to even gives 1; 1 + 3 x 2^-11 rounds up to 1 + 2^-9
        Assert.Equal((ushort)0x3C00, Fp16.From(1 + Math.ScaleB(1, -11)));
        Assert.Equal((ushort)0x3C02, Fp16.From(1 + 3 * Math.ScaleB(1, -11)));
        Assert.Equal(Bf16.From(1.0), Bf16.From(1 + Math.ScaleB(1, -8)));
    }
}
