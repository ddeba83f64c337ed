using HwModel.Config;

namespace HwModel.Cli.Regress;

/// <summary>Merges the outputs of the shards of one run into the summary and JUnit the unsharded run writes.
/// </summary>
/// <remarks>The shards must be the N of one run: the same seed, suites and selection, each index once, and
/// between them every selected scenario exactly once; anything else is refused as bad input, since a merge of
/// the wrong directories would report a pass that nothing earned.</remarks>
public static class RegressMerge
{
    public static RegressSummary Merge(IReadOnlyList<string> dirs)
    {
        var parts = new List<(string Dir, RegressSummary S, Shard Shard)>();
        foreach (var d in dirs)
        {
            string f = Path.Combine(d, "summary.json");
            if (!File.Exists(f)) throw new ConfigException(d, "merge", null, "holds no summary.json of a regress run");
            RegressSummary s;
            try { s = RegressSummary.FromJson(File.ReadAllText(f)); }
            catch (System.Text.Json.JsonException e) { throw new ConfigException(f, "summary", null, e.Message); }
            parts.Add((d, s, Shard.Parse(s.Shard, f)));
        }
        var first = parts[0];
        foreach (var p in parts.Skip(1))
        {
            if (p.S.Seed != first.S.Seed || p.Shard.Count != first.Shard.Count
                || !p.S.Selected.SequenceEqual(first.S.Selected) || !p.S.Suites.SequenceEqual(first.S.Suites))
                throw new ConfigException(p.Dir, "merge", null, $"is not a shard of the run in {first.Dir} (seed, " +
                    "shard count, suites or selection differ)");
        }
        var dupIndex = parts.GroupBy(p => p.Shard.Index).FirstOrDefault(g => g.Count() > 1);
        if (dupIndex != null)
            throw new ConfigException(dupIndex.Last().Dir, "merge", null, $"repeats shard {dupIndex.Key}/" +
                $"{first.Shard.Count} of {dupIndex.First().Dir}");
        var missing = Enumerable.Range(0, first.Shard.Count).Except(parts.Select(p => p.Shard.Index)).ToList();
        if (missing.Count > 0)
            throw new ConfigException("merge", "merge", null, $"shards {string.Join(", ", missing.Select(i =>
                $"{i}/{first.Shard.Count}"))} are missing; give every shard's output directory");
        var byId = new Dictionary<string, ScenarioResult>();
        foreach (var p in parts)
            foreach (var r in p.S.Scenarios)
                if (!byId.TryAdd(r.Id, r))
                    throw new ConfigException(p.Dir, "merge", r.Id, "ran in two shards");
        var absent = first.S.Selected.Where(id => !byId.ContainsKey(id)).ToList();
        if (absent.Count > 0)
            throw new ConfigException("merge", "merge", null, $"no shard ran {string.Join(", ", absent.Take(5))}");
        var merged = new RegressSummary
        {
            Suites = first.S.Suites, Seed = first.S.Seed, Shard = "0/1", ShardSource = $"merged {parts.Count} shards",
            Selected = first.S.Selected, Scenarios = first.S.Selected.Select(id => byId[id]).ToList(),
            Interrupted = parts.Any(p => p.S.Interrupted), WallSeconds = parts.Max(p => p.S.WallSeconds),
        };
        merged.Count();
        return merged;
    }
}
