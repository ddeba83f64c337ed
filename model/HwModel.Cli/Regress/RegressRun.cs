using System.Globalization;
using HwModel.Config;
using Spectre.Console;

namespace HwModel.Cli.Regress;

/// <summary>Runs the selected scenarios of some suites on local cores, judges them and writes JUnit and JSON.
/// </summary>
public static class RegressRun
{
    /// <summary>Loads and selects everything first (bad input: a <see cref="ConfigException"/> before any run).
    /// </summary>
    public static (List<Suite> Suites, List<Scenario> Selected) Select(RegressOptions o)
    {
        var suites = o.SuiteFiles.Select(SuiteLoader.Load).ToList();
        foreach (var dup in suites.GroupBy(s => s.Name).Where(g => g.Count() > 1))
            throw new ConfigException("suite", "suite", dup.Key, "is named by two suite files: " +
                string.Join(", ", dup.Select(s => s.File)));
        var selected = suites.SelectMany(s => s.Scenarios)
            .Where(c => o.Tags.Count == 0 || o.Tags.Any(t => c.Tags.Contains(t)))
            .Where(c => o.Filter == null || Glob.Matches(o.Filter, c.Name) || Glob.Matches(o.Filter, c.Id))
            .ToList();
        if (selected.Count == 0)
            throw new ConfigException("--filter", "--filter", o.Filter ?? "*",
                (o.Tags.Count > 0 ? $"with --tag {string.Join(", ", o.Tags)} " : "") + "matches no scenario of " +
                string.Join(", ", suites.Select(s => s.Name)));
        return (suites, selected);
    }

    public static RegressSummary Run(RegressOptions o, List<Suite> suites, List<Scenario> selected, Func<bool> stop)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var goldens = suites.ToDictionary(s => s.Name, s => GoldenFile.Load(s.GoldenPath));
        var mine = selected.Where(o.Shard.Holds).ToList();
        var results = new ScenarioResult[mine.Count];
        var consoleLock = new Lock();
        Directory.CreateDirectory(Path.Combine(o.OutDir, "scenarios"));
        int done = 0;
        Parallel.ForEach(Enumerable.Range(0, mine.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Jobs) }, i =>
            {
                var s = mine[i];
                ulong seed = s.PinnedSeed ?? ScenarioSeed.Derive(o.Seed, s.Id);
                string replay = $"{o.Program} regress {Quote(suites.First(x => x.Name == s.Suite).File)} " +
                                $"--filter {Quote(s.Name)} --seed {o.Seed.ToString(CultureInfo.InvariantCulture)}";
                ScenarioResult r;
                if (stop())
                    r = new ScenarioResult
                    {
                        Suite = s.Suite, Name = s.Name, Tags = s.Tags, Config = s.Config, Seed = seed,
                        Replay = replay, Status = "skipped", Kind = s.Workload.Kind.ToString().ToLowerInvariant(),
                    };
                else
                {
                    string dir = Path.Combine(o.OutDir, "scenarios", s.Suite);
                    Directory.CreateDirectory(dir);
                    r = ScenarioRunner.Run(s, seed, replay, stop, out string? report, out var detail,
                        FilesOf(o, s, dir));
                    if (report != null) File.WriteAllText(Path.Combine(dir, s.Name + ".json"), report);
                    if (detail != null) File.WriteAllText(Path.Combine(dir, s.Name + ".detail.json"), detail.ToJson());
                    if (r.Error == null && s.UseGolden && !o.UpdateGolden) goldens[s.Suite].Compare(s, r);
                    r.Status = r.Error != null ? "error" : r.Failures.Count > 0 ? "failed" : "passed";
                }
                results[i] = r;
                lock (consoleLock)
                {
                    done++;
                    string mark = r.Status switch
                    {
                        "passed" => "[green]PASS[/]", "failed" => "[red]FAIL[/]", "error" => "[red]ERROR[/]",
                        _ => "[yellow]SKIP[/]",
                    };
                    AnsiConsole.MarkupLine($"{mark} [[{done}/{mine.Count}]] {Markup.Escape(r.Id)} " +
                                           $"({r.WallSeconds:F2} s)");
                    foreach (var f in r.Failures.Take(4)) AnsiConsole.MarkupLine($"     {Markup.Escape(f)}");
                    if (r.Error != null) AnsiConsole.MarkupLine($"     {Markup.Escape(r.Error)}");
                    if (r.Status is "failed" or "error")
                        AnsiConsole.MarkupLine($"     seed {r.Seed}; replay: {Markup.Escape(r.Replay)}");
                }
            });
        var summary = new RegressSummary
        {
            Suites = suites.Select(s => s.Name).ToList(), Seed = o.Seed, Shard = o.Shard.ToString(),
            ShardSource = o.Shard.Source, Selected = selected.Select(s => s.Id).ToList(), Scenarios = [.. results],
            Interrupted = stop(),
        };
        if (o.UpdateGolden) UpdateGoldens(suites, mine, results, goldens);
        summary.Count();
        summary.WallSeconds = clock.Elapsed.TotalSeconds;
        Write(summary, o.OutDir, o.JUnit);
        if (o.ReportDir != null) WriteReport(summary, [o.OutDir], o.ReportDir, o.Jobs);
        return summary;
    }

    /// <summary>Where a scenario's timeline and VCD go, and whether the report needs its epochs and detail.
    /// </summary>
    public static ScenarioFiles FilesOf(RegressOptions o, Scenario s, string dir)
    {
        bool report = o.ReportDir != null;
        return new ScenarioFiles(
            o.Timeline || s.Waves.Timeline ? Path.Combine(dir, s.Name + ".timeline.json") : null,
            o.Vcd || s.Waves.Vcd ? Path.Combine(dir, s.Name + ".vcd") : null,
            s.EpochCycles > 0 ? s.EpochCycles : report ? ReportEpochCycles : 0,
            report);
    }

    /// <summary>Epoch length a report uses for scenarios that do not set <c>epoch-cycles</c>.</summary>
    public const long ReportEpochCycles = 1000;

    /// <summary>Writes the HTML report of a run or a merge, reading scenario details from the output
    /// directories (a merge's are its shards').</summary>
    public static void WriteReport(RegressSummary summary, IReadOnlyList<string> outDirs, string reportDir,
        int jobs = 0)
    {
        if (jobs <= 0) jobs = Environment.ProcessorCount;
        int images = Report.ReportPage.Write(summary, r => outDirs
            .Select(d => Path.Combine(d, "scenarios", r.Suite, r.Name + ".detail.json"))
            .Select(ScenarioDetail.Load).FirstOrDefault(x => x != null), reportDir, jobs);
        AnsiConsole.MarkupLine($"report: {Markup.Escape(Path.Combine(reportDir, "index.html"))} ({images} plots)");
    }

    /// <summary>Writes summary.json and the JUnit XML of a run or a merge.</summary>
    public static void Write(RegressSummary summary, string outDir, string? junit)
    {
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "summary.json"), summary.ToJson());
        JUnitWriter.Write(summary, junit ?? Path.Combine(outDir, "junit.xml"));
    }

    private static void UpdateGoldens(List<Suite> suites, List<Scenario> mine, ScenarioResult[] results,
        Dictionary<string, GoldenFile> goldens)
    {
        var t = new Table().Border(TableBorder.Rounded).Title("[bold]golden changes[/]");
        t.AddColumns("scenario", "metric", "old", "new", "change");
        int changes = 0;
        for (int i = 0; i < mine.Count; i++)
        {
            var (s, r) = (mine[i], results[i]);
            if (r.Status is "error" or "skipped" || !s.UseGolden) continue;
            var g = goldens[s.Suite];
            g.Scenarios.TryGetValue(s.Name, out var old);
            if (old == null)
            {
                t.AddRow(Markup.Escape(s.Id), "(new)", "", $"{r.Metrics.Count} metrics", "");
                changes++;
            }
            else
            {
                if (old.Seed != r.Seed) t.AddRow(Markup.Escape(s.Id), "seed", $"{old.Seed}", $"{r.Seed}", "");
                foreach (var k in old.Metrics.Keys.Union(r.Metrics.Keys).Order(StringComparer.Ordinal))
                {
                    bool hadOld = old.Metrics.TryGetValue(k, out double ov);
                    bool hasNew = r.Metrics.TryGetValue(k, out double nv);
                    if (hadOld && hasNew && ov == nv) continue;
                    changes++;
                    string pct = hadOld && hasNew && ov != 0
                        ? ((nv - ov) / Math.Abs(ov) * 100).ToString("+0.###;-0.###", CultureInfo.InvariantCulture) + "%"
                        : "";
                    t.AddRow(Markup.Escape(s.Id), Markup.Escape(k), hadOld ? ScenarioRunner.Fmt(ov) : "-",
                        hasNew ? ScenarioRunner.Fmt(nv) : "-", pct);
                }
            }
            g.Scenarios[s.Name] = new GoldenFile.Entry(r.Seed, r.Metrics);
            r.GoldenStatus = "updated";
            // a golden that was the only failure is fixed by the update; the scenario's own checks still count
            r.Failures.RemoveAll(f => f.StartsWith("golden ", StringComparison.Ordinal)
                                      || f.StartsWith("no golden", StringComparison.Ordinal));
            r.Status = r.Failures.Count > 0 ? "failed" : "passed";
        }
        foreach (var s in suites)
        {
            // entries of scenarios the suite no longer has would never be compared again
            var g = goldens[s.Name];
            foreach (var gone in g.Scenarios.Keys.Except(s.Scenarios.Select(c => c.Name)).ToList())
            {
                g.Scenarios.Remove(gone);
                t.AddRow(Markup.Escape($"{s.Name}/{gone}"), "(removed)", "", "", "");
                changes++;
            }
            g.Save(s.Name);
        }
        if (changes == 0) AnsiConsole.MarkupLine("goldens unchanged");
        else AnsiConsole.Write(t);
        foreach (var s in suites) AnsiConsole.MarkupLine($"wrote {Markup.Escape(s.GoldenPath)}");
    }

    private static string Quote(string s) =>
        s.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_') ? s
            : "'" + s.Replace("'", "'\\''") + "'";
}
