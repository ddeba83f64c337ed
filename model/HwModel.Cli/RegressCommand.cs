using System.CommandLine;
using HwModel.Bridge;
using HwModel.Cli.Regress;
using HwModel.Config;
using Spectre.Console;

namespace HwModel.Cli;

/// <summary><c>hwmodel regress</c>: suites of scenarios with checks and goldens, JUnit and JSON, shardable.</summary>
public static class RegressCommand
{
    public static Command Build()
    {
        var suites = new Argument<string[]>("suite")
        {
            Description = "suite names (testbenches/suites/NAME.toml) or files; default: smoke",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var tag = new Option<string[]>("--tag") { Description = "run scenarios with this tag (repeatable: any)" };
        var filter = new Option<string?>("--filter")
        {
            Description = "run scenarios whose name or suite/name matches this glob",
        };
        var jobs = new Option<int>("--jobs")
        {
            Description = "scenarios run at once (default: the machine's cores)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "run shard i/N (default: from HWMODEL_SHARD, SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)",
        };
        var shardCount = new Option<int?>("--shard-count")
        {
            Description = "shards of a Kubernetes Indexed Job (with JOB_COMPLETION_INDEX)",
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "global seed; each scenario's derives from it and its name",
            DefaultValueFactory = _ => 1,
        };
        var junit = new Option<string?>("--junit") { Description = "JUnit XML file (default: OUT/junit.xml)" };
        var outDir = new Option<string>("--out")
        {
            Description = "output directory",
            DefaultValueFactory = _ => "regress-out",
        };
        var update = new Option<bool>("--update-golden")
        {
            Description = "record the results as the new goldens and print what changed",
        };
        var list = new Option<bool>("--list")
        {
            Description = "list the selected scenarios (with their shard) and run nothing",
        };
        var timeline = new Option<bool>("--timeline")
        {
            Description = "every scenario also writes OUT/scenarios/SUITE/NAME.timeline.json (trace events)",
        };
        var vcd = new Option<bool>("--vcd")
        {
            Description = "every scenario also writes OUT/scenarios/SUITE/NAME.vcd (the model's bank states)",
        };
        var report = new Option<string?>("--report")
        {
            Description = "write an HTML report with plots to this directory (index.html)",
        };
        var cmd = new Command("regress", "run regression suites: checks, goldens, JUnit, JSON; shardable")
        {
            suites, tag, filter, jobs, shard, shardCount, seed, junit, outDir, update, list, timeline, vcd, report,
            BuildMerge(),
        };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            Cli.Range("--jobs", pr.GetValue(jobs), 1, 1024);
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
            var files = (pr.GetValue(suites) is { Length: > 0 } a ? a : ["smoke"])
                .Select(s => SuiteLoader.Resolve(s, SuitesDir())).ToList();
            var sh = Shard.From(pr.GetValue(shard), pr.GetValue(shardCount), Environment.GetEnvironmentVariable);
            if (pr.GetValue(update) && sh.Count > 1)
                throw new ConfigException("--update-golden", "--update-golden", null,
                    $"records goldens of a whole suite; run it unsharded (this run is shard {sh} from {sh.Source})");
            var o = new RegressOptions
            {
                SuiteFiles = files, Tags = pr.GetValue(tag) ?? [], Filter = pr.GetValue(filter),
                Jobs = pr.GetValue(jobs), Shard = sh, Seed = pr.GetValue(seed), OutDir = pr.GetValue(outDir)!,
                JUnit = pr.GetValue(junit), UpdateGolden = pr.GetValue(update), Timeline = pr.GetValue(timeline),
                Vcd = pr.GetValue(vcd), ReportDir = pr.GetValue(report),
            };
            if (o.ReportDir is { } rd && File.Exists(rd))
                throw new ConfigException("--report", "--report", rd, "is a file; expected a directory");
            var (loaded, selected) = RegressRun.Select(o);
            // --junit may well sit inside --out, which the run makes
            if (!pr.GetValue(list)) Directory.CreateDirectory(o.OutDir);
            new OutputPaths().Output("--junit", o.JUnit).Check();
            if (pr.GetValue(list))
            {
                foreach (var s in selected)
                    Console.WriteLine($"{s.Id}\tshard {StableHash.Of(s.Id) % (ulong)Math.Max(1, sh.Count)}/" +
                                      $"{sh.Count}\t{s.Workload.Kind.ToString().ToLowerInvariant()}\t" +
                                      string.Join(",", s.Tags));
                return 0;
            }
            if (sh.Count > 1)
                Console.WriteLine($"shard {sh} (from {sh.Source}): {selected.Count(sh.Holds)} of {selected.Count} " +
                                  "scenarios");
            Interrupt.Install();
            var summary = RegressRun.Run(o, loaded, selected, () => Interrupt.Requested);
            return Finish(summary, o.OutDir, o.JUnit);
        }));
        return cmd;
    }

    private static Command BuildMerge()
    {
        var dirs = new Argument<string[]>("dir")
        {
            Description = "output directories of the shards",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDir = new Option<string>("--out")
        {
            Description = "output directory of the merged results",
            DefaultValueFactory = _ => "regress-out",
        };
        var junit = new Option<string?>("--junit") { Description = "JUnit XML file (default: OUT/junit.xml)" };
        var report = new Option<string?>("--report")
        {
            Description = "write the HTML report of the merged run (shards run with --report) to this directory",
        };
        var cmd = new Command("merge", "merge the outputs of shards; exits as the unsharded run would")
        {
            dirs, outDir, junit, report,
        };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            var merged = RegressMerge.Merge(pr.GetValue(dirs)!);
            Console.WriteLine($"{merged.ShardSource}: {merged.Scenarios.Count} scenarios");
            RegressRun.Write(merged, pr.GetValue(outDir)!, pr.GetValue(junit));
            if (pr.GetValue(report) is { } rd) RegressRun.WriteReport(merged, pr.GetValue(dirs)!, rd);
            return Finish(merged, pr.GetValue(outDir)!, pr.GetValue(junit));
        }));
        return cmd;
    }

    private static int Finish(RegressSummary s, string outDir, string? junit)
    {
        foreach (var r in s.Scenarios.Where(r => r.Status is "failed" or "error"))
            AnsiConsole.MarkupLine($"[red]{r.Status}[/] {Markup.Escape(r.Id)}: seed {r.Seed}; replay: " +
                                   Markup.Escape(r.Replay));
        Console.WriteLine($"results: {Path.Combine(outDir, "summary.json")}, " +
                          (junit ?? Path.Combine(outDir, "junit.xml")));
        Console.WriteLine($"{s.Passed} passed, {s.Failed} failed, {s.Errors} errors, {s.Skipped} skipped " +
                          $"({s.WallSeconds:F1} s)");
        if (s.Interrupted) return Interrupt.ExitCode != 0 ? Interrupt.ExitCode : 130;
        return s.Ok ? 0 : 1;
    }

    /// <summary>testbenches/suites of the working directory if it has one, else of the repository.</summary>
    private static string SuitesDir()
    {
        const string rel = "testbenches/suites";
        if (Directory.Exists(rel)) return rel;
        try { return Path.Combine(RtlBuild.Root, rel); }
        catch (RtlException) { return rel; }
    }
}
