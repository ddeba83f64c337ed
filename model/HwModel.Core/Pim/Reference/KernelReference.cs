using HwModel.Pim.Numerics;

namespace HwModel.Pim.Reference;

/// <summary>
/// The golden, untimed definition of each kernel's numeric result, written directly from the documented semantics
/// with the integer soft-float (<see cref="Fp16"/>, <see cref="Bf16"/>) and a fixed order of accumulation. It shares
/// no code with the timed model's data path (which uses <see cref="FastFp16"/>, the command streams and the bank
/// layout), so agreement checks the whole lowering.
/// </summary>
public static class KernelReference
{
    /// <summary>
    /// HBM-PIM GEMV: for each output row, 16 lane accumulators start at +0; x is taken in chunks of 128 (zero padded),
    /// each chunk in 8 parts of 16; lane l accumulates acc = round(round(W[r, j] x x[j]) + acc) for j = 128k + 16i + l
    /// in order k, then i. The 16 lanes are then reduced pairwise ((l0 + l1) + (l2 + l3)) + ..., rounding every add.
    /// </summary>
    public static ushort[] GemvFp16(ReadOnlySpan<ushort> w, ReadOnlySpan<ushort> x, int m, int n)
    {
        var y = new ushort[m];
        var acc = new ushort[16];
        int chunks = (n + 127) / 128;
        for (int r = 0; r < m; r++)
        {
            Array.Clear(acc);
            for (int k = 0; k < chunks; k++)
                for (int i = 0; i < 8; i++)
                    for (int l = 0; l < 16; l++)
                    {
                        int j = 128 * k + 16 * i + l;
                        ushort wv = j < n ? w[r * n + j] : (ushort)0, xv = j < n ? x[j] : (ushort)0;
                        acc[l] = Fp16.Add(Fp16.Mul(wv, xv), acc[l]);
                    }
            y[r] = Tree(acc, Fp16.Add);
        }
        return y;
    }

    /// <summary>AiM GEMV: per output row, acc starts at +0; for each 16-element block of x (zero padded), 16 products are
    /// rounded, reduced by the pairwise tree with rounding, and added: acc = round(acc + tree).</summary>
    public static ushort[] GemvBf16(ReadOnlySpan<ushort> w, ReadOnlySpan<ushort> x, int m, int n)
    {
        var y = new ushort[m];
        var p = new ushort[16];
        int blocks = (n + 15) / 16;
        for (int r = 0; r < m; r++)
        {
            ushort acc = 0;
            for (int b = 0; b < blocks; b++)
            {
                for (int l = 0; l < 16; l++)
                {
                    int j = 16 * b + l;
                    p[l] = Bf16.Mul(j < n ? w[r * n + j] : (ushort)0, j < n ? x[j] : (ushort)0);
                }
                acc = Bf16.Add(acc, Tree(p, Bf16.Add));
            }
            y[r] = acc;
        }
        return y;
    }

    public static ushort[] Add(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b) { var z = new ushort[a.Length]; for (int i = 0; i < z.Length; i++) z[i] = Fp16.Add(a[i], b[i]); return z; }
    public static ushort[] Mul(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b) { var z = new ushort[a.Length]; for (int i = 0; i < z.Length; i++) z[i] = Fp16.Mul(a[i], b[i]); return z; }
    public static ushort[] Relu(ReadOnlySpan<ushort> a) { var z = new ushort[a.Length]; for (int i = 0; i < z.Length; i++) z[i] = Fp16.Relu(a[i]); return z; }

    private static ushort Tree(ushort[] v, Func<ushort, ushort, ushort> add)
    {
        var t = (ushort[])v.Clone();
        for (int w = t.Length; w > 1; w /= 2)
            for (int i = 0; i < w / 2; i++) t[i] = add(t[2 * i], t[2 * i + 1]);
        return t[0];
    }
}
