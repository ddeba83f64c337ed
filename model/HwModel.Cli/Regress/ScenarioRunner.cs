using System.Diagnostics;
using HwModel.Bridge;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Pim;
using HwModel.Pim.HbmPim;
using HwModel.Pim.Runtime;
using HwModel.Stats;
using HwModel.Spec;
using HwModel.Traces;
using HwModel.Waves;

namespace HwModel.Cli.Regress;

/// <summary>Runs one scenario in this process, the way its CLI verb would, and judges the result.</summary>
/// <remarks>Each scenario simulates on one thread (results do not depend on the thread count); parallelism comes
/// from running several scenarios at once (--jobs).</remarks>
public static class ScenarioRunner
{
    /// <param name="report">The raw result as JSON (the verb's own --json / --stats-json document).</param>
    /// <param name="detail">With <see cref="ScenarioFiles.Detail"/>: the figures a report plots.</param>
    public static ScenarioResult Run(Scenario s, ulong seed, string replay, Func<bool> stop, out string? report,
        out ScenarioDetail? detail, ScenarioFiles? files = null)
    {
        files ??= ScenarioFiles.None;
        detail = null;
        var r = new ScenarioResult
        {
            Suite = s.Suite, Name = s.Name, Tags = s.Tags, Config = s.Config,
            Kind = s.Workload.Kind.ToString().ToLowerInvariant(), Seed = seed, Replay = replay,
        };
        report = null;
        var clock = Stopwatch.StartNew();
        try
        {
            var cfg = ConfigLoader.Load(s.Config, s.Sets);
            var w = s.Workload;
            var window = WaveWindow.Parse(s.Waves.Window, s.Waves.Channels, cfg, "waves.window", "waves.channels");
            using var waves = new WaveOutputs(cfg, TimingTable.For(cfg), window, files.Timeline, files.Vcd,
                w.Kind is WorkloadKind.Pattern or WorkloadKind.Trace ? cfg.Org.Channels : 1,
                files.EpochCycles > 0 ? files.EpochCycles : 1000) { Workload = s.Id };
            var banks = files.Detail ? new BankActivity(cfg.Org) : null;
            ICommandObserver? With(int part, ICommandObserver? o) =>
                waves.With(part, banks == null ? o : o == null ? banks : new CommandFanOut(o, banks));
            switch (w.Kind)
            {
                case WorkloadKind.Pattern or WorkloadKind.Trace:
                {
                    var run = RunTraffic(s, cfg, seed, stop, out string description, With, files,
                        (ch, c) => waves.Controllers(ch, c), out var readLatency);
                    r.Workload = description;
                    if (banks != null) detail = ScenarioDetail.From(s.Id, cfg, banks, run, readLatency);
                    report = run.ToJson();
                    if (run.Interrupted) r.Error = "interrupted before the workload ended";
                    if (run.Checker is { Violations: > 0 } ck)
                        r.Failures.Add($"timing checker: {ck.Violations} violations, first: " +
                                       string.Join("; ", ck.FirstViolations.Take(3)));
                    break;
                }
                case WorkloadKind.Pim or WorkloadKind.Decode:
                {
                    var opt = new PimRunner.Options(w.Verify, s.CheckTiming, seed,
                        BeforeKernel: waves.Any || banks != null ? e => e.Observer = With(0, e.Observer) : null);
                    var p = w.Kind == WorkloadKind.Decode
                        ? PimRunner.Decode(cfg, PimCommand.Shape(w.Shape, w.Model, w.KvLength), w.Stacks, opt)
                        : w.Kernel switch
                        {
                            "gemv" => PimRunner.Gemv(cfg, w.M, w.N, opt),
                            "add" => PimRunner.Elementwise(cfg, HbmPimKernels.Elementwise.Add, w.Elements, opt),
                            "mul" => PimRunner.Elementwise(cfg, HbmPimKernels.Elementwise.Mul, w.Elements, opt),
                            _ => PimRunner.Elementwise(cfg, HbmPimKernels.Elementwise.Relu, w.Elements, opt),
                        };
                    report = p.ToJson();
                    if (banks != null) detail = ScenarioDetail.From(s.Id, cfg, banks, null, null);
                    r.Workload = $"pim {p.Kernel} " + string.Join(" ", p.Shape.Select(kv => $"{kv.Key}={kv.Value}"));
                    if (p.Verified == false) r.Failures.Add($"PIM result differs from the reference: {p.VerifiedNote}");
                    if (p.CheckerViolations is > 0) r.Failures.Add($"timing checker: {p.CheckerViolations} violations");
                    break;
                }
                case WorkloadKind.Cosim:
                {
                    var c = RunCosim(s, cfg, seed, stop, waves.Any ? waves : null, banks);
                    report = c.ToJson();
                    if (banks != null) detail = ScenarioDetail.From(s.Id, cfg, banks, null, null);
                    r.Workload = $"cosim {c.Mode}: {c.Workload}";
                    if (c.Mismatches > 0)
                        r.Failures.Add($"co-simulation: {c.Mismatches} mismatches, first: " +
                                       string.Join("; ", c.FirstMismatches.Take(3)));
                    if (c.Violations > 0)
                        r.Failures.Add($"RTL checker: {c.Violations} violations, first: " +
                                       string.Join("; ", c.FirstViolations.Take(3)));
                    if (c.ModelCheckerViolations > 0)
                        r.Failures.Add($"model timing checker: {c.ModelCheckerViolations} violations");
                    if (c.PimVerified == false) r.Failures.Add("co-simulated PIM result differs from the reference");
                    if (c.Interrupted) r.Error = "interrupted before the workload ended";
                    break;
                }
            }
            waves.Finish();
            r.Metrics = ScenarioMetrics.FromJson(report!);
            foreach (var c in s.Checks)
            {
                if (!r.Metrics.TryGetValue(c.Metric, out double v))
                    r.Failures.Add($"check {c.Text} ({c.Where}): {c.Metric} was not reported");
                else if (!c.Holds(v))
                    r.Failures.Add($"check {c.Text} ({c.Where}): {c.Metric} = {Fmt(v)}");
            }
        }
        catch (Exception e) when (e is ConfigException or TraceFormatException or IOException or RtlException
                                      or PimProtocolException)
        {
            r.Error = e.Message;
        }
        catch (Exception e)
        {
            r.Error = $"internal error: {e.GetType().Name}: {e.Message}";
        }
        r.WallSeconds = clock.Elapsed.TotalSeconds;
        return r;
    }

    public static string Fmt(double v) => v.ToString("G10", System.Globalization.CultureInfo.InvariantCulture);

    private static RunReport RunTraffic(Scenario s, MemoryConfig cfg, ulong seed, Func<bool> stop,
        out string description, Func<int, ICommandObserver?, ICommandObserver?> observe, ScenarioFiles files,
        Action<int, IReadOnlyList<Controller.PseudoChannelController>> controllers, out LatencyHistogram readLatency)
    {
        var w = s.Workload;
        FileStream? file = null;
        ITraceSource src = w.Kind == WorkloadKind.Trace
            ? Workloads.FromTraceFile(w.File!, w.Format, cfg, false, out file)
            : Workloads.FromPattern(cfg, Workloads.ParsePattern(w.Pattern), w.Requests, seed, w.Stride,
                w.ReadFraction);
        var checkers = s.CheckTiming ? new TimingChecker[cfg.Org.Channels] : null;
        var runner = new ChannelPartitionedRunner(cfg, ch => observe(ch,
            checkers == null ? null : checkers[ch] = new TimingChecker(cfg) { OnlyChannel = ch }),
            files.EpochCycles);
        for (int ch = 0; ch < cfg.Org.Channels; ch++) controllers(ch, runner.Systems[ch].Controllers);
        using var stoppable = new StoppableTraceSource(src, stop);
        using (file)
        {
            var result = runner.Run(stoppable, 1);
            if (result.Error is { } e) throw e;
            description = src.Description;
            var report = ReportBuilder.Build(result, src.Description, checkers);
            report.Interrupted = stoppable.Stopped;
            readLatency = ReportBuilder.ReadLatency(result);
            return report;
        }
    }

    private static CosimReport RunCosim(Scenario s, MemoryConfig cfg, ulong seed, Func<bool> stop,
        WaveOutputs? waves, ICommandObserver? extra)
    {
        var w = s.Workload;
        var opt = new CosimOptions { Mode = w.Mode, DutPseudoChannels = w.DutPcs, Waves = waves, Extra = extra };
        string drive = w.Drive.ToLowerInvariant();
        if (drive is "gemv" or "add" or "mul" or "relu")
            return CosimRunner.RunPim(cfg, drive, w.M, w.N, w.Elements, opt, seed);
        var inner = File.Exists(w.Drive)
            ? Workloads.FromTraceFile(w.Drive, w.Format, cfg, prefetch: true, out _)
            : Workloads.FromPattern(cfg, Workloads.ParsePattern(drive), w.Requests, seed);
        using var src = new StoppableTraceSource(inner, stop);
        var r = CosimRunner.RunTraffic(cfg, src, opt);
        r.Interrupted = src.Stopped;
        return r;
    }
}
