namespace HwModel.Pim.HbmPim;

public enum PimOpcode : byte { NOP = 0, ADD = 1, MUL = 2, MAC = 3, MAD = 4, MOV = 5, FILL = 6, JUMP = 7, EXIT = 8 }

/// <summary>Operand sources and destinations.</summary>
public enum PimOperand : byte { EVEN_BANK = 0, ODD_BANK = 1, GRF_A = 2, GRF_B = 3, SRF_M = 4, SRF_A = 5 }

/// <summary>
/// One 32-bit CRF instruction. Layout (bit 31 first):
/// <code>
///  31..28 opcode        27..25 dst type    24..22 src0 type   21..19 src1 type
///  18..16 dst index     15..13 src0 index  12..10 src1 index  9 AAM  8 ReLU  7..0 unused
///  JUMP: 27..20 iteration count (1..255), 19..15 target CRF index (must be before the JUMP)
/// </code>
/// Semantics per lane (16 FP16 lanes; SRF operands are scalars broadcast to every lane; every result rounded to
/// nearest even):
/// ADD d = s0 + s1; MUL d = s0 x s1; MAC d = round(round(s0 x s1) + d); MAD d = round(round(s0 x s1) + SRF_A[src1 index]);
/// MOV d = s0 (ReLU flag: d = max(s0, +0)); FILL bank = s0 (d must be EVEN_BANK or ODD_BANK); NOP does nothing;
/// JUMP repeats the block from its target count more times without consuming a trigger; EXIT stops the unit.
/// AAM (address-aligned mode): GRF_A and SRF indices come from column[2:0] of the triggering command and GRF_B
/// indices from {row[0], column[4:3]}.
/// A bank operand (EVEN_BANK / ODD_BANK as a source) needs a PIMRD trigger; a bank destination needs a PIMWR.
/// </summary>
public readonly record struct PimInstruction(PimOpcode Op, PimOperand Dst = PimOperand.GRF_A, PimOperand Src0 = PimOperand.GRF_A,
    PimOperand Src1 = PimOperand.GRF_A, int DstIndex = 0, int Src0Index = 0, int Src1Index = 0, bool Aam = false, bool Relu = false,
    int JumpTarget = 0, int JumpCount = 0)
{
    public uint Encode()
    {
        if (Op == PimOpcode.JUMP)
            return (uint)Op << 28 | (uint)(JumpCount & 0xFF) << 20 | (uint)(JumpTarget & 0x1F) << 15;
        return (uint)Op << 28 | (uint)Dst << 25 | (uint)Src0 << 22 | (uint)Src1 << 19
               | (uint)(DstIndex & 7) << 16 | (uint)(Src0Index & 7) << 13 | (uint)(Src1Index & 7) << 10
               | (Aam ? 1u << 9 : 0) | (Relu ? 1u << 8 : 0);
    }

    public static PimInstruction Decode(uint w)
    {
        var op = (PimOpcode)(w >> 28);
        if (op == PimOpcode.JUMP) return new PimInstruction(op, JumpCount: (int)(w >> 20 & 0xFF), JumpTarget: (int)(w >> 15 & 0x1F));
        return new PimInstruction(op, (PimOperand)(w >> 25 & 7), (PimOperand)(w >> 22 & 7), (PimOperand)(w >> 19 & 7),
            (int)(w >> 16 & 7), (int)(w >> 13 & 7), (int)(w >> 10 & 7), (w >> 9 & 1) != 0, (w >> 8 & 1) != 0);
    }

    public bool ReadsBank => Op is PimOpcode.ADD or PimOpcode.MUL or PimOpcode.MAC or PimOpcode.MAD or PimOpcode.MOV
                             && (IsBank(Src0) || (Op != PimOpcode.MOV && IsBank(Src1)));
    public bool WritesBank => Op == PimOpcode.FILL;
    public static bool IsBank(PimOperand o) => o is PimOperand.EVEN_BANK or PimOperand.ODD_BANK;

    public override string ToString() => Op switch
    {
        PimOpcode.JUMP => $"JUMP {JumpTarget}, {JumpCount}",
        PimOpcode.EXIT or PimOpcode.NOP => Op.ToString(),
        PimOpcode.MOV or PimOpcode.FILL => $"{Op}{(Aam ? "(AAM)" : "")}{(Relu ? "(ReLU)" : "")} {Dst}[{DstIndex}] <- {Src0}[{Src0Index}]",
        _ => $"{Op}{(Aam ? "(AAM)" : "")} {Dst}[{DstIndex}] <- {Src0}[{Src0Index}], {Src1}[{Src1Index}]",
    };

    /// <summary>Checks a CRF program: it fits, it ends in EXIT, every JUMP goes back to before itself with a count of
    /// 1..255 and sits before the EXIT, and operand kinds suit their opcodes.</summary>
    public static void Validate(IReadOnlyList<PimInstruction> program, int crfEntries)
    {
        if (program.Count > crfEntries)
            throw new PimProtocolException($"CRF overflow: the program has {program.Count} instructions, the CRF holds {crfEntries}");
        int exit = -1;
        for (int i = 0; i < program.Count; i++) if (program[i].Op == PimOpcode.EXIT) { exit = i; break; }
        if (exit < 0) throw new PimProtocolException("the CRF program has no EXIT");
        for (int i = 0; i < program.Count; i++)
        {
            var p = program[i];
            if (p.Op == PimOpcode.JUMP)
            {
                if (i > exit) throw new PimProtocolException($"CRF[{i}]: JUMP past EXIT (the EXIT is at CRF[{exit}])");
                if (p.JumpTarget >= i) throw new PimProtocolException($"CRF[{i}]: JUMP target {p.JumpTarget} must be before the JUMP");
                if (program[p.JumpTarget].Op == PimOpcode.JUMP) throw new PimProtocolException($"CRF[{i}]: JUMP target {p.JumpTarget} is itself a JUMP; loops must start at an instruction");
                if (p.JumpCount is < 1 or > 255) throw new PimProtocolException($"CRF[{i}]: JUMP count {p.JumpCount} must be 1..255");
            }
            else if (p.Op == PimOpcode.FILL && !IsBank(p.Dst))
                throw new PimProtocolException($"CRF[{i}]: FILL must write EVEN_BANK or ODD_BANK, not {p.Dst}");
            else if (p.Op is PimOpcode.ADD or PimOpcode.MUL or PimOpcode.MAC or PimOpcode.MAD or PimOpcode.MOV && IsBank(p.Dst))
                throw new PimProtocolException($"CRF[{i}]: {p.Op} writes a register; use FILL to write a bank");
            else if (p.Op is PimOpcode.ADD or PimOpcode.MUL or PimOpcode.MAC or PimOpcode.MAD or PimOpcode.MOV && p.Dst is not (PimOperand.GRF_A or PimOperand.GRF_B))
                throw new PimProtocolException($"CRF[{i}]: {p.Op} must write GRF_A or GRF_B, not {p.Dst}");
            else if (p.Op is PimOpcode.ADD or PimOpcode.MUL or PimOpcode.MAC or PimOpcode.MAD && IsBank(p.Src0) && IsBank(p.Src1))
                throw new PimProtocolException($"CRF[{i}]: {p.Op} can read only one bank operand");
            else if ((byte)p.Op > (byte)PimOpcode.EXIT)
                throw new PimProtocolException($"CRF[{i}]: unknown opcode {(byte)p.Op}");
        }
    }
}
