using HwModel.Config;
using HwModel.Pim.Reference;
using HwModel.Pim.Runtime;
using HwModel.Spec;
using static HwModel.Spec.Command;
using static HwModel.Spec.Scope;
using static HwModel.Spec.Standards.HbmCore;

namespace HwModel.Pim.HbmPim;

/// <summary>
/// HBM-PIM (Aquabolt-XL style): an FP16 SIMD unit per bank pair, all-bank activate and the AB-PIM column triggers.
/// Each PIM operation takes tCCD_L; all-bank activates are spaced by a configurable power window.
/// </summary>
public sealed class HbmPimArchitecture : IPimArchitecture
{
    public PimArchitecture Id => PimArchitecture.HbmPim;

    public string DisplayName => "HBM-PIM";

    public IPimDeviceState CreateState(PimDevice device, MemoryConfig c) => new HbmPimState(device, c);

    public string ProfileSource
        => "HBM-PIM profile (one FP16 SIMD-16 unit per bank pair, Aquabolt-XL style) on this preset's timing";

    private static Command[] C(params Command[] cs) => cs;
    private static readonly Command[] PlainColumn = [RD, RDA, WR, WRA];

    private static TimingRule R(string name, Command[] pre, Command[] fol, string latency, string note = "") =>
        TimingRule.Of(name, PseudoChannel, pre, fol, latency, note: note);

    public IReadOnlyList<TimingRule> Rules { get; } =
    [
        R("tRCDRD.ab", C(ACTab), C(RD, RDA, PIMRD), "nRCDRD"),
        R("tRCDWR.ab", C(ACTab), C(WR, WRA, PIMWR), "nRCDWR"),
        R("tRAS.ab", C(ACTab), C(PREA), "nRAS"),
        R("tRP.ab", C(PREA, PRE), C(ACTab), "nRP"),
        R("tRC.ab", C(ACTab), C(ACTab, ACT), "nRC", "every bank takes part in an all-bank activate"),
        R("tRC.ab.in", C(ACT), C(ACTab), "nRC"),
        R("tACTAB", C(ACTab), C(ACTab), "dflt(pim.nACTAB, 2 * nFAW)", "all-bank activate power window"),
        R("tRC.ab.ref", C(ACTab), C(REFab, REFpb), "nRC"),
        R("tRFC.ab", C(REFab), C(ACTab), "nRFC"),
        R("tRFCpb.ab", C(REFpb), C(ACTab), "nRFCpb"),
        R("tCCD.pim", C(PIMRD, PIMWR), C(RD, RDA, WR, WRA, PIMRD, PIMWR), "nCCDL", "one PIM operation per tCCD_L"),
        R("tCCD.pim.in", PlainColumn, C(PIMRD, PIMWR), "nCCDL"),
        R("tRTW.pim", C(RD, RDA, PIMRD), C(PIMWR), ReadToWrite),
        R("tRTW.pim.out", C(PIMRD), C(WR, WRA), ReadToWrite),
        R("tWTR.pim", C(WR, WRA, PIMWR), C(PIMRD), WriteDataEnd + " + nWTRL"),
        R("tWTR.pim.out", C(PIMWR), C(RD, RDA), WriteDataEnd + " + nWTRL"),
        R("tRTP.pim", C(PIMRD), C(PREA), "nRTP"),
        R("tWR.pim", C(PIMWR), C(PREA), WriteDataEnd + " + nWR"),
    ];

    public void Validate(MemoryConfig c, string origin)
    {
        if (c.Org.BanksPerPseudoChannel % 2 != 0)
            throw new ConfigException(origin, "pim.Architecture", "HbmPim", "HBM-PIM needs bank pairs");
    }

    public string NumberFormat => "fp16";

    public double WeightCapacityBytes(MemoryConfig c) => c.Org.CapacityBytes / 2.0;

    public void PlaceGemvWeights(PimEngine e, int m, int n, ushort[] w) =>
        HbmPimKernels.PlaceWeights(e.Device!, new HbmPimKernels.GemvShape(m, n, e.PseudoChannels,
            e.Config.Org.BanksPerPseudoChannel / 2), w, e.Config.Org.AccessBytes);

    public ushort[]? Gemv(PimEngine e, int m, int n, ushort[] x, bool representativeOnly = false, string layer = "") =>
        HbmPimKernels.Gemv(e, m, n, x, representativeOnly);

    /// <summary>Per trigger (PIMRD, PIMWR) every unit accesses its bank's column once, reads two 256-bit operands from
    /// its registers and does one operation per lane.</summary>
    public (double BankBursts, double LaneOps, double RegisterBursts) InBankWork(MemoryConfig c, Func<Command,
        long> count)
    {
        long triggers = count(PIMRD) + count(PIMWR);
        int units = c.Org.BanksPerPseudoChannel / 2;
        return (triggers * units, triggers * units * c.Pim.Lanes, 2.0 * triggers * units);
    }

    public ushort[] GemvReference(ushort[] w, ushort[] x, int m, int n) => KernelReference.GemvFp16(w, x, m, n);
}
