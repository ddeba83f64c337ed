using System.CommandLine;
using System.Globalization;
using HwModel.Bridge;
using HwModel.Config;
using HwModel.Pim;
using HwModel.Traces;
using Spectre.Console;

namespace HwModel.Cli;

/// <summary><c>hwmodel cosim</c>: a workload with the Verilated RTL in the loop (built on first use).</summary>
public static class CosimCommand
{
    public static Command Build()
    {
        var workload = new Option<string>("--workload") { Description = "trace file, stream|random|mix|strided, or gemv|add|mul|relu", DefaultValueFactory = _ => "gemv" };
        var mode = new Option<string>("--mode") { Description = "checker (the model drives, the RTL checks) or dut (the RTL issues and executes the chosen pseudo-channels)", DefaultValueFactory = _ => "checker" };
        var dutPcs = new Option<string>("--dut-pcs") { Description = "DUT mode: pseudo-channels the RTL replaces, e.g. 0,1", DefaultValueFactory = _ => "0" };
        var format = new Option<string>("--trace-format") { Description = "auto, dramsim3, ramulator, dramsys, native", DefaultValueFactory = _ => "auto" };
        var requests = new Option<long>("--requests") { Description = "pattern workloads: requests", DefaultValueFactory = _ => 20_000 };
        var m = new Option<int>("--m") { Description = "gemv rows", DefaultValueFactory = _ => 1024 };
        var n = new Option<int>("--n") { Description = "gemv columns", DefaultValueFactory = _ => 1024 };
        var elements = new Option<long>("--elements") { Description = "element-wise length", DefaultValueFactory = _ => 65536 };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 1 };
        var vcd = new Option<string?>("--vcd") { Description = "write waveforms of one pseudo-channel (VCD)" };
        var vcdWindow = new Option<string?>("--vcd-window") { Description = "FROM:TO cycles to dump" };
        var vcdPc = new Option<int>("--vcd-pc") { Description = "pseudo-channel to dump" };
        var json = new Option<string?>("--json") { Description = "write the summary as JSON" };
        var batch = new Option<int>("--batch") { Description = "commands per gRPC message", DefaultValueFactory = _ => 4096 };
        var lookahead = new Option<int>("--lookahead") { Description = "batches in flight before the model waits for results", DefaultValueFactory = _ => 4 };
        var unix = new Option<bool>("--unix-socket") { Description = "talk over a unix socket instead of TCP loopback" };
        var config = new Option<string?>("--config") { Description = "preset or file (default hbm2-2000-pim)" };
        var cmd = new Command("cosim", "co-simulate with the RTL: checker or DUT mode")
        {
            config, workload, mode, dutPcs, format, requests, m, n, elements, seed, vcd, vcdWindow, vcdPc, json, batch, lookahead, unix, RunCommand.Set,
            WaveOptions.Timeline, WaveOptions.TlmVcd, WaveOptions.Window, WaveOptions.Channels,
        };
        foreach (var o in RtlOptions.All) cmd.Add(o);
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            var cfg = ConfigLoader.Load(pr.GetValue(config) ?? "hbm2-2000-pim", pr.GetValue(RunCommand.Set));
            var server = new RtlServerOptions { UnixSocket = pr.GetValue(unix), VcdPath = pr.GetValue(vcd), VcdPseudoChannel = pr.GetValue(vcdPc) };
            string wlArg = pr.GetValue(workload)!;
            var paths = new OutputPaths().Input("--config", pr.GetValue(config)).Input("--workload", wlArg)
                .Output("--vcd", pr.GetValue(vcd)).Output("--json", pr.GetValue(json));
            var waveWindow = WaveOptions.Parse(pr, cfg, paths, WaveOptions.TlmVcd);
            paths.Check();
            var design = RtlOptions.Parse(pr);
            Cli.Range("--vcd-pc", server.VcdPseudoChannel, 0, cfg.Org.PseudoChannelsTotal - 1);
            if (pr.GetValue(vcd) == null)
                foreach (var o in new Option[] { vcdWindow, vcdPc })
                    if (pr.GetResult(o) is { Implicit: false })
                        throw new ConfigException(o.Name, o.Name, null, "applies only with --vcd FILE");
            Cli.Range("--batch", pr.GetValue(batch), 1, 1 << 20);
            Cli.Range("--lookahead", pr.GetValue(lookahead), 1, 64);
            if (pr.GetValue(vcdWindow) is { } w)
            {
                var parts = w.Split(':');
                if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture,
                        out var from) || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture,
                        out var to) || from > to)
                    throw new ConfigException("--vcd-window", "--vcd-window", w, "expected FROM:TO cycles with FROM <= TO");
                server.VcdFromCycle = from; server.VcdToCycle = to;
            }
            string md = pr.GetValue(mode)!.ToLowerInvariant();
            if (md is not ("checker" or "dut")) throw new ConfigException("--mode", "--mode", md, "expected checker or dut");
            int[] pcs;
            try { pcs = pr.GetValue(dutPcs)!.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); }
            catch (FormatException) { throw new ConfigException("--dut-pcs", "--dut-pcs", pr.GetValue(dutPcs), "expected comma-separated pseudo-channel numbers"); }
            if (pcs.Any(p => p < 0 || p >= cfg.Org.PseudoChannelsTotal))
                throw new ConfigException("--dut-pcs", "--dut-pcs", pr.GetValue(dutPcs), $"pseudo-channels are 0..{cfg.Org.PseudoChannelsTotal - 1}");
            if (md == "dut" && pr.GetValue(vcd) != null && !pcs.Contains(server.VcdPseudoChannel))
                throw new ConfigException("--vcd-pc", "--vcd-pc",
                    server.VcdPseudoChannel.ToString(CultureInfo.InvariantCulture),
                    $"in DUT mode the RTL simulates only --dut-pcs {pr.GetValue(dutPcs)}; dump one of them");
            string wl = wlArg;
            string kernel = wl.ToLowerInvariant();
            bool pattern = kernel is "stream" or "random" or "mix" or "strided";
            if (!File.Exists(wl) && !pattern && kernel is not ("gemv" or "add" or "mul" or "relu"))
                throw new ConfigException("--workload", "--workload", wl, Directory.Exists(wl) ? "is a directory" :
                    "expected a trace file, stream, random, mix, strided, gemv, add, mul or relu (no such file)");
            if (design != null)
            {
                try
                {
                    server.ServerPath = Bridge.Dut.DesignBuild.EnsureBuilt(design, RtlServer.UsesPimSlice(cfg))
                        .ServerPath;
                }
                catch (RtlException e) { Console.Error.WriteLine($"error: {e.Message}"); return 3; }
            }
            using var waves = WaveOptions.Open(pr, cfg, Spec.TimingTable.For(cfg), waveWindow, 1, $"cosim {md} {wl}",
                vcd: WaveOptions.TlmVcd);
            var opt = new CosimOptions
            {
                Mode = md, DutPseudoChannels = pcs, BatchSize = pr.GetValue(batch), Lookahead = pr.GetValue(lookahead),
                Server = server, Waves = waves.Any ? waves : null,
            };
            CosimReport r;
            Interrupt.Install();
            StoppableTraceSource? stoppable = null;
            try
            {
                if (File.Exists(wl) || pattern)
                {
                    var inner = File.Exists(wl)
                        ? Workloads.FromTraceFile(wl, pr.GetValue(format), cfg, prefetch: true, out _)
                        : Workloads.FromPattern(cfg, Workloads.ParsePattern(wl), pr.GetValue(requests),
                            pr.GetValue(seed));
                    using var src = stoppable = new StoppableTraceSource(inner, () => Interrupt.Requested);
                    r = CosimRunner.RunTraffic(cfg, src, opt);
                }
                else r = CosimRunner.RunPim(cfg, kernel, pr.GetValue(m), pr.GetValue(n), pr.GetValue(elements), opt,
                    pr.GetValue(seed));
            }
            catch (RtlException e) { Console.Error.WriteLine($"error: {e.Message}"); return 3; }
            catch (PimProtocolException e) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
            finally { waves.Finish(); }
            // a kernel is not cut: an interrupt during one ends the run after it (the safe point)
            r.Interrupted = stoppable?.Stopped == true || Interrupt.Requested;
            Print(r);
            if (pr.GetValue(json) is { } jf) File.WriteAllText(jf, r.ToJson());
            if (r.Interrupted)
            {
                Console.Error.WriteLine("interrupted: the results so far are written, marked \"interrupted\": true");
                return Interrupt.ExitCode;
            }
            return r.Clean ? 0 : 1;
        }));
        return cmd;
    }

    private static void Print(CosimReport r)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]co-simulation[/] ({r.Mode}) on {Markup.Escape(r.Config)}");
        t.AddColumns("", "");
        t.AddRow("workload", Markup.Escape(r.Workload));
        t.AddRow("commands to the RTL", r.Commands.ToString("N0"));
        t.AddRow("reads compared", r.ReadsCompared.ToString("N0"));
        t.AddRow("mismatches", r.Mismatches == 0 ? "[green]0[/]" : $"[red]{r.Mismatches:N0}[/]");
        t.AddRow("RTL violations", r.Violations == 0 ? "[green]0[/]" : $"[red]{r.Violations:N0}[/]");
        t.AddRow("model checker violations", r.ModelCheckerViolations.ToString("N0"));
        if (r.PimVerified is { } v) t.AddRow("PIM result vs reference", v ? "[green]equal bit for bit[/]" : "[red]DIFFERENT[/]");
        t.AddRow("cycles", r.RtlCycles is { } rc ? $"{r.ModelCycles:N0} (RTL pseudo-channels finish at {rc:N0})" : r.ModelCycles.ToString("N0"));
        t.AddRow("wall time", $"{r.WallSeconds:F2} s, {r.CommandsPerSecond / 1e6:F2} M commands/s");
        AnsiConsole.Write(t);
        foreach (var s in r.FirstMismatches) AnsiConsole.MarkupLine($"[red]mismatch[/] {Markup.Escape(s)}");
        foreach (var s in r.FirstViolations) AnsiConsole.MarkupLine($"[red]violation[/] {Markup.Escape(s)}");
    }
}
