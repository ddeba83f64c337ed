using HwModel.Pim.HbmPim;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using HwModel.Bridge.Wire;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Pim.Runtime;
using HwModel.Traces;

namespace HwModel.Bridge;

public sealed record CosimOptions
{
    /// <summary>checker: the model drives, the RTL checks; dut: the RTL replaces the model's pseudo-channels in <see cref="DutPseudoChannels"/>.</summary>
    public string Mode { get; init; } = "checker";
    public int BatchSize { get; init; } = 4096;
    public int Lookahead { get; init; } = 4;
    public int[] DutPseudoChannels { get; init; } = [0];
    public RtlServerOptions Server { get; init; } = new();
    /// <summary>Also run the C# independent checker over the same commands.</summary>
    public bool ModelChecker { get; init; } = true;
    /// <summary>Timeline and waveform files of the model's commands (one part), or null.</summary>
    public Waves.WaveOutputs? Waves { get; init; }
    /// <summary>One more observer of the model's commands (per-bank statistics), or null.</summary>
    public ICommandObserver? Extra { get; init; }
}

/// <summary>What a co-simulation run found (`--json` writes it).</summary>
public sealed class CosimReport
{
    public string Config { get; set; } = "";
    public string Workload { get; set; } = "";
    public string Mode { get; set; } = "";
    public long Commands { get; set; }
    public long ReadsCompared { get; set; }
    public long Mismatches { get; set; }
    public long Violations { get; set; }
    public long ModelCheckerViolations { get; set; }
    public double WallSeconds { get; set; }
    public double CommandsPerSecond { get; set; }
    public long ModelCycles { get; set; }
    /// <summary>True when SIGINT or SIGTERM ended the run early: the counts are those of the commands before
    /// it.</summary>
    public bool Interrupted { get; set; }
    public long? RtlCycles { get; set; }
    public bool? PimVerified { get; set; }
    public List<string> FirstMismatches { get; set; } = [];
    public List<string> FirstViolations { get; set; } = [];
    public string RtlServer { get; set; } = "";

    public bool Clean => Mismatches == 0 && Violations == 0 && ModelCheckerViolations == 0 && PimVerified != false;

    public string ToJson() => JsonSerializer.Serialize(this, CosimJson.Default.CosimReport);
}

/// <summary>Runs a workload with the RTL in the loop.</summary>
public static class CosimRunner
{
    private static (RtlServer Server, RtlSession Session, CosimChecker Checker) Open(MemoryConfig c, CosimOptions o, Mode mode)
    {
        var server = RtlServer.Start(o.Server);
        try
        {
            server.Configure(c);
            var session = new RtlSession(server, mode, o.BatchSize, o.Lookahead);
            return (server, session, new CosimChecker(session, c, (int)server.StoredRows(c)));
        }
        catch { server.Dispose(); throw; }
    }

    private static CosimReport Report(MemoryConfig c, string workload, string mode, CosimChecker chk, TimingChecker? model, double wall, long cycles, RtlServer s) => new()
    {
        Config = c.Name, Workload = workload, Mode = mode,
        Commands = chk.Commands, ReadsCompared = chk.ReadsCompared, Mismatches = chk.MismatchCount, Violations = chk.ViolationCount,
        ModelCheckerViolations = model?.ViolationCount ?? 0,
        WallSeconds = wall, CommandsPerSecond = wall > 0 ? chk.Commands / wall : 0, ModelCycles = cycles,
        FirstMismatches = chk.Mismatches.Take(10).Select(m => m.ToString()).ToList(),
        FirstViolations = chk.Violations.Take(10).Select(v => v.ToString()).Concat(model?.Violations.Take(5).Select(v => "model checker: " + v) ?? []).ToList(),
        RtlServer = s.Address,
    };

    /// <summary>Element-wise results stay in the banks: read every written burst back (SB mode, ordinary ACT/RD/PRE)
    /// so that the scoreboard compares the RTL's memory with the model's.</summary>
    private static void ReadBack(Pim.PimEngine e, MemoryConfig c)
    {
        var rd = new byte[c.Org.AccessBytes];
        foreach (var g in e.Device!.Store.Bursts(c.Org.AccessBytes).GroupBy(b => (b.Pc, b.Bank, b.Row)))
        {
            var (pc, bank, row) = g.Key;
            e.Issue(pc, Spec.Command.ACT, bank, row, 0);
            foreach (var b in g) e.Issue(pc, Spec.Command.RD, bank, row, b.Col, default, rd);
            e.Issue(pc, Spec.Command.PRE, bank, row, 0);
        }
    }

    /// <summary>DUT mode: the RTL computed the element-wise results of its pseudo-channels in its own banks; read
    /// them back over the wire (ACT, RD, PRE in SB mode) into the model's banks, where the result is collected and
    /// compared with the reference.</summary>
    private static void ReadResultsFromRtl(Pim.PimEngine e, MemoryConfig c, string kernel, long elements,
        IReadOnlyCollection<int> dutPcs)
    {
        var op = kernel switch
        {
            "add" => HbmPimKernels.Elementwise.Add,
            "mul" => HbmPimKernels.Elementwise.Mul,
            _ => HbmPimKernels.Elementwise.Relu,
        };
        int burst = c.Org.AccessBytes;
        var rd = new byte[burst];
        var bursts = HbmPimKernels.ResultBursts(op, elements, e.PseudoChannels, c.Org.BanksPerPseudoChannel / 2)
            .Where(b => dutPcs.Contains(b.Pc)).GroupBy(b => (b.Pc, b.Bank, b.Row));
        foreach (var g in bursts)
        {
            var (pc, bank, row) = g.Key;
            e.Issue(pc, Spec.Command.ACT, bank, row, 0);
            foreach (var b in g)
            {
                e.Issue(pc, Spec.Command.RD, bank, row, b.Col, default, rd);
                rd.CopyTo(e.Device!.Store.Burst(pc, bank, row, b.Col, burst));
            }
            e.Issue(pc, Spec.Command.PRE, bank, row, 0);
        }
    }

    /// <summary>Checker mode over memory-controller traffic (a trace or a pattern).</summary>
    public static CosimReport RunTraffic(MemoryConfig c, ITraceSource src, CosimOptions o, Action<long>? progress = null)
    {
        if (o.Mode != "checker") throw new ConfigException("--mode", "--mode", o.Mode,
                "DUT mode runs PIM kernels (gemv, add, mul, relu); traces and patterns run in checker mode");
        var (server, session, chk) = Open(c, o, Wire.Mode.Check);
        using (server)
        using (session)
        {
            var sw = Stopwatch.StartNew();
            var sys = new MemorySystem(c);
            var model = o.ModelChecker ? new TimingChecker(c, sys.Table) : null;
            ICommandObserver observer = model != null ? new CommandFanOut(chk, model) : chk;
            if (o.Extra != null) observer = new CommandFanOut(observer, o.Extra);
            sys.Observer = o.Waves?.With(0, observer) ?? observer;
            o.Waves?.Controllers(0, sys.Controllers);
            SimulationRunner.Run(sys, src, progress);
            chk.Finish();
            model?.Finish(sys.Now);
            return Report(c, src.Description, "checker", chk, model, sw.Elapsed.TotalSeconds, sys.Now, server);
        }
    }

    /// <summary>A PIM kernel with the RTL in the loop: checker mode streams every command to the RTL and compares;
    /// DUT mode lets the RTL issue and execute the chosen pseudo-channels' commands.</summary>
    public static CosimReport RunPim(MemoryConfig c, string kernel, int m, int n, long elements, CosimOptions o, ulong seed = 1)
    {
        if (c.Pim.Architecture != PimArchitecture.HbmPim)
            throw new ConfigException(c.Name, "pim.Architecture", c.Pim.Architecture.ToString(), "RTL co-simulation of PIM kernels needs an HBM-PIM preset (the RTL holds the HBM-PIM unit)");
        bool dut = o.Mode == "dut";
        var (server, session, chk) = Open(c, o, dut ? Wire.Mode.Schedule : Wire.Mode.Check);
        using (server)
        using (session)
        {
            var sw = Stopwatch.StartNew();
            TimingChecker? model = null;
            RtlDut? dutBackend = null;
            Pim.PimEngine? engine = null;
            void Attach(Pim.PimEngine e)
            {
                engine = e;
                server.Preload(e.Device!.Store.Bursts(c.Org.AccessBytes));
                if (dut)
                {
                    dutBackend = new RtlDut(session, chk, e, [.. o.DutPseudoChannels]);
                    e.Dut = dutBackend;
                }
                else
                {
                    model = o.ModelChecker ? new TimingChecker(c, e.Table) : null;
                    e.Observer = model != null ? new CommandFanOut(chk, model) : chk;
                }
                if (o.Extra != null) e.Observer = e.Observer == null ? o.Extra : new CommandFanOut(e.Observer, o.Extra);
                if (o.Waves != null) e.Observer = o.Waves.With(0, e.Observer);
            }
            void FromRtl(Pim.PimEngine e)
            {
                if (dut && kernel != "gemv") ReadResultsFromRtl(e, c, kernel, elements, o.DutPseudoChannels);
            }
            var opt = new PimRunner.Options(Verify: true, Check: false, Seed: seed, BeforeKernel: Attach,
                AfterKernel: FromRtl);
            var r = kernel switch
            {
                "gemv" => PimRunner.Gemv(c, m, n, opt),
                "add" => PimRunner.Elementwise(c, HbmPimKernels.Elementwise.Add, elements, opt),
                "mul" => PimRunner.Elementwise(c, HbmPimKernels.Elementwise.Mul, elements, opt),
                "relu" => PimRunner.Elementwise(c, HbmPimKernels.Elementwise.Relu, elements, opt),
                _ => throw new ConfigException("--workload", "--workload", kernel, "expected a trace file, stream|random|mix|strided, or gemv|add|mul|relu"),
            };
            if (!dut && engine != null && kernel != "gemv") ReadBack(engine, c);
            chk.Finish();
            model?.Finish(engine?.FinishCycle ?? r.PimCycles);
            var rep = Report(c, $"pim {kernel} " + string.Join(" ", r.Shape.Select(kv => $"{kv.Key}={kv.Value}")), dut ? "dut" : "checker", chk, model, sw.Elapsed.TotalSeconds, r.PimCycles, server);
            rep.PimVerified = r.Verified;
            if (dutBackend != null) rep.RtlCycles = dutBackend.RtlFinishCycle;
            return rep;
        }
    }
}
