using System.Runtime.InteropServices;
using HwModel.Pim.Aim;
using HwModel.Spec;

namespace HwModel.Pim.Aim;

/// <summary>
/// GEMV lowered to AiM command streams (BF16). Each bank of a pseudo-channel computes one output row per pass:
/// the global buffer holds a 1024-element chunk of x (64 WRGB bursts); every MAC16 makes the 16 banks of a stack ID
/// multiply one column of their open row by the matching buffer burst and accumulate; RDMAC16 reads (and clears)
/// the 16 accumulators. Rows of W sit in 2-row pairs per chunk: column c of row parity h meets buffer burst c + 32h.
/// </summary>
public static class AimKernels
{
    public readonly record struct GemvShape(int M, int N, int Pcs, int Banks, int GbBursts, int Columns)
    {
        public int ChunkElems => GbBursts * 16;
        public int RowsPerChunk => GbBursts / Columns;
        public int Chunks => (N + ChunkElems - 1) / ChunkElems;
        public int Passes => (M + Pcs * Banks - 1) / (Pcs * Banks);
        public int RowsNeeded => Passes * Chunks * RowsPerChunk;
        public int Row(int pass, int k, int h) => (pass * Chunks + k) * RowsPerChunk + h;
        public (int Pc, int Bank, int Pass) Place(int r) => (r / Banks % Pcs, r % Banks, r / (Banks * Pcs));
    }

    public static GemvShape Shape(PimEngine e, int m, int n)
    {
        var c = e.Config;
        return new GemvShape(m, n, e.PseudoChannels, c.Org.BanksPerPseudoChannel, c.Pim.GlobalBufferBytes / c.Org.AccessBytes, c.Org.Columns);
    }

    public static void PlaceWeights(PimDevice dev, GemvShape s, ReadOnlySpan<ushort> w, int burstBytes)
    {
        for (int r = 0; r < s.M; r++)
        {
            var (pc, bank, pass) = s.Place(r);
            for (int k = 0; k < s.Chunks; k++)
                for (int h = 0; h < s.RowsPerChunk; h++)
                    for (int col = 0; col < s.Columns; col++)
                    {
                        int j0 = k * s.ChunkElems + (h * s.Columns + col) * 16;
                        if (j0 >= s.N) continue;
                        var dst = MemoryMarshal.Cast<byte, ushort>(dev.Store.Burst(pc, bank, s.Row(pass, k, h), col, burstBytes));
                        for (int l = 0; l < 16; l++) dst[l] = j0 + l < s.N ? w[r * s.N + j0 + l] : (ushort)0;
                    }
        }
    }

    /// <summary>
    /// Runs y = W x. With <paramref name="activation"/>, AF16 is applied to the accumulators before they are read.
    /// With <paramref name="representativeOnly"/> (timing-only runs), only pseudo-channel 0 is simulated: every
    /// pseudo-channel runs the same stream for the maximal number of passes, so its cycles are the kernel's.
    /// </summary>
    public static ushort[]? Gemv(PimEngine e, int m, int n, ReadOnlySpan<ushort> x, AimFunctions.Kind? activation = null, bool representativeOnly = false)
    {
        var c = e.Config;
        var s = Shape(e, m, n);
        int burst = c.Org.AccessBytes, sids = c.Org.StackIds, perSid = c.Org.BanksPerStackId;
        if (s.RowsNeeded > c.Org.Rows) throw new PimProtocolException($"GEMV {m} x {n} needs {s.RowsNeeded} rows per bank, the stack has {c.Org.Rows}");
        var xs = x.ToArray();
        var y = e.Device != null ? new ushort[m] : null;
        var gbData = new byte[burst];
        var rd = new byte[burst];
        int pcs = representativeOnly ? 1 : e.PseudoChannels;
        for (int pc = 0; pc < pcs; pc++)
        {
            for (int pass = 0; pass < s.Passes; pass++)
            {
                if (!representativeOnly && (pass * e.PseudoChannels + pc) * s.Banks >= m) break;
                for (int k = 0; k < s.Chunks; k++)
                {
                    int needed = Math.Min(s.GbBursts, (n - k * s.ChunkElems + 15) / 16); // only the bursts this chunk uses
                    for (int i = 0; i < needed; i++)
                    {
                        if (xs.Length > 0)
                        {
                            var lanes = MemoryMarshal.Cast<byte, ushort>(gbData.AsSpan());
                            for (int l = 0; l < 16; l++) { int j = k * s.ChunkElems + i * 16 + l; lanes[l] = j < n ? xs[j] : (ushort)0; }
                        }
                        e.Issue(pc, Command.WRGB, 0, 0, i, gbData);
                    }
                    for (int h = 0; h < s.RowsPerChunk; h++)
                    {
                        int row = s.Row(pass, k, h);
                        for (int sid = 0; sid < sids; sid++) e.Issue(pc, Command.ACT16, sid * perSid, row, 0);
                        for (int col = 0; col < s.Columns; col++)
                        {
                            if (k * s.ChunkElems + (h * s.Columns + col) * 16 >= n) break;
                            for (int sid = 0; sid < sids; sid++) e.Issue(pc, Command.MAC16, sid * perSid, row, col);
                        }
                        e.PrechargeAll(pc);
                    }
                }
                for (int sid = 0; sid < sids; sid++)
                {
                    if (activation is { } kind) e.Issue(pc, Command.AF16, sid * perSid, 0, (int)kind);
                    e.Issue(pc, Command.RDMAC16, sid * perSid, 0, 0, default, rd);
                    if (y == null) continue;
                    var acc = MemoryMarshal.Cast<byte, ushort>(rd);
                    for (int b = 0; b < perSid; b++)
                    {
                        int r = (pass * e.PseudoChannels + pc) * s.Banks + sid * perSid + b;
                        if (r < m) y[r] = acc[b];
                    }
                }
            }
        }
        return y;
    }
}
