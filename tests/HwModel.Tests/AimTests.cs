using System.Runtime.InteropServices;
using HwModel.Config;
using HwModel.Pim;
using HwModel.Pim.Aim;
using HwModel.Pim.Numerics;
using HwModel.Spec;
using Xunit;

namespace HwModel.Tests;

/// <summary>One test per AiM command, against values computed here from the documented semantics.</summary>
public class AimTests
{
    private readonly MemoryConfig _c = Presets.Get("hbm3-6400-aim");
    private readonly PimEngine _e;
    private readonly HwModel.Checker.TimingChecker _chk;

    public AimTests()
    {
        _e = new PimEngine(_c, functional: true);
        _chk = new HwModel.Checker.TimingChecker(_c, _e.Table);
        _e.Observer = _chk;
    }

    private static ushort[] Lanes(Random r) => Enumerable.Range(0, 16).Select(_ => Bf16.From(r.NextDouble() * 4 - 2)).ToArray();
    private void SetBank(int bank, int row, int col, ushort[] v) => MemoryMarshal.Cast<ushort, byte>(v).CopyTo(_e.Device!.Store.Burst(0, bank, row, col, 32));
    private ushort[] Bank(int bank, int row, int col) => MemoryMarshal.Cast<byte, ushort>(_e.Device!.Store.Peek(0, bank, row, col, 32)).ToArray();
    private static byte[] Bytes(ushort[] v) => MemoryMarshal.AsBytes(v.AsSpan()).ToArray();

    private static ushort Mac16Reference(ushort[] w, ushort[] x, ushort acc)
    {
        var p = Enumerable.Range(0, 16).Select(i => Bf16.Mul(w[i], x[i])).ToArray();
        // ((p0+p1)+(p2+p3)) + ((p4+p5)+(p6+p7)) + ...
        for (int width = 16; width > 1; width /= 2) p = Enumerable.Range(0, width / 2).Select(i => Bf16.Add(p[2 * i], p[2 * i + 1])).ToArray();
        return Bf16.Add(acc, p[0]);
    }

    [Fact]
    public void Mac16MultipliesEveryBankByTheGlobalBufferAndAccumulates()
    {
        var r = new Random(3);
        var x = Lanes(r);
        var w = Enumerable.Range(0, 16).Select(_ => Lanes(r)).ToArray();
        var w2 = Enumerable.Range(0, 16).Select(_ => Lanes(r)).ToArray();
        for (int b = 0; b < 16; b++) { SetBank(16 + b, 4, 5, w[b]); SetBank(16 + b, 4, 6, w2[b]); } // stack ID 1
        // row 4 is even: column c meets buffer burst c
        _e.Issue(0, Command.WRGB, 0, 0, 5, Bytes(x));
        _e.Issue(0, Command.WRGB, 0, 0, 6, Bytes(x));
        _e.Issue(0, Command.ACT16, 16, 4, 0);
        _e.Issue(0, Command.MAC16, 16, 4, 5);
        _e.Issue(0, Command.MAC16, 16, 4, 6);
        for (int b = 0; b < 16; b++)
            Assert.Equal(Mac16Reference(w2[b], x, Mac16Reference(w[b], x, 0)), _e.Device!.Accumulator(0, 16 + b));
        Assert.Equal(0, _e.Device!.Accumulator(0, 0)); // stack ID 0 untouched
        Assert.Equal(0, _chk.ViolationCount);
    }

    [Fact]
    public void Rdmac16ReadsAndClearsTheAccumulators()
    {
        var r = new Random(4);
        var x = Lanes(r);
        for (int b = 0; b < 16; b++) SetBank(b, 2, 0, Lanes(r));
        _e.Issue(0, Command.WRGB, 0, 0, 0, Bytes(x));
        _e.Issue(0, Command.ACT16, 0, 2, 0);
        _e.Issue(0, Command.MAC16, 0, 2, 0);
        var expected = Enumerable.Range(0, 16).Select(b => _e.Device!.Accumulator(0, b)).ToArray();
        var rd = new byte[32];
        _e.Issue(0, Command.RDMAC16, 0, 0, 0, default, rd);
        Assert.Equal(expected, MemoryMarshal.Cast<byte, ushort>(rd).ToArray());
        Assert.All(Enumerable.Range(0, 16), b => Assert.Equal(0, _e.Device!.Accumulator(0, b)));
    }

    [Fact]
    public void Ewmul16MultipliesInPlace()
    {
        var r = new Random(5);
        var x = Lanes(r);
        var w = Enumerable.Range(0, 16).Select(_ => Lanes(r)).ToArray();
        for (int b = 0; b < 16; b++) SetBank(b, 3, 7, w[b]);
        // row 3 is odd: column 7 meets buffer burst 7 + 32
        _e.Issue(0, Command.WRGB, 0, 0, 39, Bytes(x));
        _e.Issue(0, Command.ACT16, 0, 3, 0);
        _e.Issue(0, Command.EWMUL16, 0, 3, 7);
        for (int b = 0; b < 16; b++) Assert.Equal(w[b].Select((v, i) => Bf16.Mul(v, x[i])).ToArray(), Bank(b, 3, 7));
    }

    [Theory]
    [InlineData(AimFunctions.Kind.ReLU)]
    [InlineData(AimFunctions.Kind.GELU)]
    [InlineData(AimFunctions.Kind.Sigmoid)]
    [InlineData(AimFunctions.Kind.Tanh)]
    public void Af16AppliesTheLookupTable(AimFunctions.Kind kind)
    {
        var r = new Random((int)kind);
        var x = Lanes(r);
        for (int b = 0; b < 16; b++) SetBank(b, 2, 0, Enumerable.Repeat(Bf16.From(1.0), 16).ToArray());
        _e.Issue(0, Command.WRGB, 0, 0, 0, Bytes(x));
        _e.Issue(0, Command.ACT16, 0, 2, 0);
        _e.Issue(0, Command.MAC16, 0, 2, 0);
        var before = Enumerable.Range(0, 16).Select(b => _e.Device!.Accumulator(0, b)).ToArray();
        _e.Issue(0, Command.AF16, 0, 0, (int)kind);
        Func<double, double> f = kind switch
        {
            AimFunctions.Kind.ReLU => v => Math.Max(v, 0),
            AimFunctions.Kind.Sigmoid => v => 1 / (1 + Math.Exp(-v)),
            AimFunctions.Kind.Tanh => Math.Tanh,
            _ => v => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))),
        };
        for (int b = 0; b < 16; b++)
        {
            double got = Bf16.ToDouble(_e.Device!.Accumulator(0, b)), want = f(Bf16.ToDouble(before[b]));
            Assert.True(Math.Abs(got - want) <= Math.Abs(want) / 128 + 1e-3, $"{kind}({Bf16.ToDouble(before[b])}) = {got}, expected about {want}");
        }
        Assert.Equal(Bf16.From(0.0), AimFunctions.Apply(AimFunctions.Kind.ReLU, Bf16.From(-3.0)));
    }

    [Fact]
    public void Act4OpensOneBankGroupAndAct16AStackId()
    {
        _e.Issue(0, Command.ACT4, 4, 9, 0); // bank group 1 of stack ID 0
        SetBank(5, 9, 0, Enumerable.Repeat((ushort)0x3F80, 16).ToArray());
        var rd = new byte[32];
        _e.Issue(0, Command.RD, 5, 9, 0, default, rd);
        Assert.Equal((ushort)0x3F80, MemoryMarshal.Cast<byte, ushort>(rd)[0]);
        Assert.Throws<PimProtocolException>(() => _e.Issue(0, Command.RD, 8, 9, 0, default, rd)); // bank 8 is closed
        Assert.Equal(0, _chk.ViolationCount - _chk.Violations.Count(v => v.Rule.StartsWith("state.")));
    }

    [Fact]
    public void GlobalBufferOverflowAndWrongArchitectureAreRefused()
    {
        Assert.Contains("beyond the buffer", Assert.Throws<PimProtocolException>(() => _e.Issue(0, Command.WRGB, 0, 0, 64, new byte[32])).Message);
        var hbmPim = new PimEngine(Presets.Get("hbm2-2000-pim"), functional: true);
        Assert.Contains("is an AiM command", Assert.Throws<PimProtocolException>(() => hbmPim.Issue(0, Command.WRGB, 0, 0, 0, new byte[32])).Message);
    }

    [Fact]
    public void Mac16BeforeItsActivateIsFlaggedByTheChecker()
    {
        var c = Presets.Get("hbm3-6400-aim");
        var chk = new HwModel.Checker.TimingChecker(c);
        chk.OnCommand(new HwModel.Engine.CommandRecord(100, Command.ACT16, 0, 0, 0, 0, 0, 4, 0));
        chk.OnCommand(new HwModel.Engine.CommandRecord(101, Command.MAC16, 0, 0, 0, 0, 0, 4, 0));
        Assert.Contains(chk.Violations, v => v.Rule == "tRCDMAC");
    }
}
