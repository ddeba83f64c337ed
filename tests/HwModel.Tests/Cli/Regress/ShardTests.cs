using FsCheck;
using FsCheck.Fluent;
using HwModel.Cli.Regress;
using HwModel.Config;
using Xunit;

namespace HwModel.Tests.Cli.Regress;

public class ShardTests
{
    private static HwModel.Cli.Regress.Scenario S(string name) => new() { Suite = "s", Name = name };

    [Fact]
    public void Every_scenario_is_in_exactly_one_shard_for_any_count()
    {
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (n, count) =>
        {
            var all = Enumerable.Range(0, n).Select(i => S($"sc{i}")).ToList();
            return all.All(s => Enumerable.Range(0, count).Count(i => new Shard(i, count, "t").Holds(s)) == 1);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Adding_a_scenario_moves_no_other_and_the_hash_is_fixed()
    {
        // the hash is part of the contract: shards of one run on different machines must agree
        Assert.Equal(0xCBF29CE484222325UL, StableHash.Of(""));
        Assert.Equal(0xAF63DC4C8601EC8CUL, StableHash.Of("a"));
        var before = Enumerable.Range(0, 30).ToDictionary(i => i, i => StableHash.Of($"s/sc{i}") % 4);
        var after = Enumerable.Range(0, 31).ToDictionary(i => i, i => StableHash.Of($"s/sc{i}") % 4);
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
    }

    [Fact]
    public void The_shard_comes_from_the_option_then_each_engine_s_environment()
    {
        Func<string, string?> Env(params (string, string)[] v) => k => v.FirstOrDefault(p => p.Item1 == k).Item2;
        Assert.Equal(Shard.All, Shard.From(null, null, Env()));
        Assert.Equal(new Shard(2, 5, "--shard"), Shard.From("2/5", null, Env(("HWMODEL_SHARD", "1/3"))));
        Assert.Equal(new Shard(1, 3, "HWMODEL_SHARD"), Shard.From(null, null, Env(("HWMODEL_SHARD", "1/3"))));
        Assert.Equal(new Shard(3, 4, "SLURM_ARRAY_TASK_ID"),
            Shard.From(null, null, Env(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "4"))));
        // --array=1-4 numbers tasks from 1
        Assert.Equal(new Shard(0, 4, "SLURM_ARRAY_TASK_ID"), Shard.From(null, null,
            Env(("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "4"))));
        Assert.Equal(new Shard(2, 8, "JOB_COMPLETION_INDEX"),
            Shard.From(null, 8, Env(("JOB_COMPLETION_INDEX", "2"))));
        Assert.Equal(new Shard(2, 6, "JOB_COMPLETION_INDEX"),
            Shard.From(null, null, Env(("JOB_COMPLETION_INDEX", "2"), ("HWMODEL_SHARD_COUNT", "6"))));
        Assert.Contains("--shard-count", Assert.Throws<ConfigException>(() =>
            Shard.From(null, null, Env(("JOB_COMPLETION_INDEX", "2")))).Message);
        foreach (var bad in new[] { "4/4", "1", "a/b", "-1/3", "0/0" })
            Assert.Contains("expected i/N", Assert.Throws<ConfigException>(() => Shard.Parse(bad, "--shard")).Message);
    }

    [Fact]
    public void A_scenario_s_seed_depends_on_the_global_seed_and_its_id_only()
    {
        Assert.Equal(ScenarioSeed.Derive(1, "s/a"), ScenarioSeed.Derive(1, "s/a"));
        Assert.NotEqual(ScenarioSeed.Derive(1, "s/a"), ScenarioSeed.Derive(1, "s/b"));
        Assert.NotEqual(ScenarioSeed.Derive(1, "s/a"), ScenarioSeed.Derive(2, "s/a"));
    }
}
