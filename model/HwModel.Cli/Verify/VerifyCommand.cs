using System.CommandLine;
using System.Globalization;
using System.Text;
using HwModel.Bridge;
using HwModel.Bridge.Dut;
using HwModel.Bridge.Verify;
using HwModel.Cli.Regress;
using HwModel.Config;
using Spectre.Console;

namespace HwModel.Cli.Verify;

/// <summary><c>hwmodel verify</c>: a property-based campaign of generated command sequences on the RTL (the
/// project's or a team's, <c>--rtl</c>) against the reference model and the independent checker.</summary>
public static class VerifyCommand
{
    public static Command Build()
    {
        var config = new Option<string>("--config")
        {
            Description = "preset or file",
            DefaultValueFactory = _ => "hbm3-6400",
        };
        var cases = new Option<long>("--cases") { Description = "cases to generate", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "campaign seed", DefaultValueFactory = _ => 1 };
        var one = new Option<long?>("--case") { Description = "run only case I of the seed (a failure's replay)" };
        var shard = new Option<string?>("--shard")
        {
            Description = "run shard i/N of the cases (or HWMODEL_SHARD, Slurm, Kubernetes)",
        };
        var shardCount = new Option<int?>("--shard-count")
        {
            Description = "shards, where the batch engine gives only the index",
        };
        var maxCommands = new Option<int>("--max-commands")
        {
            Description = "longest case",
            DefaultValueFactory = _ => 40,
        };
        var illegal = new Option<double>("--illegal-share")
        {
            Description = "share of cases that end in one fault",
            DefaultValueFactory = _ => 0.3,
        };
        var junit = new Option<string?>("--junit") { Description = "write JUnit XML" };
        var coverage = new Option<string?>("--coverage")
        {
            Description = "write the functional coverage (bins and hits; shards merge)",
        };
        var until = new Option<double>("--until-coverage")
        {
            Description = "stop when this percentage of bins is hit (or --cases run out)",
        };
        var merge = new Option<string[]>("--merge-coverage")
        {
            Description = "merge coverage files (no campaign); with --coverage OUT",
            AllowMultipleArgumentsPerToken = true,
        };
        var rtlCov = new Option<string?>("--rtl-coverage")
        {
            Description = "RTL line coverage as lcov (builds the design with Verilator --coverage)",
        };
        var outDir = new Option<string>("--out")
        {
            Description = "folder for failing cases (command files, waveforms)",
            DefaultValueFactory = _ => "verify-out",
        };
        var cmd = new Command("verify",
            "verification campaign: generated command sequences on the RTL against the reference and checker")
        {
            config, cases, seed, one, shard, shardCount, maxCommands, illegal, junit, coverage, until, merge, rtlCov,
            outDir, RunCommand.Set,
        };
        foreach (var o in RtlOptions.All) cmd.Add(o);
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            if (pr.GetValue(merge) is { Length: > 0 } files) return Merge(files, pr.GetValue(coverage));
            var cfg = ConfigLoader.Load(pr.GetValue(config)!, pr.GetValue(RunCommand.Set));
            Cli.Range("--cases", pr.GetValue(cases), 1, 100_000_000);
            Cli.Range("--max-commands", pr.GetValue(maxCommands), 4, 100_000);
            Cli.Range("--illegal-share", pr.GetValue(illegal), 0, 1);
            Cli.Range("--until-coverage", pr.GetValue(until), 0, 100);
            if (pr.GetValue(one) is { } ci) Cli.Range("--case", ci, 0, long.MaxValue);
            var sh = Shard.From(pr.GetValue(shard), pr.GetValue(shardCount), Environment.GetEnvironmentVariable);
            new OutputPaths().Input("--config", pr.GetValue(config)).Output("--junit", pr.GetValue(junit))
                .Output("--coverage", pr.GetValue(coverage)).Output("--rtl-coverage", pr.GetValue(rtlCov)).Check();
            var design = RtlOptions.Parse(pr);
            var server = new RtlServerOptions();
            string? lcov = pr.GetValue(rtlCov);
            // line coverage needs a build with Verilator's --coverage: the project's own RTL is then built as a design
            if (lcov != null) design ??= RtlDesign.Resolve([Path.Combine(RtlBuild.Root, "rtl", "src")], "hbm_pc");
            try
            {
                server.ServerPath = design != null
                    ? DesignBuild.EnsureBuilt(design, RtlServer.UsesPimSlice(cfg), coverage: lcov != null).ServerPath
                    : RtlBuild.EnsureBuilt();
            }
            catch (RtlException e) { Console.Error.WriteLine($"error: {e.Message}"); return 3; }
            var o = new CampaignOptions
            {
                Cases = pr.GetValue(cases), Seed = pr.GetValue(seed), OnlyCase = pr.GetValue(one) ?? -1,
                ShardIndex = sh.Index, ShardCount = sh.Count, MaxCommands = pr.GetValue(maxCommands),
                IllegalShare = pr.GetValue(illegal), Server = server,
            };
            string replayBase = ReplayBase(pr, cfg.Name == pr.GetValue(config) ? cfg.Name : pr.GetValue(config)!);
            string Replay(long i) => $"{replayBase} --seed {o.Seed} --case {i}";
            string? dat = lcov == null ? null : Path.GetFullPath(lcov) + ".dat";
            server.CoveragePath = dat;
            Interrupt.Install();
            CampaignResult r;
            try { r = Campaign.Run(cfg, o, () => Interrupt.Requested, null, pr.GetValue(until)); }
            catch (RtlException e) { Console.Error.WriteLine($"error: {e.Message}"); return 3; }
            string dir = pr.GetValue(outDir)!;
            foreach (var f in r.Failures)
            {
                Directory.CreateDirectory(dir);
                string stem = Path.Combine(dir, $"case-{f.Original.Index}");
                File.WriteAllText(stem + ".commands", $"# hwmodel verify: seed {o.Seed} case {f.Original.Index} on " +
                    $"{cfg.Name}, shrunk from {f.Original.Commands.Count} commands; {f.Outcome.Detail}\n" +
                    $"# replay: {Replay(f.Original.Index)}\n" + string.Join("\n", f.Lines()) + "\n");
                try { Campaign.Waveform(cfg, f, server, stem + ".vcd"); }
                catch (RtlException e)
                {
                    Console.Error.WriteLine($"warning: no waveform for case {f.Original.Index}: {e.Message}");
                }
            }
            Print(r, cfg.Name, o, Replay, dir);
            if (lcov != null && dat != null)
            {
                try
                {
                    var (hit, found) = RtlCoverage.Export(dat, lcov);
                    File.Delete(dat);
                    string pct = (found > 0 ? 100.0 * hit / found : 0).ToString("F1", CultureInfo.InvariantCulture);
                    Console.WriteLine($"RTL line coverage: {hit}/{found} lines ({pct} %), lcov: {lcov}");
                }
                catch (RtlException e) { Console.Error.WriteLine($"error: {e.Message}"); return 3; }
            }
            if (pr.GetValue(junit) is { } j) VerifyJUnit.Write(r, j, cfg.Name, o.Seed, sh.ToString(), Replay);
            if (pr.GetValue(coverage) is { } cf) r.Coverage.Write(cf);
            if (r.Interrupted)
            {
                Console.Error.WriteLine("interrupted: the cases run so far are reported");
                return Interrupt.ExitCode;
            }
            return r.Failed > 0 ? 1 : 0;
        }));
        return cmd;
    }

    /// <summary>The command line that reruns this campaign's configuration and design (a replay adds the case).
    /// </summary>
    private static string ReplayBase(ParseResult pr, string config)
    {
        var sb = new StringBuilder($"./hwmodel verify --config {config}");
        foreach (var s in pr.GetValue(RunCommand.Set) ?? []) sb.Append($" --set {s}");
        if (pr.GetValue(RtlOptions.Rtl) is { Length: > 0 } rtl)
        {
            sb.Append(" --rtl ").Append(string.Join(' ', rtl)).Append(" --top ").Append(pr.GetValue(RtlOptions.Top));
            foreach (var i in pr.GetValue(RtlOptions.Include) ?? []) sb.Append($" --rtl-include {i}");
            foreach (var d in pr.GetValue(RtlOptions.Define) ?? []) sb.Append($" --rtl-define {d}");
            foreach (var p in pr.GetValue(RtlOptions.Param) ?? []) sb.Append($" --rtl-param {p}");
        }
        sb.Append($" --max-commands {pr.GetValue<int>("--max-commands")}");
        sb.Append(FormattableString.Invariant($" --illegal-share {pr.GetValue<double>("--illegal-share")}"));
        return sb.ToString();
    }

    private static void Print(CampaignResult r, string config, CampaignOptions o, Func<long, string> replay, string dir)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
        foreach (var f in r.Failures)
        {
            string fault = f.Original.Fault != null ? ", illegal: " + f.Original.Fault : "";
            Console.WriteLine($"FAIL case {f.Original.Index} (seed {o.Seed}{fault}): " +
                $"{f.Outcome.Detail} at command #{f.Outcome.FirstDivergence}");
            Console.WriteLine($"  shrunk from {f.Original.Commands.Count} to {f.Shrunk.Commands.Count} commands " +
                $"({f.ShrinkRuns} runs): cycle COMMAND channel pc bank row column");
            foreach (var l in f.Lines()) Console.WriteLine("    " + l);
            Console.WriteLine($"  replay: {replay(f.Original.Index)}");
            Console.WriteLine($"  files: {Path.Combine(dir, $"case-{f.Original.Index}")}.commands, .vcd");
        }
        if (r.Failed > r.Failures.Count)
            Console.WriteLine($"{r.Failed - r.Failures.Count} more failing cases: " +
                string.Join(", ", r.FailedCases.Skip(r.Failures.Count).Take(20)));
        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]verify[/] on {Markup.Escape(config)}");
        t.AddColumns("", "");
        t.AddRow("cases", $"{r.Cases:N0} ({r.Illegal:N0} ending in a fault)");
        t.AddRow("passed", r.Passed.ToString("N0"));
        t.AddRow("failed", r.Failed == 0 ? "[green]0[/]" : $"[red]{r.Failed:N0}[/]");
        t.AddRow("commands", r.Commands.ToString("N0"));
        double commandsPerSecond = r.Seconds > 0 ? r.Commands / r.Seconds : 0;
        t.AddRow("speed", $"{r.CasesPerSecond:F0} cases/s, {commandsPerSecond:F0} commands/s ({r.Seconds:F1} s)");
        t.AddRow("functional coverage", $"{r.Coverage.Hit}/{r.Coverage.Declared} bins ({r.Coverage.Percent:F1} %)");
        AnsiConsole.Write(t);
        PrintCoverage(r.Coverage);
        Console.WriteLine($"{r.Passed} passed, {r.Failed} failed");
    }

    private static void PrintCoverage(Coverage c)
    {
        var t = new Table().Border(TableBorder.Rounded).Title("functional coverage by group");
        t.AddColumns("group", "bins hit", "share", "not hit (first 6)");
        foreach (var g in c.Bins.GroupBy(b => b.Key.Split('.')[0]))
        {
            int all = g.Count(), hit = g.Count(b => b.Value > 0);
            var missed = g.Where(b => b.Value == 0).Take(6).Select(b => b.Key[(g.Key.Length + 1)..]);
            t.AddRow(g.Key, $"{hit}/{all}", $"{100.0 * hit / all:F1} %", Markup.Escape(string.Join(", ", missed)));
        }
        AnsiConsole.Write(t);
    }

    private static int Merge(string[] files, string? output)
    {
        var total = new Coverage();
        foreach (var f in files)
        {
            if (!File.Exists(f)) throw new ConfigException("--merge-coverage", "--merge-coverage", f, "no such file");
            total.Merge(Coverage.Read(f));
        }
        PrintCoverage(total);
        Console.WriteLine($"merged {files.Length} coverage files: {total.Hit}/{total.Declared} bins " +
            $"({total.Percent.ToString("F1", CultureInfo.InvariantCulture)} %)");
        if (output != null) total.Write(output);
        return 0;
    }
}
