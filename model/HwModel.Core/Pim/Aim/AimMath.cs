using HwModel.Pim.Numerics;

namespace HwModel.Pim.Aim;

/// <summary>The AiM bank datapath, shared by the device and documented as the reference semantics: 16 BF16 products
/// (each rounded), a fixed pairwise reduction tree ((p0+p1)+(p2+p3))+... with a rounding at every adder, then the
/// accumulator add: acc = round(acc + tree).</summary>
public static class AimMath
{
    public static ushort Mac16(ReadOnlySpan<ushort> w, ReadOnlySpan<ushort> x, ushort acc, Span<ushort> scratch)
    {
        for (int i = 0; i < 16; i++) scratch[i] = Bf16.Mul(w[i], x[i]);
        for (int width = 16; width > 1; width /= 2)
            for (int i = 0; i < width / 2; i++) scratch[i] = Bf16.Add(scratch[2 * i], scratch[2 * i + 1]);
        return Bf16.Add(acc, scratch[0]);
    }
}
