using System.Globalization;
using HwModel.Config;

namespace HwModel.Cli.Regress;

/// <summary>Which part of a suite this process runs: shard <see cref="Index"/> of <see cref="Count"/>.</summary>
/// <remarks>A scenario belongs to shard hash(suite/name) mod N, so adding a scenario never moves the others and
/// every scenario is in exactly one shard. The shard comes from --shard, else HWMODEL_SHARD (a GitHub Actions
/// matrix sets it), else a Slurm job array, else a Kubernetes Indexed Job.</remarks>
public sealed record Shard(int Index, int Count, string Source)
{
    public static readonly Shard All = new(0, 1, "none");

    public bool Holds(Scenario s) => Count == 1 || (int)(StableHash.Of(s.Id) % (ulong)Count) == Index;

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>"i/N" with 0 &lt;= i &lt; N &lt;= 100000.</summary>
    public static Shard Parse(string text, string source)
    {
        var p = text.Split('/');
        if (p.Length == 2 && int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n is >= 1 and <= 100_000 && i < n)
            return new Shard(i, n, source);
        throw new ConfigException(source, source, text, "expected i/N with 0 <= i < N (N at most 100000)");
    }

    /// <summary>The shard from an option or the environment of a batch engine (see docs/regress.md#sharding).
    /// </summary>
    /// <param name="option">--shard, or null.</param>
    /// <param name="countOption">--shard-count, or null: the count a Kubernetes Indexed Job does not pass.</param>
    public static Shard From(string? option, int? countOption, Func<string, string?> env)
    {
        if (option != null) return Parse(option, "--shard");
        if (env("HWMODEL_SHARD") is { Length: > 0 } h) return Parse(h, "HWMODEL_SHARD");
        if (env("SLURM_ARRAY_TASK_ID") is { Length: > 0 } sid)
        {
            // an array --array=1-4 numbers its tasks from 1: the shard index is the task id minus the lowest id
            int id = Int(sid, "SLURM_ARRAY_TASK_ID");
            int min = env("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } m ? Int(m, "SLURM_ARRAY_TASK_MIN") : 0;
            int count = countOption ?? (env("SLURM_ARRAY_TASK_COUNT") is { Length: > 0 } c
                ? Int(c, "SLURM_ARRAY_TASK_COUNT")
                : throw new ConfigException("SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_COUNT", null,
                    "is not set; give --shard-count N"));
            return Parse($"{id - min}/{count}", "SLURM_ARRAY_TASK_ID");
        }
        if (env("JOB_COMPLETION_INDEX") is { Length: > 0 } k)
        {
            int count = countOption ?? (env("HWMODEL_SHARD_COUNT") is { Length: > 0 } c
                ? Int(c, "HWMODEL_SHARD_COUNT")
                : throw new ConfigException("JOB_COMPLETION_INDEX", "JOB_COMPLETION_INDEX", k,
                    "an Indexed Job gives the index only: set --shard-count N or HWMODEL_SHARD_COUNT to its " +
                    "completions"));
            return Parse($"{Int(k, "JOB_COMPLETION_INDEX")}/{count}", "JOB_COMPLETION_INDEX");
        }
        if (countOption != null)
            throw new ConfigException("--shard-count", "--shard-count", null,
                "applies with JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID only; give --shard i/N");
        return All;
    }

    private static int Int(string s, string name) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v
            : throw new ConfigException(name, name, s, "expected a non-negative integer");
}
