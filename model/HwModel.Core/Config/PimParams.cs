namespace HwModel.Config;

public enum PimArchitecture { None, HbmPim, Aim }

/// <summary>
/// Processing-in-memory profile. HbmPim: one unit per bank pair (Aquabolt-XL style, FP16 SIMD). Aim: a BF16 MAC unit
/// with a reduction tree in every bank and a global buffer per pseudo-channel (Newton / GDDR6-AiM style).
/// Energy parameters state their source or assumption in <see cref="EnergySource"/>.
/// </summary>
public sealed class PimParams
{
    [Field("-", "None, HbmPim or Aim")] public PimArchitecture Architecture { get; set; } = PimArchitecture.None;
    [Field("lanes", "16-bit SIMD lanes per unit (one burst of 32 B)")] public int Lanes { get; set; } = 16;
    [Field("entries", "HBM-PIM: CRF entries (32-bit instructions)")] public int CrfEntries { get; set; } = 32;
    [Field("entries", "HBM-PIM: GRF_A and GRF_B entries (256 bit each)")] public int GrfEntries { get; set; } = 8;
    [Field("entries", "HBM-PIM: SRF_M and SRF_A entries (FP16 scalars)")] public int SrfEntries { get; set; } = 8;
    [Field("bytes", "AiM: global buffer per pseudo-channel")] public int GlobalBufferBytes { get; set; } = 2048;
    [Field("cycles", "minimum distance between all-bank activates (power window; 0 = 2 x nFAW)")] public int nACTAB { get; set; }
    [Field("cycles", "AiM: ACT16 to MAC16 / EWMUL16 (0 = nRCDRD)")] public int nRCDRDMAC { get; set; }
    [Field("cycles", "AiM: MAC16 to MAC16 in one stack ID (0 = nCCDL)")] public int nMAC16 { get; set; }
    [Field("cycles", "AiM: last MAC16 to RDMAC16 or AF16 (adder-tree latency)")] public int nMACLAT { get; set; } = 4;
    [Field("cycles", "AiM: AF16 to RDMAC16 (lookup-table latency)")] public int nAFLAT { get; set; } = 4;
    [Field("pJ", "one 16-bit multiply-add in one lane")] public double AluPjPerLaneOp { get; set; } = 1.5;
    [Field("pJ/bit", "PIM register file access")] public double RegisterPjPerBit { get; set; } = 0.05;
    [Field("pJ/bit", "column access inside a bank, without the TSV/global path to the interface")] public double BankInternalPjPerBit { get; set; } = 0.8;
    [Field("pJ/bit", "interface I/O energy for every bit that leaves or enters the stack")] public double IoPjPerBit { get; set; } = 0.8;
    [Field("text", "where the PIM energy numbers come from")] public string EnergySource { get; set; } =
        "ALU: FP16 add 0.4 pJ + multiply 1.1 pJ (Horowitz, ISSCC 2014, 45 nm); I/O 0.8 pJ/bit and bank-internal access 0.8 pJ/bit: ASSUMPTIONS after the HBM2 energy breakdown of O'Connor et al., MICRO 2017; register file 0.05 pJ/bit: ASSUMPTION";

    public PimParams Clone() => (PimParams)MemberwiseClone();
}
