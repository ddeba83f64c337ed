using System.Globalization;
using HwModel.Pim.HbmPim;
using System.Diagnostics;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Pim.Numerics;
using HwModel.Pim.Reference;
using HwModel.Spec;
using HwModel.Util;

namespace HwModel.Pim.Runtime;

/// <summary>Runs PIM kernels end to end: places operands, issues the command streams, checks the result against the
/// reference model, runs the same transfer on the same HBM without PIM, and reports cycles, energy and speed-up.</summary>
public static class PimRunner
{
    /// <param name="BeforeKernel">Called after the operands are placed and before the kernel's first command (co-simulation
    /// attaches its observer and preloads the RTL here).</param>
    /// <param name="AfterKernel">Called after an element-wise kernel's cycles and energy are taken and before its
    /// results are collected (DUT co-simulation reads the RTL's results into the model's banks here).</param>
    public sealed record Options(bool Verify = true, bool Check = false, ulong Seed = 1,
        Action<PimEngine>? BeforeKernel = null, Action<PimEngine>? AfterKernel = null);

    private static PimEngine Engine(MemoryConfig c, bool functional, bool check, out TimingChecker? checker)
    {
        var e = new PimEngine(c, functional);
        checker = check ? new TimingChecker(c, e.Table) : null;
        e.Observer = checker;
        return e;
    }

    private static ushort[] Random(int n, ulong seed, double scale, bool bf16)
    {
        var r = new SplitMix64(seed);
        var v = new ushort[n];
        for (int i = 0; i < n; i++)
        {
            double d = (r.NextDouble() * 2 - 1) * scale;
            v[i] = bf16 ? Bf16.From(d) : Fp16.From(d);
        }
        return v;
    }

    private static void RequirePim(MemoryConfig c)
    {
        if (c.Pim.Architecture == PimArchitecture.None)
            throw new ConfigException(c.Name, "pim.Architecture", "None", "this configuration has no PIM; use a -pim or -aim preset (for example hbm2-2000-pim, hbm3-6400-aim)");
    }

    public static PimResult Gemv(MemoryConfig c, int m, int n, Options o)
    {
        RequirePim(c);
        if (m <= 0 || n <= 0) throw new ConfigException("--m/--n", "--m/--n", $"{m}x{n}", "must be positive");
        var sw = Stopwatch.StartNew();
        var arch = PimArchitectures.Get(c.Pim.Architecture);
        bool bf16 = arch.NumberFormat == "bf16";
        var e = Engine(c, o.Verify, o.Check, out var chk);
        ushort[] w = [], x = [];
        if (o.Verify)
        {
            double scale = 1 / Math.Sqrt(n);
            w = Random(m * n, o.Seed, 1, bf16);
            x = Random(n, o.Seed + 1, scale * 4, bf16);
            arch.PlaceGemvWeights(e, m, n, w);
        }
        o.BeforeKernel?.Invoke(e);
        var simStart = sw.Elapsed.TotalSeconds;
        var y = arch.Gemv(e, m, n, x);
        double simSeconds = sw.Elapsed.TotalSeconds - simStart;
        var r = Finish(c, e, chk, "gemv", arch.NumberFormat, new() { ["m"] = m, ["n"] = n }, (long)m * n * 2);
        if (o.Verify)
        {
            var reference = arch.GemvReference(w, x, m, n);
            int bad = Enumerable.Range(0, m).Count(i => y![i] != reference[i]);
            r.Verified = bad == 0;
            r.VerifiedNote = bad == 0 ? $"all {m} outputs equal the reference model bit for bit" : $"{bad} of {m} outputs differ from the reference model";
        }
        else r.VerifiedNote = "not checked (--no-verify: timing only)";
        r.PimSimulationSeconds = simSeconds;
        var b = Baseline.Transfer(c, (long)m * n * 2, 0);
        return WithBaseline(r, b, sw, c);
    }

    public static PimResult Elementwise(MemoryConfig c, HbmPimKernels.Elementwise op, long n, Options o)
    {
        RequirePim(c);
        if (c.Pim.Architecture != PimArchitecture.HbmPim)
            throw new ConfigException(c.Name, "pim.Architecture", c.Pim.Architecture.ToString(), $"element-wise {op} runs on HBM-PIM presets; AiM provides GEMV, EWMUL16 with the global buffer and activation functions");
        if (n <= 0 || n > int.MaxValue) throw new ConfigException("--elements", "--elements", n.ToString(), "must be 1..2^31-1");
        var sw = Stopwatch.StartNew();
        var e = Engine(c, o.Verify, o.Check, out var chk);
        int units = c.Org.BanksPerPseudoChannel / 2;
        ushort[] a = [], bv = [];
        if (o.Verify)
        {
            a = Random((int)n, o.Seed, 4, false);
            bv = op == HbmPimKernels.Elementwise.Relu ? [] : Random((int)n, o.Seed + 1, 4, false);
            HbmPimKernels.PlaceElementwise(e.Device!, op, a, bv, e.PseudoChannels, units, c.Org.AccessBytes);
        }
        o.BeforeKernel?.Invoke(e);
        var simStart = sw.Elapsed.TotalSeconds;
        HbmPimKernels.RunElementwise(e, op, n);
        double simSeconds = sw.Elapsed.TotalSeconds - simStart;
        int operands = op == HbmPimKernels.Elementwise.Relu ? 1 : 2;
        var r = Finish(c, e, chk, op.ToString().ToLowerInvariant(), "fp16", new() { ["elements"] = n }, n * 2 * operands);
        // after the kernel's cycles and energy are taken: a read-back is not part of the kernel
        o.AfterKernel?.Invoke(e);
        if (o.Verify)
        {
            var z = HbmPimKernels.CollectElementwise(e.Device!, op, n, e.PseudoChannels, units, c.Org.AccessBytes);
            var reference = op switch
            {
                HbmPimKernels.Elementwise.Add => KernelReference.Add(a, bv),
                HbmPimKernels.Elementwise.Mul => KernelReference.Mul(a, bv),
                _ => KernelReference.Relu(a),
            };
            long bad = Enumerable.Range(0, (int)n).LongCount(i => z[i] != reference[i]);
            r.Verified = bad == 0;
            r.VerifiedNote = bad == 0 ? $"all {n} results equal the reference model bit for bit" : $"{bad} of {n} results differ";
        }
        else r.VerifiedNote = "not checked (--no-verify: timing only)";
        r.PimSimulationSeconds = simSeconds;
        // without PIM the host reads the operands and writes the result back
        var b = Baseline.Transfer(c, n * 2 * operands, n * 2);
        return WithBaseline(r, b, sw, c);
    }

    /// <summary>One decode step: every layer's projections, attention over the KV cache and FFN as GEMVs on the PIM
    /// (timing only: data values do not change DRAM timing), split over <paramref name="stacks"/> stacks by rows.</summary>
    public static PimResult Decode(MemoryConfig c, ModelShape shape, int stacks, Options o)
    {
        RequirePim(c);
        var sw = Stopwatch.StartNew();
        var arch = PimArchitectures.Get(c.Pim.Architecture);
        long weightBytes = shape.WeightElements * 2, kvBytes = shape.KvElements * 2;
        double usable = arch.WeightCapacityBytes(c);
        int needed = (int)Math.Min(1 << 20, Math.Max(1, Math.Ceiling((weightBytes + kvBytes) / usable)));
        if (stacks <= 0) stacks = needed;
        else if (stacks < needed)
            throw new Config.ConfigException("--stacks", "--stacks", stacks.ToString(CultureInfo.InvariantCulture),
                $"{shape.Name}: {(weightBytes + kvBytes) / 1e9:F1} GB of weights and KV cache need at least {needed} " +
                $"stacks of {usable / 1e9:F1} GB usable each (0 = as many as needed)");
        var e = Engine(c, false, o.Check, out var chk);
        o.BeforeKernel?.Invoke(e);
        var steps = new List<KernelStep>();
        for (int layer = 0; layer < shape.Layers; layer++)
            foreach (var (name, m, n, count) in shape.Gemvs())
            {
                int rows = (m + stacks - 1) / stacks;
                long before = e.FinishCycle;
                for (int i = 0; i < count; i++)
                {
                    // kernels run back to back: every pseudo-channel starts after the previous kernel has finished
                    for (int pc = 0; pc < e.PseudoChannels; pc++) e.WaitUntil(pc, e.FinishCycle);
                    arch.Gemv(e, rows, n, [], representativeOnly: true, layer: name);
                }
                if (layer == 0) steps.Add(new KernelStep(name, m, n, count, e.FinishCycle - before));
            }
        double simSeconds = sw.Elapsed.TotalSeconds;
        var r = Finish(c, e, chk, "decode", arch.NumberFormat, new() { ["layers"] = shape.Layers,
            ["hidden"] = shape.Hidden, ["ffn"] = shape.Ffn, ["kvLength"] = shape.KvLength }, (weightBytes
            + kvBytes) / stacks);
        // every pseudo-channel of every stack ran the representative stream: scale energy to the whole system
        r.PimEnergy = PimEnergy.Compute(c, e.Commands.Select(x => x * e.PseudoChannels * stacks).ToArray(), e.InterfaceBytes * e.PseudoChannels * stacks, r.PimCycles, e.PseudoChannels * stacks);
        r.PimEnergyPj = r.PimEnergy.TotalPj;
        r.PimSimulationSeconds = simSeconds;
        r.Verified = null;
        r.VerifiedNote = "timing only: a decode step's data values do not change DRAM timing; GEMV numerics are verified by `pim gemv` and the property tests";
        var b = Baseline.Transfer(c, (weightBytes + kvBytes) / stacks, 0);
        r = WithBaseline(r, b with { EnergyPj = b.EnergyPj * stacks }, sw, c);
        r.Decode = new DecodeReport
        {
            Model = shape.Name, Layers = shape.Layers, Hidden = shape.Hidden, Ffn = shape.Ffn, Heads = shape.Heads, KvHeads = shape.KvHeads,
            KvLength = shape.KvLength, Stacks = stacks, WeightBytes = weightBytes, KvCacheBytes = kvBytes,
            TokensPerSecondPim = 1e9 / r.PimNs, TokensPerSecondBaseline = 1e9 / r.BaselineNs,
            EnergyPerTokenPimMj = r.PimEnergyPj / 1e9, EnergyPerTokenBaselineMj = r.BaselineEnergyPj / 1e9,
            Steps = steps,
            HostWork = "the host does RMSNorm, RoPE, softmax, SiLU x gate and residual adds on vectors (not timed: a few KB per layer against MBs of weights); AiM applies the FFN activation with AF16 (GELU, the lookup table's closest function to SiLU; same timing)",
        };
        return r;
    }

    private static PimResult Finish(MemoryConfig c, PimEngine e, TimingChecker? chk, string kernel, string dtype, Dictionary<string, long> shape, long operandBytes)
    {
        long cycles = e.FinishCycle;
        chk?.Finish(cycles);
        var energy = PimEnergy.Compute(c, e.Commands, e.InterfaceBytes, cycles, e.PseudoChannels);
        long internalBursts = (e.Commands[(int)Command.PIMRD] + e.Commands[(int)Command.PIMWR]) * (c.Org.BanksPerPseudoChannel / 2)
                              + 16L * (e.Commands[(int)Command.MAC16] + e.Commands[(int)Command.EWMUL16]);
        double ns = cycles * c.Org.TckPs / 1000;
        return new PimResult
        {
            Kernel = kernel, Config = c.Name, Architecture = c.Pim.Architecture.ToString(), DataType = dtype, Shape = shape,
            TckPs = c.Org.TckPs, PimCycles = cycles, PimNs = ns, PimEnergy = energy, PimEnergyPj = energy.TotalPj,
            InternalBandwidthGBps = ns > 0 ? internalBursts * (double)c.Org.AccessBytes / ns : 0,
            PeakExternalBandwidthGBps = c.Org.PeakBandwidthGBps, OperandBytes = operandBytes,
            Commands = e.Commands.Sum(),
            CommandCounts = Enum.GetValues<Command>().Where(k => e.Commands[(int)k] > 0).ToDictionary(k => k.ToString(), k => e.Commands[(int)k]),
            CheckerViolations = chk?.ViolationCount,
            EnergySource = c.Pim.EnergySource + "; DRAM core: " + c.Energy.Source,
        };
    }

    private static PimResult WithBaseline(PimResult r, BaselineResult b, Stopwatch sw, MemoryConfig c)
    {
        r.BaselineCycles = b.Cycles;
        r.BaselineNs = b.Cycles * c.Org.TckPs / 1000;
        r.BaselineEnergyPj = b.EnergyPj;
        r.BaselineBandwidthGBps = b.BandwidthGBps;
        r.BaselineNote = b.Note;
        r.Speedup = r.PimCycles > 0 ? (double)b.Cycles / r.PimCycles : 0;
        r.EnergyRatio = r.PimEnergyPj > 0 ? b.EnergyPj / r.PimEnergyPj : 0;
        r.WallSeconds = sw.Elapsed.TotalSeconds;
        return r;
    }
}
