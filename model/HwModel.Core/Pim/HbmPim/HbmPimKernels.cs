using System.Runtime.InteropServices;
using HwModel.Pim.HbmPim;
using HwModel.Pim.Numerics;
using HwModel.Spec;

namespace HwModel.Pim.HbmPim;

/// <summary>
/// Kernels lowered to HBM-PIM command streams. Operands (weights, vectors) are resident in the banks before a
/// kernel starts, as an inference server keeps them; what the kernel costs is the host's protocol traffic, the PIM
/// triggers, row activations, refresh and the read-out of results, all issued through the <see cref="PimEngine"/>.
/// </summary>
public static class HbmPimKernels
{
    public const int Lanes = 16;
    private const int ChunkElems = 128;   // GRF_A: 8 registers x 16 lanes

    /// <summary>The GEMV program: 64 MACs per x chunk (rows R0 and R1), then 8 FILLs of the accumulators.
    /// AAM: GRF_A index = column[2:0] (x part), GRF_B index = {row[0], column[4:3]} (output row).</summary>
    public static PimInstruction[] GemvProgram()
    {
        var p = new List<PimInstruction>
        {
            new(PimOpcode.MAC, PimOperand.GRF_B, PimOperand.EVEN_BANK, PimOperand.GRF_A, Aam: true),
            new(PimOpcode.JUMP, JumpTarget: 0, JumpCount: 63),
        };
        for (int i = 0; i < 8; i++) p.Add(new(PimOpcode.FILL, PimOperand.EVEN_BANK, PimOperand.GRF_B, Src0Index: i));
        p.Add(new(PimOpcode.EXIT));
        return [.. p];
    }

    /// <summary>Block g (8 output rows) lives in pseudo-channel g mod P, unit (g / P) mod 8, block-in-unit g / 8P.</summary>
    public readonly record struct GemvShape(int M, int N, int Pcs, int Units)
    {
        public int Chunks => (N + ChunkElems - 1) / ChunkElems;
        public int Blocks => (M + 7) / 8;
        public int BlocksPerUnit => (Blocks + Pcs * Units - 1) / (Pcs * Units);
        public int WeightRow(int bi, int k, int half) => 2 * (bi * Chunks + k) + half;
        public int ResultRow(int bi) => 2 * BlocksPerUnit * Chunks + bi;
        public int RowsNeeded => ResultRow(BlocksPerUnit);
        public (int Pc, int Unit, int Bi) Place(int g) => (g % Pcs, g / Pcs % Units, g / (Pcs * Units));
    }

    /// <summary>
    /// What the internal-to-external bandwidth ratio predicts for this GEMV, from the timing table's parameters alone.
    /// <para>Ratio: per trigger every unit reads one burst inside its bank, one trigger per tCCD_L, while the pins move
    /// one burst per nBL: R = units x nBL / nCCDL (HBM2 pseudo-channel: 8 x 2 / 4 = 4).</para>
    /// <para>Efficiency: a chunk of x (128 values) gives 64 useful triggers (64 x nCCDL cycles) but also costs the
    /// register phase and two row activations:
    /// T_chunk = [nRP + nRCDWR + 9 nCCDL + (nCWL + nBL + nWR)] + 2 [nRP + nRCDRD + 31 nCCDL + nRTP];
    /// each block of 8 output rows adds the FILL phase (nRP + nRCDWR + 7 nCCDL + nCWL + nBL + nWR), 8 accumulator
    /// clears (8 nCCDL) and the read-out (8 units x (nRCDRD + 7 nCCDL + 2)).</para>
    /// <para>Refresh: an all-bank refresh takes nRFC of every nREFI, stretching PIM time by nREFI / (nREFI - nRFC).</para>
    /// <para>Prediction: speed-up = (M N 2 / (P x burst / nBL)) / (blocks per unit x (K T_chunk + per-block) x refresh).
    /// For 4096 x 4096 on hbm2-2000-pim: T_chunk = 86 + 2 x 157 = 400 cycles, efficiency 256 / 400 = 0.64, so
    /// 4 x 0.64 = 2.56 before the per-block costs, 2.47 with them and 2.25 with refresh.</para>
    /// </summary>
    public static double PredictGemvSpeedup(Config.MemoryConfig c, int m, int n)
    {
        var t = c.Timing;
        int units = c.Org.BanksPerPseudoChannel / 2, pcs = c.Org.PseudoChannelsTotal;
        var s = new GemvShape(m, n, pcs, units);
        double regPhase = t.nRP + t.nRCDWR + 9 * t.nCCDL + (t.nCWL + t.nBL + t.nWR);
        double rowPhase = t.nRP + t.nRCDRD + 31 * t.nCCDL + t.nRTP;
        double chunk = regPhase + 2 * rowPhase;
        double perBlock = (t.nRP + t.nRCDWR + 7 * t.nCCDL + t.nCWL + t.nBL + t.nWR) + 8 * t.nCCDL + units * (t.nRCDRD + 7 * t.nCCDL + 2);
        double pim = s.BlocksPerUnit * (s.Chunks * chunk + perBlock);
        if (c.Controller.Refresh != Config.RefreshKind.Off) pim *= (double)t.nREFI / (t.nREFI - t.nRFC); // all-bank refresh takes nRFC of every nREFI
        double baseline = (double)m * n * 2 / (pcs * (double)c.Org.AccessBytes / t.nBL);
        return baseline / pim;
    }

    /// <summary>Writes W (M x N, FP16, row-major) into the even banks as the GEMV program expects.</summary>
    public static void PlaceWeights(PimDevice dev, GemvShape s, ReadOnlySpan<ushort> w, int burstBytes)
    {
        for (int g = 0; g < s.Blocks; g++)
        {
            var (pc, u, bi) = s.Place(g);
            for (int k = 0; k < s.Chunks; k++)
                for (int h = 0; h < 2; h++)
                    for (int q = 0; q < 4; q++)
                    {
                        int m = 8 * g + 4 * h + q;
                        if (m >= s.M) continue;
                        for (int i = 0; i < 8; i++)
                        {
                            var dst = MemoryMarshal.Cast<byte, ushort>(dev.Store.Burst(pc, 2 * u, s.WeightRow(bi, k, h), 8 * q + i, burstBytes));
                            int j0 = ChunkElems * k + Lanes * i;
                            for (int l = 0; l < Lanes; l++) dst[l] = j0 + l < s.N ? w[m * s.N + j0 + l] : (ushort)0;
                        }
                    }
        }
    }

    /// <summary>Runs y = W x. Returns y (FP16) when the engine is functional, else null.</summary>
    public static ushort[]? Gemv(PimEngine e, int m, int n, ReadOnlySpan<ushort> x, bool representativeOnly = false)
    {
        var c = e.Config;
        int units = c.Org.BanksPerPseudoChannel / 2, burst = c.Org.AccessBytes;
        var s = new GemvShape(m, n, e.PseudoChannels, units);
        if (s.RowsNeeded > PimMap.DataRows(c.Org.Rows))
            throw new PimProtocolException($"GEMV {m} x {n} needs {s.RowsNeeded} rows per bank, the stack has {PimMap.DataRows(c.Org.Rows)}");
        if (s.Chunks > 256) throw new PimProtocolException($"GEMV N = {n} needs more than 256 chunks of 128");
        var host = new HbmPimHost(e);
        var prog = GemvProgram();
        PimInstruction.Validate(prog, c.Pim.CrfEntries);
        var zero = new ushort[Lanes];
        var xs = x.ToArray();
        var yPartial = e.Device != null ? new ushort[s.Blocks * 8 * Lanes] : null;
        var rd = new byte[burst];
        // representativeOnly (timing-only runs): pseudo-channel 0 carries the most blocks, so its cycles are the kernel's
        for (int pc = 0; pc < (representativeOnly ? 1 : e.PseudoChannels); pc++)
        {
            if (pc >= s.Blocks) break; // nothing placed here
            host.EnterAb(pc);
            host.OpenConf(pc);
            host.WriteCrf(pc, prog);
            for (int bi = 0; bi < s.BlocksPerUnit; bi++)
                for (int k = 0; k < s.Chunks; k++)
                {
                    if (k == 0) for (int i = 0; i < 8; i++) host.WriteGrf(pc, true, i, zero);
                    for (int i = 0; i < 8; i++) host.WriteGrf(pc, false, i, Chunk(xs, k, i));
                    host.EnterPim(pc);
                    e.PrechargeAll(pc);
                    for (int h = 0; h < 2; h++)
                    {
                        int row = s.WeightRow(bi, k, h);
                        e.Issue(pc, Command.ACTab, 0, row, 0);
                        for (int col = 0; col < 32; col++) e.Issue(pc, Command.PIMRD, 0, row, col);
                        e.PrechargeAll(pc);
                    }
                    if (k == s.Chunks - 1)
                    {
                        int rr = s.ResultRow(bi);
                        e.Issue(pc, Command.ACTab, 0, rr, 0);
                        for (int col = 0; col < 8; col++) e.Issue(pc, Command.PIMWR, 0, rr, col, new byte[burst]);
                        e.PrechargeAll(pc);
                    }
                    host.ExitPim(pc); // leaves the configuration row open in AB mode
                }
            e.PrechargeAll(pc);
            host.ExitAb(pc);
            // read the accumulators back: 8 bursts (8 output rows x 16 lane partial sums) per unit and block
            for (int bi = 0; bi < s.BlocksPerUnit; bi++)
                for (int u = 0; u < units; u++)
                {
                    int g = (bi * units + u) * e.PseudoChannels + pc;
                    if (g >= s.Blocks) continue;
                    int rr = s.ResultRow(bi);
                    e.Issue(pc, Command.ACT, 2 * u, rr, 0);
                    for (int col = 0; col < 8; col++)
                    {
                        e.Issue(pc, Command.RD, 2 * u, rr, col, default, rd);
                        if (yPartial != null) MemoryMarshal.Cast<byte, ushort>(rd).CopyTo(yPartial.AsSpan((g * 8 + col) * Lanes, Lanes));
                    }
                    e.Issue(pc, Command.PRE, 2 * u, rr, 0);
                }
        }
        if (yPartial == null) return null;
        var y = new ushort[m];
        for (int r = 0; r < m; r++) y[r] = LaneTree(yPartial.AsSpan(r * Lanes, Lanes));
        return y;
    }

    private static ushort[] Chunk(ushort[] x, int k, int part)
    {
        var v = new ushort[Lanes];
        int j0 = ChunkElems * k + Lanes * part;
        for (int l = 0; l < Lanes; l++) v[l] = j0 + l < x.Length ? x[j0 + l] : (ushort)0;
        return v;
    }

    /// <summary>The host's final reduction of 16 lane partial sums: ((l0 + l1) + (l2 + l3)) + ..., FP16, rounded at
    /// every add (the reference model defines the same order).</summary>
    public static ushort LaneTree(ReadOnlySpan<ushort> lanes)
    {
        Span<ushort> t = stackalloc ushort[Lanes];
        lanes.CopyTo(t);
        for (int w = Lanes; w > 1; w /= 2)
            for (int i = 0; i < w / 2; i++) t[i] = FastFp16.Add(t[2 * i], t[2 * i + 1]);
        return t[0];
    }

    public enum Elementwise { Add, Mul, Relu }

    /// <summary>
    /// Element-wise kernel on resident FP16 vectors: a lives in the even banks, b (for ADD and MUL) in the odd banks
    /// at the same row and column; the result overwrites a. ReLU works in place on both banks of every pair, so its
    /// vector uses all banks. One group = 8 bursts (128 elements) per unit.
    /// </summary>
    public static PimInstruction[] ElementwiseProgram(Elementwise op, int groups)
    {
        var p = new List<PimInstruction>();
        if (op == Elementwise.Relu)
        {
            foreach (var bank in new[] { PimOperand.EVEN_BANK, PimOperand.ODD_BANK })
            {
                int at = p.Count;
                p.Add(new(PimOpcode.MOV, PimOperand.GRF_A, bank, Aam: true, Relu: true));
                p.Add(new(PimOpcode.JUMP, JumpTarget: at, JumpCount: 7));
                p.Add(new(PimOpcode.FILL, bank, PimOperand.GRF_A, Aam: true));
                p.Add(new(PimOpcode.JUMP, JumpTarget: at + 2, JumpCount: 7));
            }
        }
        else
        {
            p.Add(new(PimOpcode.MOV, PimOperand.GRF_A, PimOperand.EVEN_BANK, Aam: true));
            p.Add(new(PimOpcode.JUMP, JumpTarget: 0, JumpCount: 7));
            p.Add(new(op == Elementwise.Add ? PimOpcode.ADD : PimOpcode.MUL, PimOperand.GRF_A, PimOperand.GRF_A, PimOperand.ODD_BANK, Aam: true));
            p.Add(new(PimOpcode.JUMP, JumpTarget: 2, JumpCount: 7));
            p.Add(new(PimOpcode.FILL, PimOperand.EVEN_BANK, PimOperand.GRF_A, Aam: true));
            p.Add(new(PimOpcode.JUMP, JumpTarget: 4, JumpCount: 7));
        }
        if (groups > 1) p.Add(new(PimOpcode.JUMP, JumpTarget: 0, JumpCount: groups - 1));
        p.Add(new(PimOpcode.EXIT));
        return [.. p];
    }

    /// <summary>Where element e sits: 128-element groups dealt round-robin over pseudo-channels then units; four
    /// groups per row (columns 8q..8q+7). For ReLU the odd bank holds the second half of each group pair.</summary>
    public static (int Pc, int Unit, int Group, int Lane, int Part) Locate(long e, int pcs, int units)
    {
        long g = e / 128;
        int within = (int)(e % 128);
        return ((int)(g % pcs), (int)(g / pcs % units), (int)(g / ((long)pcs * units)), within % 16, within / 16);
    }

    public static int GroupsPerUnit(long n, int pcs, int units, bool bothBanks) =>
        (int)((n + 128L * pcs * units * (bothBanks ? 2 : 1) - 1) / (128L * pcs * units * (bothBanks ? 2 : 1)));

    /// <summary>Places a and b (or only a for ReLU) in the banks.</summary>
    public static void PlaceElementwise(PimDevice dev, Elementwise op, ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b, int pcs, int units, int burstBytes)
    {
        // a sits where the result will be (the kernel writes it in place); b in the unit's other bank
        bool both = op == Elementwise.Relu;
        for (long e = 0; e < a.Length; e++)
        {
            var (pc, bank, row, col, lane) = ResultOf(op, e, pcs, units);
            MemoryMarshal.Cast<byte, ushort>(dev.Store.Burst(pc, bank, row, col, burstBytes))[lane] = a[(int)e];
            if (!both)
                MemoryMarshal.Cast<byte, ushort>(dev.Store.Burst(pc, bank | 1, row, col, burstBytes))[lane] = b[(int)e];
        }
    }

    /// <summary>Reads the result back from the device's banks (functional runs; the timed read-out is not part of an
    /// element-wise kernel, whose result stays in memory).</summary>
    public static ushort[] CollectElementwise(PimDevice dev, Elementwise op, long n, int pcs, int units, int burstBytes)
    {
        var z = new ushort[n];
        for (long e = 0; e < n; e++)
        {
            var (pc, bank, row, col, lane) = ResultOf(op, e, pcs, units);
            z[e] = MemoryMarshal.Cast<byte, ushort>(dev.Store.Peek(pc, bank, row, col, burstBytes))[lane];
        }
        return z;
    }

    /// <summary>The bursts that hold an element-wise kernel's results, each once, in element order.</summary>
    public static IEnumerable<(int Pc, int Bank, int Row, int Col)> ResultBursts(Elementwise op, long n, int pcs,
        int units)
    {
        var seen = new HashSet<(int, int, int, int)>();
        for (long e = 0; e < n; e++)
        {
            var (pc, bank, row, col, _) = ResultOf(op, e, pcs, units);
            if (seen.Add((pc, bank, row, col))) yield return (pc, bank, row, col);
        }
    }

    /// <summary>Where result element <paramref name="e"/> lives: pseudo-channel, bank, row, column and lane.</summary>
    private static (int Pc, int Bank, int Row, int Col, int Lane) ResultOf(Elementwise op, long e, int pcs, int units)
    {
        bool both = op == Elementwise.Relu;
        var (pc, u, grp, lane, part) = Locate(both ? e / 256 * 128 + e % 128 : e, pcs, units);
        int bank = both && e / 128 % 2 == 1 ? 2 * u + 1 : 2 * u;
        return (pc, bank, grp / 4, grp % 4 * 8 + part, lane);
    }

    /// <summary>Runs an element-wise kernel over n resident elements (sessions of at most 256 groups).</summary>
    public static void RunElementwise(PimEngine e, Elementwise op, long n)
    {
        var c = e.Config;
        int units = c.Org.BanksPerPseudoChannel / 2, burst = c.Org.AccessBytes;
        int groups = GroupsPerUnit(n, e.PseudoChannels, units, op == Elementwise.Relu);
        if ((groups + 3) / 4 > PimMap.DataRows(c.Org.Rows))
            throw new PimProtocolException($"{n} elements need {(groups + 3) / 4} rows per bank, the stack has {PimMap.DataRows(c.Org.Rows)}");
        var host = new HbmPimHost(e);
        var wr = new byte[burst];
        for (int pc = 0; pc < e.PseudoChannels; pc++)
        {
            host.EnterAb(pc);
            host.OpenConf(pc);
            for (int first = 0; first < groups; first += 256)
            {
                int count = Math.Min(256, groups - first);
                if (first > 0) host.OpenConf(pc);
                host.WriteCrf(pc, ElementwiseProgram(op, count));
                host.EnterPim(pc);
                e.PrechargeAll(pc);
                int openRow = -1;
                for (int g = first; g < first + count; g++)
                {
                    int row = g / 4, col0 = g % 4 * 8;
                    if (row != openRow)
                    {
                        if (openRow >= 0) e.PrechargeAll(pc);
                        e.Issue(pc, Command.ACTab, 0, row, 0);
                        openRow = row;
                    }
                    int phases = op == Elementwise.Relu ? 4 : 3; // Relu: MOV even, FILL even, MOV odd, FILL odd
                    for (int ph = 0; ph < phases; ph++)
                    {
                        bool write = op == Elementwise.Relu ? ph % 2 == 1 : ph == 2;
                        for (int i = 0; i < 8; i++) e.Issue(pc, write ? Command.PIMWR : Command.PIMRD, 0, row, col0 + i, write ? wr : default);
                    }
                }
                e.PrechargeAll(pc);
                host.ExitPim(pc);
            }
            e.PrechargeAll(pc);
            host.ExitAb(pc);
        }
    }
}
