using HwModel.Pim.Numerics;

namespace HwModel.Pim.Aim;

/// <summary>AiM activation functions, applied through 64K-entry lookup tables over every BF16 input. Each entry is the
/// function computed in binary64 and rounded once to BF16 (the table an RTL ROM would hold).</summary>
public static class AimFunctions
{
    public enum Kind { ReLU = 0, GELU = 1, Sigmoid = 2, Tanh = 3 }

    private static readonly Lazy<ushort[]>[] Tables =
    [
        new(() => Build(x => x > 0 ? x : 0)),
        new(() => Build(x => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))))),
        new(() => Build(x => 1 / (1 + Math.Exp(-x)))),
        new(() => Build(Math.Tanh)),
    ];

    public static ushort Apply(Kind k, ushort x) => Tables[(int)k].Value[x];

    private static ushort[] Build(Func<double, double> f)
    {
        var t = new ushort[65536];
        for (int i = 0; i < t.Length; i++)
        {
            double x = Bf16.ToDouble((ushort)i);
            t[i] = double.IsNaN(x) ? Bf16.F.QuietNaN is var q ? (ushort)q : (ushort)0 : Bf16.From(f(x));
        }
        return t;
    }

    /// <summary>erf by Abramowitz-Stegun 7.1.26 refined with Newton steps on the series (accurate to ~1e-15 in binary64).</summary>
    private static double Erf(double x)
    {
        if (double.IsInfinity(x)) return Math.Sign(x);
        double ax = Math.Abs(x);
        if (ax < 3)
        {
            // Maclaurin series: erf x = 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1))
            double sum = 0, term = ax;
            for (int n = 0; n < 200; n++)
            {
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
                term *= -ax * ax / (n + 1);
            }
            return Math.Sign(x) * 2 / Math.Sqrt(Math.PI) * sum;
        }
        // continued fraction for erfc at larger |x|
        double t = 0;
        for (int k = 60; k >= 1; k--) t = k / 2.0 / (ax + t);
        double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + t);
        return Math.Sign(x) * (1 - erfc);
    }
}
