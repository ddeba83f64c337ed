using HwModel.Pim.HbmPim;
using System.CommandLine;
using System.Globalization;
using HwModel.Config;
using HwModel.Pim;
using HwModel.Pim.Runtime;
using Spectre.Console;

namespace HwModel.Cli;

/// <summary><c>hwmodel pim</c>: a PIM kernel on a PIM preset beside the same HBM without PIM.</summary>
public static class PimCommand
{
    public static Command Build()
    {
        var kernel = new Argument<string>("kernel") { Description = "gemv, add, mul, relu or decode" };
        var config = new Option<string?>("--config") { Description = "PIM preset or file (default: hbm2-2000-pim; decode: hbm3-6400-aim)" };
        var m = new Option<int>("--m") { Description = "GEMV rows (outputs)", DefaultValueFactory = _ => 4096 };
        var n = new Option<int>("--n") { Description = "GEMV columns (inputs)", DefaultValueFactory = _ => 4096 };
        var elements = new Option<long>("--elements") { Description = "element-wise vector length", DefaultValueFactory = _ => 1 << 20 };
        var model = new Option<string>("--model") { Description = "decode: " + string.Join(", ", ModelShape.Builtin.Keys), DefaultValueFactory = _ => "llama-7b" };
        var shape = new Option<string?>("--shape") { Description = "decode: layers,hidden,ffn,heads,kvHeads,kvLength (instead of --model)" };
        var kvLen = new Option<int?>("--kv-length") { Description = "decode: KV-cache length (overrides the model's)" };
        var stacks = new Option<int>("--stacks") { Description = "decode: stacks the model is spread over (0 = as many as its weights and KV cache need)" };
        var json = new Option<string?>("--json") { Description = "write the result as JSON (docs/pim.md)" };
        var check = new Option<bool>("--check") { Description = "feed every command through the independent timing checker" };
        var noVerify = new Option<bool>("--no-verify") { Description = "timing only: skip data and the reference comparison" };
        var seed = new Option<ulong>("--seed") { Description = "seed of the random operands", DefaultValueFactory = _ => 1 };
        var cmd = new Command("pim", "run a PIM kernel and compare with the same HBM without PIM")
        {
            kernel, config, m, n, elements, model, shape, kvLen, stacks, json, check, noVerify, seed, RunCommand.Set,
            WaveOptions.Timeline, WaveOptions.Vcd, WaveOptions.Window, WaveOptions.Channels,
        };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            string k = pr.GetValue(kernel)!.ToLowerInvariant();
            string preset = pr.GetValue(config) ?? (k == "decode" ? "hbm3-6400-aim" : "hbm2-2000-pim");
            var cfg = ConfigLoader.Load(preset, pr.GetValue(RunCommand.Set));
            Cli.Range("--m", pr.GetValue(m), 1, 1 << 20);
            Cli.Range("--n", pr.GetValue(n), 1, 1 << 20);
            Cli.Range("--elements", pr.GetValue(elements), 1, 1L << 32);
            Cli.Range("--stacks", pr.GetValue(stacks), 0, 1024);
            if (pr.GetValue(kvLen) is { } kv) Cli.Range("--kv-length", kv, 1, 1 << 24);
            if (k is not ("gemv" or "add" or "mul" or "relu" or "decode"))
                throw new ConfigException("pim", "kernel", k, "expected gemv, add, mul, relu or decode");
            var decodeShape = k == "decode" ? Shape(pr.GetValue(shape), pr.GetValue(model)!, pr.GetValue(kvLen)) : null;
            var paths = new OutputPaths().Input("--config", pr.GetValue(config)).Output("--json", pr.GetValue(json));
            var window = WaveOptions.Parse(pr, cfg, paths);
            paths.Check();
            using var waves = WaveOptions.Open(pr, cfg, Spec.TimingTable.For(cfg), window, 1, $"pim {k}");
            var opt = new PimRunner.Options(!pr.GetValue(noVerify), pr.GetValue(check), pr.GetValue(seed),
                BeforeKernel: waves.Any ? e => e.Observer = waves.With(0, e.Observer) : null);
            PimResult r;
            try
            {
                r = k switch
                {
                    "gemv" => PimRunner.Gemv(cfg, pr.GetValue(m), pr.GetValue(n), opt),
                    "add" => PimRunner.Elementwise(cfg, HbmPimKernels.Elementwise.Add, pr.GetValue(elements), opt),
                    "mul" => PimRunner.Elementwise(cfg, HbmPimKernels.Elementwise.Mul, pr.GetValue(elements), opt),
                    "relu" => PimRunner.Elementwise(cfg, HbmPimKernels.Elementwise.Relu, pr.GetValue(elements), opt),
                    "decode" => PimRunner.Decode(cfg, decodeShape!, pr.GetValue(stacks), opt),
                    _ => throw new ConfigException("pim", "kernel", k, "expected gemv, add, mul, relu or decode"),
                };
            }
            catch (PimProtocolException e) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
            finally { waves.Finish(); }
            Print(r);
            if (pr.GetValue(json) is { } jf) File.WriteAllText(jf, r.ToJson());
            return r.Verified == false || r.CheckerViolations > 0 ? 1 : 0;
        }));
        return cmd;
    }

    /// <summary>The decode shape: --shape, else a built-in model, with the KV length overridden if given.</summary>
    public static ModelShape Shape(string? shape, string model, int? kv)
    {
        var s = shape != null ? ModelShape.Parse(shape)
            : ModelShape.Builtin.TryGetValue(model, out var b) ? b
            : throw new ConfigException("--model", "--model", model, "unknown model; expected one of " + string.Join(", ", ModelShape.Builtin.Keys) + ", or --shape");
        return kv is { } len ? s with { KvLength = len } : s;
    }

    private static void Print(PimResult r)
    {
        string F(double v, string f = "N2") => v.ToString(f, CultureInfo.InvariantCulture);
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]pim {Markup.Escape(r.Kernel)}[/] on {Markup.Escape(r.Config)} ({r.Architecture}, {r.DataType})");
        t.AddColumns("", "PIM", "no PIM (host reads over the bus)");
        t.AddRow("shape", string.Join(" ", r.Shape.Select(kv => $"{kv.Key}={kv.Value}")), "");
        t.AddRow("cycles", r.PimCycles.ToString("N0"), r.BaselineCycles.ToString("N0"));
        t.AddRow("time", $"{F(r.PimNs / 1000, "N3")} us", $"{F(r.BaselineNs / 1000, "N3")} us");
        t.AddRow("speed-up", $"[bold]{F(r.Speedup)}x[/]", "1x");
        t.AddRow("bandwidth", $"{F(r.InternalBandwidthGBps, "N1")} GB/s inside the banks", $"{F(r.BaselineBandwidthGBps, "N1")} GB/s of {F(r.PeakExternalBandwidthGBps, "N1")} peak");
        t.AddRow("energy", $"{F(r.PimEnergyPj / 1e6, "N3")} uJ", $"{F(r.BaselineEnergyPj / 1e6, "N3")} uJ ({F(r.EnergyRatio)}x the PIM energy)");
        var e = r.PimEnergy;
        t.AddRow("PIM energy parts (uJ)", $"act {F(e.ActivatePj / 1e6, "N3")} bank {F(e.BankInternalPj / 1e6, "N3")} alu {F(e.AluPj / 1e6, "N3")} reg {F(e.RegisterPj / 1e6, "N3")} io {F(e.IoPj / 1e6, "N3")} host-col {F(e.HostColumnPj / 1e6, "N3")} ref {F(e.RefreshPj / 1e6, "N3")} bg {F(e.BackgroundPj / 1e6, "N3")}", "");
        if (r.Decode is { } d)
        {
            t.AddRow("model", $"{d.Model}: {d.Layers} layers, d {d.Hidden}, ffn {d.Ffn}, {d.Heads}/{d.KvHeads} heads, KV {d.KvLength}, {d.Stacks} stack(s)", $"{F(d.WeightBytes / 1e9, "N2")} GB weights + {F(d.KvCacheBytes / 1e9, "N2")} GB KV cache");
            t.AddRow("tokens/s", F(d.TokensPerSecondPim, "N1"), F(d.TokensPerSecondBaseline, "N1"));
            t.AddRow("energy per token", $"{F(d.EnergyPerTokenPimMj, "N3")} mJ", $"{F(d.EnergyPerTokenBaselineMj, "N3")} mJ");
        }
        t.AddRow("verified", r.Verified switch { true => "[green]yes[/]", false => "[red]NO[/]", _ => "-" } + " " + Markup.Escape(r.VerifiedNote), Markup.Escape(r.BaselineNote));
        if (r.CheckerViolations is { } v) t.AddRow("timing checker", $"{r.Commands:N0} commands, {v} violations", "");
        t.AddRow("wall time", $"{F(r.PimSimulationSeconds, "N2")} s simulating the PIM streams, {F(r.WallSeconds, "N2")} s in all", "");
        AnsiConsole.Write(t);
    }
}
