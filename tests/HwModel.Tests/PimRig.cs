using System.Runtime.InteropServices;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Pim;
using HwModel.Pim.HbmPim;
using HwModel.Pim.Numerics;
using HwModel.Pim.Runtime;
using HwModel.Spec;

namespace HwModel.Tests;

/// <summary>A functional PIM engine with the checker attached, driving pseudo-channel 0.</summary>
public sealed class PimRig
{
    public readonly MemoryConfig Cfg;
    public readonly PimEngine E;
    public readonly TimingChecker Checker;
    public readonly HbmPimHost Host;
    public PimDevice Dev => E.Device!;
    public const int Pc = 0;

    public PimRig(string preset = "hbm2-2000-pim")
    {
        Cfg = Presets.Get(preset);
        E = new PimEngine(Cfg, functional: true);
        Checker = new TimingChecker(Cfg, E.Table);
        E.Observer = Checker;
        Host = new HbmPimHost(E);
    }

    public int Units => Cfg.Org.BanksPerPseudoChannel / 2;
    public byte[] Burst(params ushort[] lanes) { var b = new byte[32]; MemoryMarshal.Cast<ushort, byte>(lanes).CopyTo(b); return b; }

    public void Program(IReadOnlyList<PimInstruction> p, ushort[][]? grfA = null, ushort[][]? grfB = null, ushort[]? srfM = null, ushort[]? srfA = null)
    {
        Host.EnterAb(Pc);
        Host.OpenConf(Pc);
        Host.WriteCrf(Pc, p);
        for (int i = 0; grfA != null && i < grfA.Length; i++) Host.WriteGrf(Pc, false, i, grfA[i]);
        for (int i = 0; grfB != null && i < grfB.Length; i++) Host.WriteGrf(Pc, true, i, grfB[i]);
        if (srfM != null || srfA != null)
        {
            var s = new ushort[16];
            srfM?.CopyTo(s, 0);
            srfA?.CopyTo(s, 8);
            Host.WriteRegister(Pc, PimMap.SrfColumn, MemoryMarshal.AsBytes(s.AsSpan()));
        }
        Host.EnterPim(Pc);
        E.PrechargeAll(Pc);
    }

    public void Open(int row) => E.Issue(Pc, Command.ACTab, 0, row, 0);
    public void Rd(int row, int col) => E.Issue(Pc, Command.PIMRD, 0, row, col);
    public void Wr(int row, int col) => E.Issue(Pc, Command.PIMWR, 0, row, col, new byte[32]);

    public ushort[] Bank(int bank, int row, int col) => MemoryMarshal.Cast<byte, ushort>(Dev.Store.Peek(Pc, bank, row, col, 32)).ToArray();
    public void SetBank(int bank, int row, int col, ushort[] lanes) => MemoryMarshal.Cast<ushort, byte>(lanes).CopyTo(Dev.Store.Burst(Pc, bank, row, col, 32));

    public static ushort[] RandomLanes(Random r, int n = 16) => Enumerable.Range(0, n).Select(_ => Fp16.From((r.NextDouble() * 2 - 1) * 8)).ToArray();
}

/// <summary>
/// An independent, untimed interpreter of the HBM-PIM ISA for one unit, written straight from the documented
/// semantics with the integer soft-float: the reference the timed model must match bit for bit.
/// </summary>
public sealed class ReferenceUnit
{
    public ushort[][] GrfA = new ushort[8][], GrfB = new ushort[8][];
    public ushort[] SrfM = new ushort[8], SrfA = new ushort[8];
    public Dictionary<(int Bank, int Row, int Col), ushort[]> Banks = [];

    public ReferenceUnit() { for (int i = 0; i < 8; i++) { GrfA[i] = new ushort[16]; GrfB[i] = new ushort[16]; } }

    private ushort[] BankData(int bank, int row, int col) => Banks.TryGetValue((bank, row, col), out var v) ? v : Banks[(bank, row, col)] = new ushort[16];

    /// <summary>Runs a program against a trigger list of (isWrite, row, col); returns the number of triggers consumed.</summary>
    public int Run(IReadOnlyList<PimInstruction> prog, IReadOnlyList<(bool W, int Row, int Col)> triggers)
    {
        var left = prog.Select(p => p.JumpCount).ToArray();
        int pc = 0, used = 0;
        foreach (var (w, row, col) in triggers)
        {
            // JUMP and EXIT take no trigger
            while (true)
            {
                var j = prog[pc];
                if (j.Op == PimOpcode.EXIT) return used;
                if (j.Op != PimOpcode.JUMP) break;
                if (left[pc] > 0) { left[pc]--; pc = j.JumpTarget; } else { left[pc] = j.JumpCount; pc++; }
            }
            var ins = prog[pc++];
            used++;
            int IA(int fixedIdx) => ins.Aam ? col & 7 : fixedIdx;
            int IB(int fixedIdx) => ins.Aam ? (row & 1) << 2 | (col >> 3 & 3) : fixedIdx;
            ushort[] Get(PimOperand o, int idx) => o switch
            {
                PimOperand.EVEN_BANK => BankData(0, row, col),
                PimOperand.ODD_BANK => BankData(1, row, col),
                PimOperand.GRF_A => GrfA[IA(idx)],
                PimOperand.GRF_B => GrfB[IB(idx)],
                PimOperand.SRF_M => Enumerable.Repeat(SrfM[IA(idx)], 16).ToArray(),
                _ => Enumerable.Repeat(SrfA[IA(idx)], 16).ToArray(),
            };
            var s0 = Get(ins.Src0, ins.Src0Index);
            var d = ins.Op == PimOpcode.NOP ? null : Get(ins.Dst, ins.DstIndex);
            var s1 = Get(ins.Src1, ins.Src1Index);
            for (int l = 0; l < 16 && d != null; l++)
                d[l] = ins.Op switch
                {
                    PimOpcode.ADD => Fp16.Add(s0[l], s1[l]),
                    PimOpcode.MUL => Fp16.Mul(s0[l], s1[l]),
                    PimOpcode.MAC => Fp16.Add(Fp16.Mul(s0[l], s1[l]), d[l]),
                    PimOpcode.MAD => Fp16.Add(Fp16.Mul(s0[l], s1[l]), SrfA[IA(ins.Src1Index)]),
                    PimOpcode.MOV or PimOpcode.FILL => ins.Relu ? Fp16.Relu(s0[l]) : s0[l],
                    _ => d[l],
                };
        }
        return used;
    }
}
