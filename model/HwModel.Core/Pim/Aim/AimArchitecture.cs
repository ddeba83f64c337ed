using HwModel.Config;
using HwModel.Pim.Reference;
using HwModel.Pim.Runtime;
using HwModel.Spec;
using static HwModel.Spec.Command;
using static HwModel.Spec.Scope;
using static HwModel.Spec.Standards.HbmCore;

namespace HwModel.Pim.Aim;

/// <summary>
/// AiM (Newton / GDDR6-AiM style): multi-bank activates, MAC16 into per-bank accumulators, global-buffer writes on
/// the data bus, accumulator reads, element-wise multiply and activation functions.
/// </summary>
public sealed class AimArchitecture : IPimArchitecture
{
    public PimArchitecture Id => PimArchitecture.Aim;

    public string DisplayName => "AiM";

    public IPimDeviceState CreateState(PimDevice device, MemoryConfig c) => new AimState(device, c);

    public string ProfileSource => "AiM profile (BF16 MAC and reduction tree in every bank, 2 KB global buffer per " +
        "pseudo-channel, Newton / GDDR6-AiM style); AiM extra timings default to the values they correspond to " +
        "(nRCDRDMAC = nRCDRD, MAC16 spacing = nCCDL)";

    private static Command[] C(params Command[] cs) => cs;

    private static TimingRule R(string name, Scope s, Command[] pre, Command[] fol, string latency, string note = "") =>
        TimingRule.Of(name, s, pre, fol, latency, note: note);

    private const string Bus = "max(nBL, nCCDS)";

    public IReadOnlyList<TimingRule> Rules { get; } =
    [
        R("tRCDMAC", StackId, C(ACT16), C(MAC16, EWMUL16), "dflt(pim.nRCDRDMAC, nRCDRD)"),
        R("tRCDRD.16", StackId, C(ACT16), C(RD, RDA), "nRCDRD"),
        R("tRCDWR.16", StackId, C(ACT16), C(WR, WRA), "nRCDWR"),
        R("tRCDRD.4", BankGroup, C(ACT4), C(RD, RDA), "nRCDRD"),
        R("tRCDWR.4", BankGroup, C(ACT4), C(WR, WRA), "nRCDWR"),
        R("tRAS.16", PseudoChannel, C(ACT16, ACT4), C(PREA), "nRAS"),
        R("tRP.16", PseudoChannel, C(PREA), C(ACT16, ACT4), "nRP"),
        R("tRP.16.pre", StackId, C(PRE), C(ACT16), "nRP"),
        R("tRP.4.pre", BankGroup, C(PRE), C(ACT4), "nRP"),
        R("tRC.16", StackId, C(ACT16, ACT), C(ACT16), "nRC"),
        R("tRC.16.out", StackId, C(ACT16), C(ACT, ACT4), "nRC"),
        R("tRC.4", BankGroup, C(ACT4, ACT), C(ACT4), "nRC"),
        R("tRC.4.out", BankGroup, C(ACT4), C(ACT), "nRC"),
        R("tACT16", PseudoChannel, C(ACT16), C(ACT16), "dflt(pim.nACTAB, 2 * nFAW)", "16-bank activate power window"),
        R("tACT4", PseudoChannel, C(ACT4), C(ACT4), "nFAW", "a 4-bank activate spends one four-activate window"),
        R("tRRD.16", PseudoChannel, C(ACT16, ACT4), C(ACT, ACT16, ACT4), "nRRDS"),
        R("tRRD.16.in", PseudoChannel, C(ACT), C(ACT16, ACT4), "nRRDS"),
        R("tMAC16", StackId, C(MAC16, EWMUL16), C(MAC16, EWMUL16), "dflt(pim.nMAC16, nCCDL)"),
        R("tMAC16.pc", PseudoChannel, C(MAC16, EWMUL16), C(MAC16, EWMUL16), "nCCDS"),
        R("tMACLAT", StackId, C(MAC16), C(RDMAC16, AF16), "pim.nMACLAT", "adder tree"),
        R("tAFLAT", StackId, C(AF16), C(RDMAC16), "pim.nAFLAT", "lookup table"),
        R("tWRGB", PseudoChannel, C(WRGB), C(MAC16, EWMUL16), WriteDataEnd, "buffer data arrives"),
        R("tCCD.gb", PseudoChannel, C(WRGB, WR, WRA), C(WRGB, WR, WRA), Bus),
        R("tCCD.rdmac", PseudoChannel, C(RDMAC16, RD, RDA), C(RDMAC16, RD, RDA), Bus),
        R("tWTR.gb", PseudoChannel, C(WRGB), C(RD, RDA, RDMAC16), WriteDataEnd + " + nWTRS"),
        R("tWTR.gb.in", PseudoChannel, C(WR, WRA), C(RDMAC16), WriteDataEnd + " + nWTRS"),
        R("tRTW.gb", PseudoChannel, C(RD, RDA, RDMAC16), C(WRGB), ReadToWrite),
        R("tRTW.rdmac", PseudoChannel, C(RDMAC16), C(WR, WRA), ReadToWrite),
        R("tRTP.mac", PseudoChannel, C(MAC16), C(PREA), "nRTP"),
        R("tRTP.mac.pre", StackId, C(MAC16), C(PRE), "nRTP"),
        R("tWR.ew", PseudoChannel, C(EWMUL16), C(PREA), WriteDataEnd + " + nWR"),
        R("tWR.ew.pre", StackId, C(EWMUL16), C(PRE), WriteDataEnd + " + nWR"),
        R("tRC.16.ref", PseudoChannel, C(ACT16, ACT4), C(REFab), "nRC"),
        R("tRFC.16", PseudoChannel, C(REFab), C(ACT16, ACT4), "nRFC"),
        R("tRFCpb.16", StackId, C(REFpb), C(ACT16), "nRFCpb"),
        R("tRFCpb.4", BankGroup, C(REFpb), C(ACT4), "nRFCpb"),
    ];

    public void Validate(MemoryConfig c, string origin)
    {
        if (c.Org.BankGroups * c.Org.BanksPerGroup != 16)
            throw new ConfigException(origin, "pim.Architecture", "Aim", "AiM needs 16 banks per stack ID");
    }

    public string NumberFormat => "bf16";

    public double WeightCapacityBytes(MemoryConfig c) => c.Org.CapacityBytes;

    public void PlaceGemvWeights(PimEngine e, int m, int n, ushort[] w) =>
        AimKernels.PlaceWeights(e.Device!, AimKernels.Shape(e, m, n), w, e.Config.Org.AccessBytes);

    /// <summary>The FFN gate projection carries its activation function (GELU), applied by AF16.</summary>
    public ushort[]? Gemv(PimEngine e, int m, int n, ushort[] x, bool representativeOnly = false, string layer = "") =>
        AimKernels.Gemv(e, m, n, x, layer == "ffn_gate" ? AimFunctions.Kind.GELU : null, representativeOnly);

    /// <summary>MAC16 reads 16 banks' columns, does 16 products per lane and a 15-adder tree in each bank;
    /// EWMUL16 also writes the 16 columns back; AF16 applies the function to 16 accumulators.</summary>
    public (double BankBursts, double LaneOps, double RegisterBursts) InBankWork(MemoryConfig c, Func<Command,
        long> count)
    {
        long mac = count(MAC16), ew = count(EWMUL16), af = count(AF16);
        return (16.0 * mac + 32.0 * ew, (16.0 * c.Pim.Lanes + 16 * 15) * (mac + ew) + 16.0 * af,
            16.0 * (mac + ew) + count(WRGB) + count(RDMAC16) + af);
    }

    public ushort[] GemvReference(ushort[] w, ushort[] x, int m, int n) => KernelReference.GemvBf16(w, x, m, n);
}
