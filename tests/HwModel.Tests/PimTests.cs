using HwModel.Pim;
using HwModel.Pim.HbmPim;
using HwModel.Spec;
using Xunit;

namespace HwModel.Tests;

using I = PimInstruction;
using O = PimOperand;

/// <summary>One test per HBM-PIM instruction and per mode transition, and the protocol-misuse errors.</summary>
public class HbmPimInstructionTests
{
    private static (PimRig Rig, ReferenceUnit Ref) Setup(I ins, int seed, out bool write)
    {
        var r = new Random(seed);
        var rig = new PimRig();
        var refu = new ReferenceUnit();
        var grfA = Enumerable.Range(0, 8).Select(_ => PimRig.RandomLanes(r)).ToArray();
        var grfB = Enumerable.Range(0, 8).Select(_ => PimRig.RandomLanes(r)).ToArray();
        var srfM = PimRig.RandomLanes(r, 8);
        var srfA = PimRig.RandomLanes(r, 8);
        for (int i = 0; i < 8; i++) { refu.GrfA[i] = (ushort[])grfA[i].Clone(); refu.GrfB[i] = (ushort[])grfB[i].Clone(); }
        refu.SrfM = (ushort[])srfM.Clone(); refu.SrfA = (ushort[])srfA.Clone();
        const int row = 10, col = 13;
        var even = PimRig.RandomLanes(r); var odd = PimRig.RandomLanes(r);
        for (int u = 0; u < rig.Units; u++) { rig.SetBank(2 * u, row, col, even); rig.SetBank(2 * u + 1, row, col, odd); }
        refu.Banks[(0, row, col)] = (ushort[])even.Clone();
        refu.Banks[(1, row, col)] = (ushort[])odd.Clone();
        rig.Program([ins, new I(PimOpcode.EXIT)], grfA, grfB, srfM, srfA);
        rig.Open(row);
        write = ins.WritesBank;
        if (write) rig.Wr(row, col); else rig.Rd(row, col);
        refu.Run([ins, new I(PimOpcode.EXIT)], [(write, row, col)]);
        return (rig, refu);
    }

    private static void AssertSame(PimRig rig, ReferenceUnit refu)
    {
        for (int u = 0; u < rig.Units; u++)
        {
            var unit = rig.Dev.Unit(PimRig.Pc, u);
            for (int i = 0; i < 8; i++)
            {
                Assert.Equal(refu.GrfA[i], unit.GrfA.AsSpan(i * 16, 16).ToArray());
                Assert.Equal(refu.GrfB[i], unit.GrfB.AsSpan(i * 16, 16).ToArray());
            }
            Assert.Equal(refu.Banks[(0, 10, 13)], rig.Bank(2 * u, 10, 13));
            Assert.Equal(refu.Banks[(1, 10, 13)], rig.Bank(2 * u + 1, 10, 13));
            Assert.True(unit.Exited);
        }
        Assert.Equal(0, rig.Checker.ViolationCount);
    }

    public static IEnumerable<object[]> Instructions() =>
    [
        [new I(PimOpcode.NOP)],
        [new I(PimOpcode.ADD, O.GRF_B, O.EVEN_BANK, O.GRF_A, 2, 0, 5)],
        [new I(PimOpcode.ADD, O.GRF_A, O.GRF_A, O.SRF_A, 1, 1, 3)],
        [new I(PimOpcode.MUL, O.GRF_A, O.ODD_BANK, O.SRF_M, 7, 0, 4)],
        [new I(PimOpcode.MAC, O.GRF_B, O.EVEN_BANK, O.GRF_A, 3, 0, 3)],
        [new I(PimOpcode.MAC, O.GRF_B, O.EVEN_BANK, O.GRF_A, Aam: true)],
        [new I(PimOpcode.MAD, O.GRF_A, O.ODD_BANK, O.SRF_M, 6, 0, 2)],
        [new I(PimOpcode.MOV, O.GRF_A, O.EVEN_BANK, DstIndex: 4)],
        [new I(PimOpcode.MOV, O.GRF_B, O.ODD_BANK, DstIndex: 1, Relu: true)],
        [new I(PimOpcode.MOV, O.GRF_A, O.GRF_B, DstIndex: 0, Src0Index: 6, Relu: true)],
        [new I(PimOpcode.FILL, O.EVEN_BANK, O.GRF_B, Src0Index: 5)],
        [new I(PimOpcode.FILL, O.ODD_BANK, O.GRF_A, Aam: true, Relu: true)],
    ];

    [Theory]
    [MemberData(nameof(Instructions))]
    public void InstructionMatchesTheReference(I ins)
    {
        var (rig, refu) = Setup(ins, ins.GetHashCode(), out _);
        AssertSame(rig, refu);
    }

    [Fact]
    public void EncodingRoundTrips()
    {
        foreach (var ins in Instructions().Select(o => (I)o[0]).Append(new I(PimOpcode.JUMP, JumpTarget: 3, JumpCount: 200)).Append(new I(PimOpcode.EXIT)))
            Assert.Equal(ins, I.Decode(ins.Encode()));
    }

    [Fact]
    public void JumpRepeatsWithoutTakingATrigger()
    {
        var rig = new PimRig();
        // MOV x8 (JUMP 0,7), then EXIT: the 9th trigger finds the unit exited
        rig.Program([new I(PimOpcode.MOV, O.GRF_A, O.EVEN_BANK, Aam: true), new I(PimOpcode.JUMP, JumpTarget: 0, JumpCount: 7), new I(PimOpcode.EXIT)]);
        rig.Open(3);
        var r = new Random(1);
        var data = Enumerable.Range(0, 8).Select(_ => PimRig.RandomLanes(r)).ToArray();
        for (int c = 0; c < 8; c++) rig.SetBank(0, 3, c, data[c]);
        for (int c = 0; c < 8; c++) { Assert.False(rig.Dev.Unit(0, 0).Exited); rig.Rd(3, c); }
        Assert.True(rig.Dev.Unit(0, 0).Exited);
        for (int c = 0; c < 8; c++) Assert.Equal(data[c], rig.Dev.Unit(0, 0).GrfA.AsSpan(c * 16, 16).ToArray());
        rig.Rd(3, 9);
        Assert.Equal(1, rig.Dev.Unit(0, 0).IdleTriggers);
        Assert.Equal(8, rig.Dev.Unit(0, 0).Executed);
    }

    [Fact]
    public void NestedJumpsRunTheInnerLoopEveryOuterIteration()
    {
        var rig = new PimRig();
        var prog = new[]
        {
            new I(PimOpcode.NOP), new I(PimOpcode.JUMP, JumpTarget: 0, JumpCount: 2), // inner: 3 NOPs
            new I(PimOpcode.NOP), new I(PimOpcode.JUMP, JumpTarget: 0, JumpCount: 4), // outer: 5 times (3 + 1) = 20
            new I(PimOpcode.EXIT),
        };
        rig.Program(prog);
        rig.Open(1);
        for (int i = 0; i < 20; i++) rig.Rd(1, i % 32);
        Assert.True(rig.Dev.Unit(0, 0).Exited);
        Assert.Equal(20, rig.Dev.Unit(0, 0).Executed);
    }
}

public class HbmPimModeTests
{
    [Fact]
    public void SbToAbToAbPimAndBack()
    {
        var rig = new PimRig();
        Assert.Equal(PimMode.SB, rig.Dev.Mode(0));
        rig.Host.EnterAb(0);
        Assert.Equal(PimMode.AB, rig.Dev.Mode(0));
        rig.Host.OpenConf(0);
        rig.Host.WriteCrf(0, [new I(PimOpcode.EXIT)]);
        rig.Host.EnterPim(0);
        Assert.Equal(PimMode.ABPIM, rig.Dev.Mode(0));
        rig.Host.WriteRegister(0, PimMap.ModeColumn, new byte[32]); // PIM_OP_MODE = 0
        Assert.Equal(PimMode.AB, rig.Dev.Mode(0));
        rig.E.PrechargeAll(0);
        rig.Host.ExitAb(0);
        Assert.Equal(PimMode.SB, rig.Dev.Mode(0));
        Assert.Equal(0, rig.Checker.ViolationCount);
    }

    private static PimRig InAb() { var r = new PimRig(); r.Host.EnterAb(0); return r; }

    [Fact]
    public void SbToAb()
    {
        var rig = new PimRig();
        rig.Host.EnterAb(0);
        Assert.Equal(PimMode.AB, rig.Dev.Mode(0));
    }

    [Fact]
    public void AbToAbPim()
    {
        var rig = InAb();
        rig.Host.OpenConf(0);
        rig.Host.WriteCrf(0, [new I(PimOpcode.EXIT)]);
        rig.Host.EnterPim(0);
        Assert.Equal(PimMode.ABPIM, rig.Dev.Mode(0));
    }

    [Fact]
    public void AbPimToAb()
    {
        var rig = InAb();
        rig.Host.OpenConf(0);
        rig.Host.WriteCrf(0, [new I(PimOpcode.EXIT)]);
        rig.Host.EnterPim(0);
        rig.Host.WriteRegister(0, PimMap.ModeColumn, new byte[32]);
        Assert.Equal(PimMode.AB, rig.Dev.Mode(0));
    }

    [Fact]
    public void AbToSb()
    {
        var rig = InAb();
        rig.Host.ExitAb(0);
        Assert.Equal(PimMode.SB, rig.Dev.Mode(0));
        Assert.Equal(0, rig.Checker.ViolationCount);
    }

    [Fact]
    public void InvalidTransitionsAreRefused()
    {
        var rig = new PimRig();
        int conf = PimMap.ConfRow(rig.Cfg.Org.Rows);
        rig.E.Issue(0, Command.ACT, 0, PimMap.SbmrRow(rig.Cfg.Org.Rows), 0);
        Assert.Contains("write to SBMR", Assert.Throws<PimProtocolException>(() => rig.E.Issue(0, Command.WR, 0, PimMap.SbmrRow(rig.Cfg.Org.Rows), 0, new byte[32])).Message);
        var ab = InAb();
        ab.Host.OpenConf(0);
        Assert.Contains("write to ABMR", Assert.Throws<PimProtocolException>(() => ab.E.Issue(0, Command.WR, 0, PimMap.AbmrRow(ab.Cfg.Org.Rows), 0, new byte[32])).Message);
        Assert.Contains("leaving AB-PIM in AB mode", Assert.Throws<PimProtocolException>(() => ab.Host.WriteRegister(0, PimMap.ModeColumn, new byte[32])).Message);
        _ = conf;
    }

    [Fact]
    public void AbModeWritesReachEveryBank()
    {
        var rig = new PimRig();
        rig.Host.EnterAb(0);
        rig.Open(7);
        var data = rig.Burst(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        rig.E.Issue(0, Command.WR, 0, 7, 2, data);
        for (int b = 0; b < rig.Cfg.Org.BanksPerPseudoChannel; b++) Assert.Equal(data, rig.Dev.Store.Peek(0, b, 7, 2, 32).ToArray());
    }

    [Fact]
    public void RegisterWritesBroadcastToEveryUnit()
    {
        var rig = new PimRig();
        var lanes = Enumerable.Range(0, 16).Select(i => (ushort)(i + 1)).ToArray();
        rig.Host.EnterAb(0);
        rig.Host.OpenConf(0);
        rig.Host.WriteGrf(0, true, 5, lanes);
        for (int u = 0; u < rig.Units; u++) Assert.Equal(lanes, rig.Dev.Unit(0, u).GrfB.AsSpan(80, 16).ToArray());
    }
}

public class HbmPimMisuseTests
{
    private static string Fails(Action a) => Assert.Throws<PimProtocolException>(a).Message;

    [Fact]
    public void PimOperationInSbModeIsRefused()
    {
        var rig = new PimRig();
        rig.E.Issue(0, Command.ACT, 0, 5, 0);
        Assert.Contains("PIM operation in SB mode", Fails(() => rig.E.Issue(0, Command.PIMRD, 0, 5, 0)));
    }

    [Fact]
    public void PimOperationInAbModeIsRefused()
    {
        var rig = new PimRig();
        rig.Host.EnterAb(0);
        rig.Open(5);
        Assert.Contains("PIM operation in AB mode", Fails(() => rig.E.Issue(0, Command.PIMRD, 0, 5, 0)));
    }

    [Fact]
    public void AllBankActivateInSbModeIsRefused() =>
        Assert.Contains("needs AB or AB-PIM mode", Fails(() => new PimRig().E.Issue(0, Command.ACTab, 0, 5, 0)));

    [Fact]
    public void CrfOverflowIsRefused()
    {
        var rig = new PimRig();
        var tooLong = Enumerable.Repeat(new I(PimOpcode.NOP), 33).Append(new I(PimOpcode.EXIT)).ToArray();
        Assert.Contains("CRF overflow", Fails(() => I.Validate(tooLong, 32)));
        rig.Host.EnterAb(0);
        rig.Host.OpenConf(0);
        Assert.Contains("CRF overflow", Fails(() => rig.Host.WriteRegister(0, PimMap.CrfColumn + 4, new byte[32])));
        var small = HwModel.Config.Presets.Get("hbm2-2000-pim");
        small.Pim.CrfEntries = 8;
        var e = new PimEngine(small, true);
        var h = new HwModel.Pim.HbmPim.HbmPimHost(e);
        h.EnterAb(0);
        h.OpenConf(0);
        Assert.Contains("CRF overflow", Fails(() => h.WriteCrf(0, tooLong[..10])));
    }

    [Fact]
    public void JumpPastExitIsRefused()
    {
        var rig = new PimRig();
        var bad = new[] { new I(PimOpcode.NOP), new I(PimOpcode.EXIT), new I(PimOpcode.JUMP, JumpTarget: 0, JumpCount: 3) };
        Assert.Contains("JUMP past EXIT", Fails(() => rig.Program(bad)));
        Assert.Contains("must be before the JUMP", Fails(() => I.Validate([new I(PimOpcode.JUMP, JumpTarget: 0, JumpCount: 1), new I(PimOpcode.EXIT)], 32)));
        Assert.Contains("no EXIT", Fails(() => I.Validate([new I(PimOpcode.NOP)], 32)));
    }

    [Fact]
    public void RegisterWriteOutsideAbModeIsRefused()
    {
        var rig = new PimRig();
        int conf = PimMap.ConfRow(rig.Cfg.Org.Rows);
        rig.E.Issue(0, Command.ACT, 0, conf, 0);
        Assert.Contains("register write outside AB mode (mode is SB)", Fails(() => rig.E.Issue(0, Command.WR, 0, conf, PimMap.GrfAColumn, new byte[32])));
        var rig2 = new PimRig();
        rig2.Program([new I(PimOpcode.EXIT)]);
        rig2.Host.OpenConf(0);
        Assert.Contains("register write outside AB mode (mode is ABPIM)", Fails(() => rig2.Host.WriteRegister(0, PimMap.GrfAColumn, new byte[32])));
    }

    [Fact]
    public void BankWriteTriggeredByAReadIsRefused()
    {
        var rig = new PimRig();
        rig.Program([new I(PimOpcode.FILL, O.EVEN_BANK, O.GRF_A), new I(PimOpcode.EXIT)]);
        rig.Open(2);
        Assert.Contains("triggered by a PIMRD", Fails(() => rig.Rd(2, 0)));
    }

    [Fact]
    public void PlainColumnCommandInAbPimModeIsRefused()
    {
        var rig = new PimRig();
        rig.Program([new I(PimOpcode.EXIT)]);
        rig.Open(2);
        Assert.Contains("plain RD in AB-PIM mode", Fails(() => rig.E.Issue(0, Command.RD, 0, 2, 0, default, new byte[32])));
    }
}
