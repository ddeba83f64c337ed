using System.Diagnostics;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using HwModel.Bridge;
using HwModel.Bridge.Wire;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Pim;
using HwModel.Spec;
using Xunit;
using Xunit.Abstractions;

namespace HwModel.Tests;

/// <summary>Builds the RTL server once for the co-simulation tests (they share one collection, so they run in turn).</summary>
public sealed class RtlFixture
{
    public RtlFixture() => RtlBuild.EnsureBuilt(TextWriter.Null);
}

[CollectionDefinition("rtl")]
public sealed class RtlCollection : ICollectionFixture<RtlFixture>;

/// <summary>Co-simulation against the real Verilated RTL server.</summary>
[Collection("rtl")]
public class CosimTests(ITestOutputHelper output)
{
    private static WireCommand W(long cycle, Command c, int bank = 0, int row = 0, int col = 0, int pc = 0, bool half = false) =>
        new(cycle, WireCommand.Pack(c, bank, col, half, pc), (uint)row);

    /// <summary>Sends commands in CHECK mode and returns the violations (rule, command index, cycle).</summary>
    private static List<Violation> Check(RtlServer s, MemoryConfig c, IEnumerable<WireCommand> cmds)
    {
        s.Configure(c);
        var found = new List<Violation>();
        using var session = new RtlSession(s, Mode.Check, 64, 2) { OnResult = (r, _) => found.AddRange(r.Violations) };
        foreach (var w in cmds) session.Add(w, new byte[32]);
        session.Flush();
        return found;
    }

    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property ModelSchedulesPassTheRtlAndItsDataMatches(Scenario s)
    {
        // the controller's schedules for generated traffic: RTL read data equal the reference, no rule flagged
        // presets whose bursts are not the RTL's 256 bits (legacy 128-bit channels) run as hbm2-2000
        bool fits = Presets.Get(s.Preset).Org.AccessBytes == 32;
        var sc = s with { Preset = fits ? s.Preset : "hbm2-2000", Ops = s.Ops.Take(120).ToArray() };
        var cfg = sc.Config();
        using var server = RtlServer.Start();
        server.Configure(cfg);
        using var session = new RtlSession(server, Mode.Check, 256, 4);
        var chk = new CosimChecker(session, cfg, (int)server.StoredRows(cfg));
        var sys = new MemorySystem(cfg) { Observer = chk };
        long cycle = 0;
        foreach (var op in sc.Ops) { cycle += op.Gap; sys.Submit(op.Address, op.Write, op.Size, cycle); }
        sys.RunToCompletion();
        chk.Finish();
        return (chk.MismatchCount == 0 && chk.ViolationCount == 0).ToProperty()
            .Label($"{chk.MismatchCount} mismatches, {chk.ViolationCount} violations: {string.Join("; ", chk.Mismatches.Take(2).Select(m => m.ToString()).Concat(chk.Violations.Take(3).Select(v => v.ToString())))}");
    }

    public sealed record RuleCase(string Preset, int Rule);

    /// <summary>Every registered preset the RTL slice can hold (256-bit bursts).</summary>
    public static readonly string[] RtlPresets = [.. Presets.Names.Where(n => Presets.Get(n).Org.AccessBytes == 32)];
    public static Arbitrary<RuleCase> Rules() => Arb.From(
        from p in Gen.Elements(RtlPresets)
        from r in Gen.Choose(0, TimingTable.For(Presets.Get(p)).Constraints.Count - 1)
        select new RuleCase(p, r));

    [HwProperty(Arbitrary = [typeof(CosimTests)])]
    public Property IllegalSequencesAreFlaggedWithThatRuleAndCycle(RuleCase rc)
    {
        var cfg = Presets.Get(rc.Preset);
        var row = TimingTable.For(cfg).Constraints[rc.Rule];
        var o = cfg.Org;
        // the preceding command (Window times, on distinct bank groups), then the following one a cycle too early
        const long t0 = 1000;
        var cmds = new List<WireCommand>();
        for (int i = 0; i < row.Window; i++)
        {
            int b = row.Window > 1 ? (i % o.BankGroups) * o.BanksPerGroup + 1 : 0;
            cmds.Add(W(t0, row.Preceding[0], b, 5, 0, 0, half: i % 2 == 1));
        }
        int bank = row.Scope switch
        {
            Scope.Bank => 0,
            Scope.BankGroup => o.BanksPerGroup > 1 ? 1 : 0,
            Scope.StackId or Scope.PseudoChannel => row.Window > 1 ? o.BanksPerStackId - 1 : o.BankGroups > 1 ? o.BanksPerGroup : 0,
            _ => 0,
        };
        if (row.Sibling) bank = o.BanksPerStackId; // another stack ID
        long early = t0 + row.LatencyCycles - 1;
        cmds.Add(W(early, row.Following[0], bank, 5, 0));
        using var server = RtlServer.Start();
        var v = Check(server, cfg, cmds);
        long idx = cmds.Count - 1;
        bool flagged = v.Any(x => x.Rule == rc.Rule && (long)x.CommandIndex == idx && (long)x.Cycle == early);
        return flagged.ToProperty().Label($"{row} broken at cycle {early}: RTL flagged {string.Join(", ", v.Select(x => $"rule {x.Rule} @#{x.CommandIndex}/{x.Cycle}"))}");
    }

    [Fact]
    public void PimKernelsMatchTheReferenceThroughTheRtl()
    {
        foreach (var (kernel, m, n, e) in new[] { ("gemv", 200, 300, 0L), ("add", 0, 0, 5000L), ("relu", 0, 0, 9000L) })
        {
            var r = CosimRunner.RunPim(Presets.Get("hbm2-2000-pim"), kernel, m, n, e, new CosimOptions());
            output.WriteLine($"{kernel}: {r.Commands} commands, {r.ReadsCompared} reads compared, {r.Mismatches} mismatches, {r.Violations} violations");
            Assert.True(r.Clean, string.Join("; ", r.FirstMismatches.Concat(r.FirstViolations)));
            Assert.True(r.ReadsCompared > 0);
            Assert.Equal(true, r.PimVerified);
        }
    }

    [Fact]
    public void DutModeRunsTheKernelOnTheRtlWithTheModelsCycles()
    {
        var cfg = Presets.Get("hbm2-2000-pim");
        var r = CosimRunner.RunPim(cfg, "gemv", 256, 256, 0, new CosimOptions { Mode = "dut", DutPseudoChannels = [0, 5] });
        long modelOnly = Pim.Runtime.PimRunner.Gemv(cfg, 256, 256, new Pim.Runtime.PimRunner.Options(Verify: false)).PimCycles;
        output.WriteLine($"DUT: {r.ModelCycles} cycles (RTL pseudo-channels to {r.RtlCycles}); model alone {modelOnly}");
        Assert.True(r.Clean, string.Join("; ", r.FirstViolations));
        Assert.Equal(true, r.PimVerified);
        Assert.InRange(r.ModelCycles, modelOnly * 0.98, modelOnly * 1.02);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("mul")]
    [InlineData("relu")]
    public void DutModeElementwiseResultsComputedByTheRtlEqualTheReference(string kernel)
    {
        // the RTL's pseudo-channels keep their results in the RTL's banks: they are read back over the wire
        var cfg = Presets.Get("hbm2-2000-pim");
        var r = CosimRunner.RunPim(cfg, kernel, 0, 0, 8192,
            new CosimOptions { Mode = "dut", DutPseudoChannels = [0, 3] });
        Assert.True(r.Clean, string.Join("; ", r.FirstViolations.Concat(r.FirstMismatches)));
        Assert.Equal(true, r.PimVerified);
    }

    private static CommandRecord Rec(long cycle, Command c, int bank, int row, int col, int channel = 1, int pc = 1) =>
        new(cycle, c, channel, pc, 0, bank / 4, bank, row, col);

    [Fact]
    public void TheScoreboardFlagsReadDataThatDiffersFromTheModel()
    {
        // real data path: the RTL returns what was written (A); the model claims it read B: one mismatch, on the RD
        var cfg = Presets.Get("hbm2-2000");
        using var server = RtlServer.Start();
        server.Configure(cfg);
        using var session = new RtlSession(server, Mode.Check, 64, 2);
        var chk = new CosimChecker(session, cfg, (int)server.StoredRows(cfg));
        byte[] a = [.. Enumerable.Range(0, 32).Select(i => (byte)(i + 1))], b = [.. a];
        b[17] ^= 0x40;
        chk.OnCommandData(Rec(0, Command.ACT, 5, 77, 0), default, default);
        chk.OnCommandData(Rec(100, Command.WR, 5, 77, 9), a, default);
        chk.OnCommandData(Rec(200, Command.RD, 5, 77, 9), default, a);
        chk.OnCommandData(Rec(300, Command.RD, 5, 77, 9), default, b);
        chk.Finish();
        Assert.Equal(0, chk.ViolationCount);
        Assert.Equal(1, chk.MismatchCount);
        Assert.Equal(3, chk.Mismatches[0].CommandIndex);
        Assert.Contains("RD", chk.Mismatches[0].Command);
    }

    [Fact]
    public void TheShadowMemoryExpectsTheLastSyntheticWriteAndZerosWhereNothingWasWritten()
    {
        // traffic without data: the checker synthesises write data and expects the last write back; rows that alias
        // in the RTL's reduced array (row modulo the stored rows) share a location
        var cfg = Presets.Get("hbm2-2000");
        using var server = RtlServer.Start();
        server.Configure(cfg);
        int stored = (int)server.StoredRows(cfg);
        using var session = new RtlSession(server, Mode.Check, 64, 2);
        var chk = new CosimChecker(session, cfg, stored);
        chk.OnCommand(Rec(0, Command.ACT, 3, 10, 0));
        chk.OnCommand(Rec(100, Command.WR, 3, 10, 4));
        chk.OnCommand(Rec(200, Command.WR, 3, 10, 4));
        chk.OnCommand(Rec(300, Command.RD, 3, 10, 4));
        chk.OnCommand(Rec(400, Command.RD, 3, 10, 5));
        chk.OnCommand(Rec(500, Command.PRE, 3, 0, 0));
        chk.OnCommand(Rec(600, Command.ACT, 3, 10 + stored, 0));
        chk.OnCommand(Rec(700, Command.RD, 3, 10 + stored, 4));
        chk.OnCommand(Rec(800, Command.WR, 3, 10 + stored, 4));
        chk.OnCommand(Rec(900, Command.RD, 3, 10 + stored, 4));
        chk.Finish();
        Assert.Equal(4, chk.ReadsCompared);
        Assert.True(chk.MismatchCount == 0 && chk.ViolationCount == 0,
            string.Join("; ", chk.Mismatches.Select(m => m.ToString()).Concat(chk.Violations.Select(v => v.ToString()))));
    }

    [Fact]
    public void TheShadowMemoryCatchesDataItDidNotWrite()
    {
        // a burst written behind the shadow's back (real data, which the shadow does not track): the next synthetic
        // read of that location expects zeros, the RTL returns the burst: one mismatch, on that read
        var cfg = Presets.Get("hbm2-2000");
        using var server = RtlServer.Start();
        server.Configure(cfg);
        using var session = new RtlSession(server, Mode.Check, 64, 2);
        var chk = new CosimChecker(session, cfg, (int)server.StoredRows(cfg));
        chk.OnCommand(Rec(0, Command.ACT, 2, 40, 0));
        chk.OnCommand(Rec(100, Command.WR, 2, 40, 7)); // synthetic: tracked
        chk.OnCommandData(Rec(200, Command.WR, 2, 40, 8), [.. Enumerable.Repeat((byte)0x5A, 32)], default);
        chk.OnCommand(Rec(300, Command.RD, 2, 40, 7));
        chk.OnCommand(Rec(400, Command.RD, 2, 40, 8));
        chk.Finish();
        Assert.Equal(2, chk.ReadsCompared);
        Assert.Equal(1, chk.MismatchCount);
        Assert.Equal(4, chk.Mismatches[0].CommandIndex);
        Assert.StartsWith("5A5A", chk.Mismatches[0].Actual);
    }

    [Fact]
    public void AKilledServerIsReportedWithinFiveSecondsNamingTheLastAcknowledgedCommand()
    {
        var cfg = Presets.Get("hbm2-2000");
        using var server = RtlServer.Start();
        server.Configure(cfg);
        using var session = new RtlSession(server, Mode.Check, 16, 1);
        for (int i = 0; i < 16; i++) session.Add(W(100 + 50 * i, Command.REFab), default);
        session.Flush();
        Assert.Equal(16, session.Acknowledged);
        server.Kill();
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<RtlException>(() => { for (int i = 0; i < 1000; i++) session.Add(W(10_000 + 50 * i, Command.REFab), default); session.Flush(); });
        output.WriteLine($"{sw.Elapsed.TotalSeconds:F2} s: {e.Message}");
        Assert.True(sw.Elapsed.TotalSeconds < 5, $"took {sw.Elapsed.TotalSeconds:F1} s");
        Assert.Contains("died", e.Message);
        Assert.Contains("#15", e.Message);
    }

    [Fact]
    public void ACommandForAPseudoChannelBeyondTheConfigurationIsRefusedNotAllocated()
    {
        // found by the rtl-wire fuzzer: the server built a 17 MB model for any pseudo-channel a batch named
        var cfg = Presets.Get("hbm2-2000");
        using var server = RtlServer.Start();
        server.Configure(cfg);
        using var session = new RtlSession(server, Mode.Check, 16, 1);
        var e = Assert.Throws<RtlException>(() =>
        {
            session.Add(W(100, Command.REFab, pc: cfg.Org.PseudoChannelsTotal + 3), default);
            session.Flush();
        });
        Assert.Contains($"pseudo-channel {cfg.Org.PseudoChannelsTotal + 3} is beyond the configuration's", e.Message);
    }

    [Fact]
    public void AHungServerGivesADeadlineError()
    {
        var cfg = Presets.Get("hbm2-2000");
        using var server = RtlServer.Start(new RtlServerOptions { DebugHangAfter = 40, BatchTimeout = TimeSpan.FromSeconds(1) });
        server.Configure(cfg);
        using var session = new RtlSession(server, Mode.Check, 16, 1);
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<RtlException>(() => { for (int i = 0; i < 200; i++) session.Add(W(100 + 50 * i, Command.REFab), default); session.Flush(); });
        output.WriteLine($"{sw.Elapsed.TotalSeconds:F2} s: {e.Message}");
        Assert.Contains("hung", e.Message);
        Assert.Contains("deadline", e.Message);
        Assert.True(sw.Elapsed.TotalSeconds < 10);
    }

    [Fact]
    public void AProtocolVersionMismatchIsRefused()
    {
        var e = Assert.Throws<RtlException>(() => RtlServer.Start(new RtlServerOptions { ProtocolVersion = 99 }));
        Assert.Contains("refused", e.Message);
        Assert.Contains("protocol version mismatch: client speaks 99", e.Message);
    }

    [Fact]
    public void TheServerRefusesNonLoopbackAddresses()
    {
        var p = Process.Start(new ProcessStartInfo(RtlBuild.ServerPath, "--listen 10.1.2.3:5000") { RedirectStandardError = true })!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("refusing to listen", err);
    }

    [Fact]
    public void UnixSocketTransportWorks()
    {
        using var server = RtlServer.Start(new RtlServerOptions { UnixSocket = true });
        Assert.StartsWith("unix:", server.Address);
        var v = Check(server, Presets.Get("hbm2-2000"), [W(10, Command.ACT, 0, 1), W(11, Command.RD, 0, 1)]);
        Assert.Contains(v, x => x.Rule == TimingTable.For(Presets.Get("hbm2-2000")).Constraints.ToList().FindIndex(r => r.Name == "tRCDRD"));
    }

    // ---- the HBM-PIM mode machine, as an FsCheck state machine against the RTL ----

    public sealed class RtlPim(RtlServer server, RtlSession session)
    {
        public RtlServer Server = server;
        public RtlSession Session = session;
        public long Cycle = 1000;
        public readonly List<Violation> Found = [];
        public int Rows => 32768;

        /// <summary>Opens a row the way the current mode allows, writes one burst, closes; returns whether the RTL
        /// flagged a PIM protocol error on the write.</summary>
        public bool Write(PimMode mode, int row, int col, byte first)
        {
            var data = new byte[32]; data[0] = first;
            long before = Session.Sent;
            Found.Clear();
            if (mode == PimMode.SB) Session.Add(W(Cycle += 100, Command.ACT, 0, row), default);
            else Session.Add(W(Cycle += 100, Command.ACTab, 0, row), default);
            long wr = Session.Sent;
            Session.Add(W(Cycle += 100, Command.WR, 0, row, col), data);
            Session.Add(mode == PimMode.SB ? W(Cycle += 100, Command.PRE, 0, row) : W(Cycle += 100, Command.PREA), default);
            Session.Flush();
            return Found.Any(v => v.Rule == 126 && (long)v.CommandIndex == wr);
        }

        public bool PimRead(PimMode mode)
        {
            Found.Clear();
            Session.Add(mode == PimMode.SB ? W(Cycle += 100, Command.ACT, 0, 7) : W(Cycle += 100, Command.ACTab, 0, 7), default);
            long rd = Session.Sent;
            Session.Add(W(Cycle += 100, Command.PIMRD, 0, 7, 3), default);
            Session.Add(mode == PimMode.SB ? W(Cycle += 100, Command.PRE, 0, 7) : W(Cycle += 100, Command.PREA), default);
            Session.Flush();
            return Found.Any(v => v.Rule == 126 && (long)v.CommandIndex == rd);
        }
    }

    private sealed class ModeOp(string name, Func<PimMode, bool> legal, Func<PimMode, PimMode> next, Func<RtlPim, PimMode, bool> run)
        : Operation<RtlPim, PimMode>
    {
        private bool _flagged;
        private PimMode _before;
        // FsCheck runs Run on the model first and then Check with the model after it: remember the state before
        public override PimMode Run(PimMode m) { _before = m; return legal(m) ? next(m) : m; }
        public override Property Check(RtlPim actual, PimMode after)
        {
            var before = _before;
            _flagged = run(actual, before);
            bool expectError = !legal(before);
            return (_flagged == expectError).ToProperty().Label($"{name} in {before}: RTL {(_flagged ? "flagged" : "accepted")} it, the model says {(expectError ? "error" : "legal")}");
        }
        public override string ToString() => name;
    }

    private sealed class PimModeMachine : Machine<RtlPim, PimMode>
    {
        public override Arbitrary<Setup<RtlPim, PimMode>> Setup => Arb.From(Gen.Constant<Setup<RtlPim, PimMode>>(new PimSetup()));

        public override Gen<Operation<RtlPim, PimMode>> Next(PimMode m)
        {
            int rows = 32768;
            return Gen.Elements<Operation<RtlPim, PimMode>>(
                new ModeOp("write ABMR", x => x == PimMode.SB, _ => PimMode.AB, (a, x) => a.Write(x, PimMap.AbmrRow(rows), 0, 0)),
                new ModeOp("write SBMR", x => x == PimMode.AB, _ => PimMode.SB, (a, x) => a.Write(x, PimMap.SbmrRow(rows), 0, 0)),
                new ModeOp("PIM_OP_MODE = 1", x => x == PimMode.AB, _ => PimMode.ABPIM, (a, x) => a.Write(x, PimMap.ConfRow(rows), 0, 1)),
                new ModeOp("PIM_OP_MODE = 0", x => x == PimMode.ABPIM, _ => PimMode.AB, (a, x) => a.Write(x, PimMap.ConfRow(rows), 0, 0)),
                new ModeOp("write GRF_A[0]", x => x == PimMode.AB, x => x, (a, x) => a.Write(x, PimMap.ConfRow(rows), PimMap.GrfAColumn, 0)),
                new ModeOp("PIMRD", x => x == PimMode.ABPIM, x => x, (a, x) => a.PimRead(x)));
        }
    }

    private sealed class PimSetup : Setup<RtlPim, PimMode>
    {
        public override RtlPim Actual()
        {
            var server = RtlServer.Start();
            server.Configure(Presets.Get("hbm2-2000-pim"));
            var session = new RtlSession(server, Mode.Check, 8, 1);
            var a = new RtlPim(server, session);
            session.OnResult = (r, _) => a.Found.AddRange(r.Violations);
            // load a program (just EXIT) so that entering AB-PIM is legal, then return to SB mode
            a.Write(PimMode.SB, PimMap.AbmrRow(a.Rows), 0, 0);
            var exit = new byte[32];
            BitConverter.TryWriteBytes(exit, new HwModel.Pim.HbmPim.PimInstruction(HwModel.Pim.HbmPim.PimOpcode.EXIT).Encode());
            a.Session.Add(W(a.Cycle += 100, Command.ACTab, 0, PimMap.ConfRow(a.Rows)), default);
            a.Session.Add(W(a.Cycle += 100, Command.WR, 0, PimMap.ConfRow(a.Rows), PimMap.CrfColumn), exit);
            a.Session.Add(W(a.Cycle += 100, Command.PREA), default);
            a.Write(PimMode.AB, PimMap.SbmrRow(a.Rows), 0, 0);
            return a;
        }
        public override PimMode Model() => PimMode.SB;
    }

    [Fact]
    public void PimModeMachineMatchesTheRtl()
    {
        var prop = StateMachine.ToProperty(new PimModeMachine());
        FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(Math.Max(5, PropertyCases.Count / 4)), prop);
    }
}
