using HwModel.Pim.Aim;
using FsCheck;
using FsCheck.Fluent;
using HwModel.Config;
using HwModel.Pim;
using HwModel.Pim.HbmPim;
using HwModel.Pim.Numerics;
using HwModel.Pim.Reference;
using HwModel.Pim.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace HwModel.Tests;

using I = PimInstruction;
using O = PimOperand;

/// <summary>Generated PIM programs, matrices and vectors: the timed model equals the reference bit for bit and its
/// command streams pass the independent checker.</summary>
public class PimProperties
{
    public sealed record ProgramCase(I[] Program, (bool W, int Row, int Col)[] Triggers, int Seed)
    {
        public override string ToString() => $"seed {Seed}: {string.Join("; ", Program)} | triggers {string.Join(" ", Triggers.Select(t => $"{(t.W ? "W" : "R")}{t.Row}:{t.Col}"))}";
    }

    private static Gen<I> InstructionGen =>
        from op in Gen.Elements(PimOpcode.NOP, PimOpcode.ADD, PimOpcode.MUL, PimOpcode.MAC, PimOpcode.MAD, PimOpcode.MOV, PimOpcode.FILL)
        from dstReg in Gen.Elements(O.GRF_A, O.GRF_B)
        from dstBank in Gen.Elements(O.EVEN_BANK, O.ODD_BANK)
        from s0 in Gen.Elements(O.EVEN_BANK, O.ODD_BANK, O.GRF_A, O.GRF_B, O.SRF_M, O.SRF_A)
        from s1 in Gen.Elements(O.GRF_A, O.GRF_B, O.SRF_M, O.SRF_A, O.EVEN_BANK)
        from d in Gen.Choose(0, 7)
        from i0 in Gen.Choose(0, 7)
        from i1 in Gen.Choose(0, 7)
        from aam in Gen.Elements(false, true)
        from relu in Gen.Elements(false, true)
        let src1 = I.IsBank(s0) && I.IsBank(s1) ? O.GRF_A : s1
        select op switch
        {
            PimOpcode.FILL => new I(op, dstBank, I.IsBank(s0) ? O.GRF_B : s0, DstIndex: d, Src0Index: i0, Aam: aam, Relu: relu),
            PimOpcode.MOV => new I(op, dstReg, s0, DstIndex: d, Src0Index: i0, Aam: aam, Relu: relu),
            PimOpcode.NOP => new I(op),
            _ => new I(op, dstReg, s0, src1, d, i0, i1, aam),
        };

    private static Gen<ProgramCase> ProgramGen =>
        from n in Gen.Choose(1, 20)
        from body in Gen.ArrayOf(InstructionGen, n)
        from loop in Gen.Choose(0, 3)
        from rows in Gen.ArrayOf(Gen.Choose(20, 23), n * (loop + 1))
        from cols in Gen.ArrayOf(Gen.Choose(0, 31), n * (loop + 1))
        from seed in Gen.Choose(0, int.MaxValue)
        let prog = loop > 0 ? [.. body, new I(PimOpcode.JUMP, JumpTarget: 0, JumpCount: loop), new I(PimOpcode.EXIT)] : body.Append(new I(PimOpcode.EXIT)).ToArray()
        select new ProgramCase(prog,
            Enumerable.Range(0, n * (loop + 1)).Select(k => (body[k % n].WritesBank, rows[k], cols[k])).ToArray(), seed);

    public static Arbitrary<ProgramCase> Programs() =>
        Arb.From(ProgramGen, c => c.Triggers.Length > 1
            ? [c with { Triggers = c.Triggers[..(c.Triggers.Length / 2)] }, c with { Triggers = c.Triggers[..^1] }]
            : []);

    [HwProperty(Arbitrary = [typeof(PimProperties)])]
    public Property GeneratedProgramsMatchTheReference(ProgramCase c)
    {
        var r = new Random(c.Seed);
        var rig = new PimRig();
        var refu = new ReferenceUnit();
        var grfA = Enumerable.Range(0, 8).Select(_ => PimRig.RandomLanes(r)).ToArray();
        var grfB = Enumerable.Range(0, 8).Select(_ => PimRig.RandomLanes(r)).ToArray();
        var srfM = PimRig.RandomLanes(r, 8); var srfA = PimRig.RandomLanes(r, 8);
        for (int i = 0; i < 8; i++) { refu.GrfA[i] = (ushort[])grfA[i].Clone(); refu.GrfB[i] = (ushort[])grfB[i].Clone(); }
        refu.SrfM = (ushort[])srfM.Clone(); refu.SrfA = (ushort[])srfA.Clone();
        foreach (var (_, row, col) in c.Triggers.Distinct())
        {
            var even = PimRig.RandomLanes(r); var odd = PimRig.RandomLanes(r);
            if (refu.Banks.ContainsKey((0, row, col))) continue;
            refu.Banks[(0, row, col)] = (ushort[])even.Clone(); refu.Banks[(1, row, col)] = (ushort[])odd.Clone();
            for (int u = 0; u < rig.Units; u++) { rig.SetBank(2 * u, row, col, even); rig.SetBank(2 * u + 1, row, col, odd); }
        }
        rig.Program(c.Program, grfA, grfB, srfM, srfA);
        int open = -1;
        foreach (var (w, row, col) in c.Triggers)
        {
            if (row != open) { if (open >= 0) rig.E.PrechargeAll(0); rig.Open(row); open = row; }
            if (w) rig.Wr(row, col); else rig.Rd(row, col);
        }
        refu.Run(c.Program, c.Triggers);
        bool same = true;
        var unit = rig.Dev.Unit(0, 3);
        for (int i = 0; i < 8; i++)
            same &= refu.GrfA[i].AsSpan().SequenceEqual(unit.GrfA.AsSpan(i * 16, 16)) && refu.GrfB[i].AsSpan().SequenceEqual(unit.GrfB.AsSpan(i * 16, 16));
        foreach (var ((bank, row, col), v) in refu.Banks) same &= v.AsSpan().SequenceEqual(rig.Bank(6 + bank, row, col));
        rig.Checker.Finish(rig.E.FinishCycle);
        return (same && rig.Checker.ViolationCount == 0).ToProperty()
            .Label($"registers or banks differ from the reference, or {rig.Checker.ViolationCount} violations: {string.Join("; ", rig.Checker.Violations.Take(2))}");
    }

    public sealed record GemvCase(int M, int N, ulong Seed, bool Aim);
    public static Arbitrary<GemvCase> Gemvs() =>
        Arb.From(from m in Gen.Choose(1, 600) from n in Gen.Choose(1, 1300) from seed in Gen.Choose(0, int.MaxValue) from aim in Gen.Elements(false, true)
                 select new GemvCase(m, n, (ulong)seed, aim),
            c => c.M > 1 || c.N > 1 ? [c with { M = Math.Max(1, c.M / 2) }, c with { N = Math.Max(1, c.N / 2) }] : []);

    [HwProperty(Arbitrary = [typeof(PimProperties)])]
    public Property GemvMatchesTheReferenceAndPassesTheChecker(GemvCase c)
    {
        var cfg = Presets.Get(c.Aim ? "hbm3-6400-aim" : "hbm2-2000-pim");
        var r = PimRunner.Gemv(cfg, c.M, c.N, new PimRunner.Options(Verify: true, Check: true, Seed: c.Seed));
        return (r.Verified == true && r.CheckerViolations == 0).ToProperty().Label($"{r.VerifiedNote}; {r.CheckerViolations} violations");
    }

    public sealed record ElementwiseCase(HbmPimKernels.Elementwise Op, int N, ulong Seed);
    public static Arbitrary<ElementwiseCase> Elementwises() =>
        Arb.From(from op in Gen.Elements(Enum.GetValues<HbmPimKernels.Elementwise>()) from n in Gen.Choose(1, 40000) from seed in Gen.Choose(0, int.MaxValue)
                 select new ElementwiseCase(op, n, (ulong)seed), c => c.N > 1 ? [c with { N = c.N / 2 }] : []);

    [HwProperty(Arbitrary = [typeof(PimProperties)])]
    public Property ElementwiseMatchesTheReferenceAndPassesTheChecker(ElementwiseCase c)
    {
        var r = PimRunner.Elementwise(Presets.Get("hbm2-2000-pim"), c.Op, c.N, new PimRunner.Options(true, true, c.Seed));
        return (r.Verified == true && r.CheckerViolations == 0).ToProperty().Label($"{r.VerifiedNote}; {r.CheckerViolations} violations");
    }
}

public class PimKernelTests(ITestOutputHelper output)
{
    private static long Cycles(string preset, int m, int n)
    {
        var c = Presets.Get(preset);
        var e = new PimEngine(c, functional: false);
        if (c.Pim.Architecture == PimArchitecture.Aim) AimKernels.Gemv(e, m, n, []); else HbmPimKernels.Gemv(e, m, n, []);
        return e.FinishCycle;
    }

    [Theory]
    [InlineData("hbm2-2000-pim")]
    [InlineData("hbm3-6400-aim")]
    public void GemvCyclesGrowLinearlyWithMTimesN(string preset)
    {
        var sizes = new[] { (2048, 4096), (4096, 4096), (4096, 8192), (8192, 8192) };
        var perElement = sizes.Select(s => (double)Cycles(preset, s.Item1, s.Item2) / ((double)s.Item1 * s.Item2)).ToArray();
        output.WriteLine($"{preset}: cycles per M x N element {string.Join(", ", perElement.Select(p => p.ToString("G4")))}");
        foreach (var p in perElement) Assert.InRange(p / perElement[^1], 0.9, 1.1);
    }

    [Fact]
    public void HbmPimGemvSpeedupIsWhereTheBandwidthRatioPredicts()
    {
        var c = Presets.Get("hbm2-2000-pim");
        var r = PimRunner.Gemv(c, 4096, 4096, new PimRunner.Options(Verify: false));
        double predicted = HbmPimKernels.PredictGemvSpeedup(c, 4096, 4096);
        output.WriteLine($"GEMV 4096 x 4096 on hbm2-2000-pim: {r.Speedup:F3}x measured, {predicted:F3}x predicted (ratio 4, see PredictGemvSpeedup)");
        Assert.InRange(r.Speedup / predicted, 0.9, 1.1);
        Assert.InRange(r.Speedup, 1.5, 4.0); // below the raw 4x ratio: register and row phases cost time
    }

    [Fact]
    public void DecodeStepOnAimBeatsThePlainStack()
    {
        var shape = new ModelShape("tiny", 2, 1024, 2816, 8, 8, 256);
        var r = PimRunner.Decode(Presets.Get("hbm3-6400-aim"), shape, 1, new PimRunner.Options(Verify: false, Check: true));
        output.WriteLine($"tiny decode: {r.Decode!.TokensPerSecondPim:F0} vs {r.Decode.TokensPerSecondBaseline:F0} tokens/s");
        Assert.Equal(0, r.CheckerViolations);
        Assert.True(r.Speedup > 1.5, $"speed-up {r.Speedup}");
        Assert.Equal(1e9 / r.PimNs, r.Decode.TokensPerSecondPim, 6);
        Assert.Equal(9, r.Decode.Steps.Count);
    }

    [Fact]
    public void ElementwiseKernelsRefuseAim() =>
        Assert.Throws<ConfigException>(() => PimRunner.Elementwise(Presets.Get("hbm3-6400-aim"), HbmPimKernels.Elementwise.Add, 100, new()));

    [Fact]
    public void PlainPresetsHaveNoPim() =>
        Assert.Contains("has no PIM", Assert.Throws<ConfigException>(() => PimRunner.Gemv(Presets.Get("hbm3-6400"), 16, 16, new())).Message);
}
