using System.Runtime.InteropServices;
using HwModel.Pim.Numerics;

namespace HwModel.Pim.HbmPim;

/// <summary>
/// One HBM-PIM processing unit (serves banks 2u and 2u+1): CRF, GRF_A, GRF_B, SRF_M, SRF_A, a program counter and a
/// loop counter per JUMP. Executes one instruction per trigger; JUMP and EXIT take no trigger.
/// </summary>
public sealed class PimUnit
{
    public const int Lanes = 16;
    public readonly uint[] Crf;
    public readonly ushort[] GrfA, GrfB;   // [index x 16 + lane]
    public readonly ushort[] SrfM, SrfA;
    private PimInstruction[] _program = [];
    private int[] _jumpLeft = [];
    public int Pc { get; private set; }
    public bool Exited { get; private set; }
    public long Executed { get; private set; }
    public long IdleTriggers { get; private set; }

    public PimUnit(int crf, int grf, int srf)
    {
        Crf = new uint[crf];
        GrfA = new ushort[grf * Lanes];
        GrfB = new ushort[grf * Lanes];
        SrfM = new ushort[srf];
        SrfA = new ushort[srf];
    }

    /// <summary>Entering AB-PIM: decode and validate the CRF, restart at CRF[0] with fresh loop counters.</summary>
    public void Start()
    {
        // the program is the CRF up to its last non-NOP word (a JUMP left after the EXIT is an error, not ignored)
        int last = Array.FindLastIndex(Crf, w => w != 0);
        var prog = Crf.Take(last + 1).Select(PimInstruction.Decode).ToArray();
        PimInstruction.Validate(prog, Crf.Length);
        _program = prog;
        _jumpLeft = prog.Select(p => p.JumpCount).ToArray();
        Pc = 0;
        Exited = false;
        Settle();
    }

    /// <summary>Follows JUMPs and EXIT, which take no trigger.</summary>
    private void Settle()
    {
        while (!Exited)
        {
            var ins = _program[Pc];
            if (ins.Op == PimOpcode.EXIT) { Exited = true; return; }
            if (ins.Op != PimOpcode.JUMP) return;
            if (_jumpLeft[Pc] > 0) { _jumpLeft[Pc]--; Pc = ins.JumpTarget; }
            else { _jumpLeft[Pc] = ins.JumpCount; Pc++; }
        }
    }

    /// <summary>
    /// One trigger (a PIMRD or PIMWR with the open row and the column): executes the current instruction on the
    /// bank pair's data at (row, column). <paramref name="even"/> and <paramref name="odd"/> are the banks' bursts.
    /// </summary>
    public void Trigger(bool isWrite, int row, int column, Span<byte> even, Span<byte> odd)
    {
        if (Exited) { IdleTriggers++; return; }
        var ins = _program[Pc];
        if (ins.ReadsBank && isWrite)
            throw new PimProtocolException($"CRF[{Pc}] {ins} reads a bank but was triggered by a PIMWR (use PIMRD)");
        if (ins.WritesBank && !isWrite)
            throw new PimProtocolException($"CRF[{Pc}] {ins} writes a bank but was triggered by a PIMRD (use PIMWR)");
        Execute(ins, row, column, even, odd);
        Executed++;
        Pc++;
        Settle();
    }

    private static int AamA(int column) => column & 7;
    private static int AamB(int row, int column) => (row & 1) << 2 | (column >> 3 & 3);

    private Span<ushort> Operand(PimOperand o, int index, Span<byte> even, Span<byte> odd, Span<ushort> scalar)
    {
        switch (o)
        {
            case PimOperand.EVEN_BANK: return MemoryMarshal.Cast<byte, ushort>(even);
            case PimOperand.ODD_BANK: return MemoryMarshal.Cast<byte, ushort>(odd);
            case PimOperand.GRF_A: return GrfA.AsSpan(index * Lanes, Lanes);
            case PimOperand.GRF_B: return GrfB.AsSpan(index * Lanes, Lanes);
            case PimOperand.SRF_M: scalar.Fill(SrfM[index]); return scalar;
            default: scalar.Fill(SrfA[index]); return scalar;
        }
    }

    private int Index(PimOperand o, int fixedIndex, bool aam, int row, int column) =>
        !aam ? fixedIndex : o == PimOperand.GRF_B ? AamB(row, column) : AamA(column);

    private void Execute(in PimInstruction ins, int row, int column, Span<byte> even, Span<byte> odd)
    {
        if (ins.Op == PimOpcode.NOP) return;
        Span<ushort> s0buf = stackalloc ushort[Lanes], s1buf = stackalloc ushort[Lanes];
        var s0 = Operand(ins.Src0, Index(ins.Src0, ins.Src0Index, ins.Aam, row, column), even, odd, s0buf);
        var d = Operand(ins.Dst, Index(ins.Dst, ins.DstIndex, ins.Aam, row, column), even, odd, stackalloc ushort[Lanes]);
        switch (ins.Op)
        {
            case PimOpcode.MOV:
            case PimOpcode.FILL:
                for (int l = 0; l < Lanes; l++) d[l] = ins.Relu ? FastFp16.Relu(s0[l]) : s0[l];
                return;
        }
        int i1 = Index(ins.Src1, ins.Src1Index, ins.Aam, row, column);
        var s1 = Operand(ins.Src1, i1, even, odd, s1buf);
        switch (ins.Op)
        {
            case PimOpcode.ADD: for (int l = 0; l < Lanes; l++) d[l] = FastFp16.Add(s0[l], s1[l]); break;
            case PimOpcode.MUL: for (int l = 0; l < Lanes; l++) d[l] = FastFp16.Mul(s0[l], s1[l]); break;
            case PimOpcode.MAC: for (int l = 0; l < Lanes; l++) d[l] = FastFp16.Mac(s0[l], s1[l], d[l]); break;
            case PimOpcode.MAD:
                ushort add = SrfA[ins.Aam ? column & 7 : ins.Src1Index]; // an SRF index: column[2:0] under AAM
                for (int l = 0; l < Lanes; l++) d[l] = FastFp16.Mac(s0[l], s1[l], add);
                break;
        }
    }
}
