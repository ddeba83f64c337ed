using System.Globalization;
using HwModel.Config;

namespace HwModel.Cli.Regress;

/// <summary>Reads a suite file (schema: docs/regress.md) and checks all of it before any scenario runs.</summary>
/// <remarks>Every error names file:line, the key, the value and what was expected: a suite is input like any other.
/// Configurations are loaded (preset, file and overrides), trace files opened for existence and check metrics
/// matched against what the workload reports, so a typo fails in milliseconds rather than after a long run.
/// </remarks>
public static class SuiteLoader
{
    private static readonly string[] TopKeys = ["suite", "description", "golden", "defaults", "tolerance", "scenario"];
    private static readonly string[] DefaultKeys = ["config", "set", "tags", "checks", "check-timing"];
    private static readonly string[] ScenarioKeys =
        ["name", "tags", "config", "set", "workload", "checks", "golden", "tolerance", "check-timing", "seed", "waves",
            "epoch-cycles"];
    private static readonly string[] WaveKeys = ["timeline", "vcd", "window", "channels"];

    private static readonly Dictionary<WorkloadKind, string[]> WorkloadKeys = new()
    {
        [WorkloadKind.Pattern] = ["kind", "pattern", "requests", "read-fraction", "stride"],
        [WorkloadKind.Trace] = ["kind", "file", "format"],
        [WorkloadKind.Pim] = ["kind", "kernel", "m", "n", "elements", "verify"],
        [WorkloadKind.Decode] = ["kind", "model", "shape", "kv-length", "stacks", "verify"],
        [WorkloadKind.Cosim] = ["kind", "mode", "drive", "requests", "m", "n", "elements", "dut-pcs", "format"],
    };

    /// <summary>Suites by name (<c>smoke</c>: testbenches/suites/smoke.toml) or by file path.</summary>
    public static string Resolve(string nameOrPath, string suitesDir)
    {
        if (File.Exists(nameOrPath)) return nameOrPath;
        if (Directory.Exists(nameOrPath))
            throw new ConfigException(nameOrPath, "suite", null, "is a directory; expected a suite file or name");
        string named = Path.Combine(suitesDir, nameOrPath + ".toml");
        if (!nameOrPath.Contains('/') && !nameOrPath.EndsWith(".toml", StringComparison.Ordinal) && File.Exists(named))
            return named;
        var known = Directory.Exists(suitesDir)
            ? Directory.GetFiles(suitesDir, "*.toml").Select(Path.GetFileNameWithoutExtension).Order().ToArray() : [];
        throw new ConfigException("suite", "suite", nameOrPath,
            "no such suite file" + (known.Length > 0 ? $"; the shipped suites are {string.Join(", ", known)}" : ""));
    }

    public static Suite Load(string path)
    {
        string text = File.ReadAllText(path);
        var root = TomlNode.Parse(text, path);
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Known(root, TopKeys, path, "the top level");
        string name = Str(root, "suite", path) ?? Path.GetFileNameWithoutExtension(path);
        CheckName(name, path, root.Find("suite")?.Line ?? 1, "suite");
        string golden = Str(root, "golden", path) is { } g ? Rel(dir, g)
            : Rel(dir, Path.Combine("golden", name + ".json"));
        var defaults = Table(root, "defaults", path) ?? new TomlTableNode { Line = 1 };
        Known(defaults, DefaultKeys, path, "[defaults]");
        var suiteTol = Tolerances(Table(root, "tolerance", path), path);
        var list = root.Find("scenario") is { } sn
            ? sn.Value as List<TomlNode> ?? throw Err(path, sn.Line, "scenario", null,
                "expected [[scenario]] tables")
            : throw Err(path, 1, "scenario", null, "the suite has no [[scenario]]");
        var scenarios = new List<Scenario>();
        foreach (var node in list)
        {
            var t = node.Value as TomlTableNode
                ?? throw Err(path, node.Line, "scenario", null, "expected a table");
            var s = Scenario(t, defaults, suiteTol, name, path, dir);
            if (scenarios.Any(o => o.Name == s.Name))
                throw Err(path, t.Line, "name", s.Name, "is already the name of another scenario in this suite");
            scenarios.Add(s);
        }
        return new Suite
        {
            Name = name, File = path, Description = Str(root, "description", path) ?? "", GoldenPath = golden,
            Scenarios = scenarios,
        };
    }

    private static Scenario Scenario(TomlTableNode t, TomlTableNode defaults, Tolerance[] suiteTol, string suite,
        string path, string dir)
    {
        Known(t, ScenarioKeys, path, "[[scenario]]");
        string where = $"{path}:{t.Line}";
        string name = Str(t, "name", path) ?? throw Err(path, t.Line, "name", null, "every scenario needs a name");
        CheckName(name, path, t.Find("name")!.Line, "name");
        string config = Str(t, "config", path) ?? Str(defaults, "config", path) ?? Presets.Default;
        var configNode = t.Find("config") ?? defaults.Find("config");
        if (!Presets.Exists(config)) config = Rel(dir, config);
        var sets = (StrList(defaults, "set", path) ?? []).Concat(StrList(t, "set", path) ?? []).ToArray();
        MemoryConfig cfg;
        try { cfg = ConfigLoader.Load(config, sets); }
        catch (ConfigException e)
        {
            throw new ConfigException($"{path}:{configNode?.Line ?? t.Line}", $"scenario {name}", null, e.Message);
        }
        var wnode = t.Find("workload") ?? throw Err(path, t.Line, "workload", null,
            "every scenario needs a workload = { kind = ... }");
        var w = Workload(wnode.Value as TomlTableNode ?? throw Err(path, wnode.Line, "workload", null,
            "expected a table: workload = { kind = \"pattern\", ... }"), path, dir, cfg);
        var checks = new List<MetricCheck>();
        foreach (var src in new[] { defaults, t })
            if (src.Find("checks") is { } cn)
                foreach (var item in cn.Value as List<TomlNode> ?? throw Err(path, cn.Line, "checks", null,
                             "expected an array of strings such as [\"bandwidthPercentOfPeak >= 95\"]"))
                {
                    var c = MetricCheck.Parse(item.Value as string ?? throw Err(path, item.Line, "checks",
                        Convert.ToString(item.Value, CultureInfo.InvariantCulture), "expected a string"),
                        $"{path}:{item.Line}");
                    if (!ScenarioMetrics.IsKnown(w.Kind, c.Metric))
                        throw Err(path, item.Line, "checks", c.Text, $"{c.Metric} is not a metric of a " +
                            $"{w.Kind.ToString().ToLowerInvariant()} workload; it reports " +
                            string.Join(", ", ScenarioMetrics.Known(w.Kind).Take(40)));
                    checks.Add(c);
                }
        ulong? seed = null;
        if (t.Find("seed") is { } sd)
            seed = sd.Value is long l and >= 0 ? (ulong)l
                : throw Err(path, sd.Line, "seed", Convert.ToString(sd.Value, CultureInfo.InvariantCulture),
                    "expected a non-negative integer");
        var waves = WaveSpec.None;
        if (Table(t, "waves", path) is { } wt)
        {
            Known(wt, WaveKeys, path, "waves");
            waves = new WaveSpec(Bool(wt, "timeline", path) ?? false, Bool(wt, "vcd", path) ?? false,
                Str(wt, "window", path), Str(wt, "channels", path));
            try { Waves.WaveWindow.Parse(waves.Window, waves.Channels, cfg, "waves.window", "waves.channels"); }
            catch (ConfigException e)
            {
                throw new ConfigException($"{path}:{wt.Line}", $"scenario {name}", null, e.Message);
            }
        }
        long epochCycles = Integer(t, "epoch-cycles", "epoch-cycles", path, 1, 1L << 40) ?? 0;
        return new Scenario
        {
            Suite = suite, Name = name, Where = where, Waves = waves, EpochCycles = epochCycles,
            Tags = (StrList(defaults, "tags", path) ?? []).Concat(StrList(t, "tags", path) ?? []).Distinct().ToArray(),
            Config = config, Sets = sets, Workload = w, Checks = [.. checks],
            Tolerances = [.. suiteTol, .. Tolerances(Table(t, "tolerance", path), path)],
            UseGolden = Bool(t, "golden", path) ?? true,
            CheckTiming = Bool(t, "check-timing", path) ?? Bool(defaults, "check-timing", path) ?? true,
            PinnedSeed = seed,
        };
    }

    private static WorkloadSpec Workload(TomlTableNode t, string path, string dir, MemoryConfig cfg)
    {
        string kindText = Str(t, "kind", path) ?? throw Err(path, t.Line, "workload.kind", null,
            "expected pattern, trace, pim, decode or cosim");
        if (!Enum.TryParse<WorkloadKind>(kindText, true, out var kind) || int.TryParse(kindText, out _))
            throw Err(path, t.Find("kind")!.Line, "workload.kind", kindText,
                "expected pattern, trace, pim, decode or cosim");
        Known(t, WorkloadKeys[kind], path, $"a {kindText} workload");
        var d = new WorkloadSpec();
        int Line(string k) => t.Find(k)?.Line ?? t.Line;
        long Int(string k, long def, long min, long max) => Integer(t, k, $"workload.{k}", path, min, max) ?? def;
        var w = new WorkloadSpec
        {
            Kind = kind,
            Pattern = Str(t, "pattern", path) ?? d.Pattern,
            Requests = Int("requests", d.Requests, 1, Workloads.MaxRequests),
            ReadFraction = Num(t, "read-fraction", path, 0, 1) ?? d.ReadFraction,
            Stride = Int("stride", 0, 0, cfg.Org.CapacityBytes),
            File = Str(t, "file", path) is { } f ? Rel(dir, f) : null,
            Format = Str(t, "format", path) ?? d.Format,
            Kernel = (Str(t, "kernel", path) ?? d.Kernel).ToLowerInvariant(),
            M = (int)Int("m", d.M, 1, 1 << 20), N = (int)Int("n", d.N, 1, 1 << 20),
            Elements = Int("elements", d.Elements, 1, 1L << 32),
            Verify = Bool(t, "verify", path) ?? true,
            Model = Str(t, "model", path) ?? d.Model,
            Shape = Str(t, "shape", path),
            KvLength = t.Find("kv-length") != null ? (int)Int("kv-length", 0, 1, 1 << 24) : null,
            Stacks = (int)Int("stacks", 0, 0, 1024),
            Mode = (Str(t, "mode", path) ?? d.Mode).ToLowerInvariant(),
            Drive = Str(t, "drive", path) ?? d.Drive,
            DutPcs = t.Find("dut-pcs") is { } dp
                ? (dp.Value as List<TomlNode> ?? throw Err(path, dp.Line, "workload.dut-pcs", null,
                    "expected an array of pseudo-channel numbers")).Select(n => n.Value is long v && v >= 0
                    && v < cfg.Org.PseudoChannelsTotal ? (int)v : throw Err(path, n.Line, "workload.dut-pcs",
                        Convert.ToString(n.Value, CultureInfo.InvariantCulture),
                        $"pseudo-channels are 0..{cfg.Org.PseudoChannelsTotal - 1}")).ToArray()
                : d.DutPcs,
        };
        try
        {
            Workloads.ParsePattern(w.Pattern);
            Workloads.ParseFormat(w.Format);
        }
        catch (ConfigException e)
        {
            throw Err(path, Line(t.Find("pattern") != null ? "pattern" : "format"), "workload", null, e.Message);
        }
        switch (kind)
        {
            case WorkloadKind.Trace:
                if (w.File == null) throw Err(path, t.Line, "workload.file", null, "a trace workload needs a file");
                if (!File.Exists(w.File)) throw Err(path, Line("file"), "workload.file", w.File, "no such file");
                break;
            case WorkloadKind.Pim when w.Kernel is not ("gemv" or "add" or "mul" or "relu"):
                throw Err(path, Line("kernel"), "workload.kernel", w.Kernel, "expected gemv, add, mul or relu");
            case WorkloadKind.Pim or WorkloadKind.Decode when cfg.Pim.Architecture == PimArchitecture.None:
                throw Err(path, t.Line, "workload", kindText, $"needs a PIM configuration; {cfg.Name} has no PIM");
            case WorkloadKind.Decode:
                try { PimCommand.Shape(w.Shape, w.Model, w.KvLength); }
                catch (ConfigException e) { throw Err(path, Line("model"), "workload", null, e.Message); }
                break;
            case WorkloadKind.Cosim:
                if (w.Mode is not ("checker" or "dut"))
                    throw Err(path, Line("mode"), "workload.mode", w.Mode, "expected checker or dut");
                string dv = w.Drive.ToLowerInvariant();
                if (w.Mode == "dut" && dv is not ("gemv" or "add" or "mul" or "relu"))
                    throw Err(path, Line("drive"), "workload.drive", w.Drive,
                        "DUT mode runs PIM kernels: expected gemv, add, mul or relu (traffic runs in checker mode)");
                if (dv is not ("stream" or "random" or "mix" or "strided" or "gemv" or "add" or "mul" or "relu"))
                {
                    w = w with { Drive = Rel(dir, w.Drive) };
                    if (!File.Exists(w.Drive))
                        throw Err(path, Line("drive"), "workload.drive", w.Drive, "expected stream, random, mix, " +
                            "strided, gemv, add, mul, relu or a trace file (no such file)");
                }
                break;
        }
        return w;
    }

    private static Tolerance[] Tolerances(TomlTableNode? t, string path) =>
        t == null ? [] : t.Entries.Select(e => Tolerance.Parse(e.Key, e.Value, $"{path}:{e.Value.Line}")).ToArray();

    private static void CheckName(string name, string path, int line, string key)
    {
        if (name.Length is 0 or > 100 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.'))
            throw Err(path, line, key, name, "expected 1-100 letters, digits, '-', '_' or '.'");
    }

    private static void Known(TomlTableNode t, string[] keys, string path, string what)
    {
        foreach (var (k, v) in t.Entries)
            if (!keys.Contains(k))
                throw Err(path, v.Line, k, null, $"unknown key in {what}; expected one of {string.Join(", ", keys)}");
    }

    private static string Rel(string dir, string p) => Path.IsPathRooted(p) ? p
        : Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(Path.Combine(dir, p)));

    private static ConfigException Err(string path, int line, string key, string? value, string rule) =>
        new($"{path}:{line}", key, value, rule);

    private static TomlTableNode? Table(TomlTableNode t, string key, string path) => t.Find(key) switch
    {
        null => null,
        { Value: TomlTableNode tt } => tt,
        var n => throw Err(path, n.Line, key, null, "expected a table"),
    };

    private static string? Str(TomlTableNode t, string key, string path) => t.Find(key) switch
    {
        null => null,
        { Value: string s } => s,
        var n => throw Err(path, n.Line, key, Convert.ToString(n.Value, CultureInfo.InvariantCulture),
            "expected a string in quotes"),
    };

    private static bool? Bool(TomlTableNode t, string key, string path) => t.Find(key) switch
    {
        null => null,
        { Value: bool b } => b,
        var n => throw Err(path, n.Line, key, Convert.ToString(n.Value, CultureInfo.InvariantCulture),
            "expected true or false"),
    };

    private static long? Integer(TomlTableNode t, string key, string field, string path, long min, long max)
    {
        if (t.Find(key) is not { } n) return null;
        if (n.Value is long v && v >= min && v <= max) return v;
        throw Err(path, n.Line, field, Convert.ToString(n.Value, CultureInfo.InvariantCulture),
            $"expected an integer in {min}..{max}");
    }

    private static double? Num(TomlTableNode t, string key, string path, double min, double max)
    {
        if (t.Find(key) is not { } n) return null;
        double? v = n.Value switch { long l => l, double d => d, _ => null };
        if (v is { } x && double.IsFinite(x) && x >= min && x <= max) return x;
        throw Err(path, n.Line, key, Convert.ToString(n.Value, CultureInfo.InvariantCulture),
            $"expected a number in {min.ToString(CultureInfo.InvariantCulture)}.." +
            max.ToString(CultureInfo.InvariantCulture));
    }

    private static string[]? StrList(TomlTableNode t, string key, string path)
    {
        if (t.Find(key) is not { } n) return null;
        if (n.Value is not List<TomlNode> l) throw Err(path, n.Line, key, null, "expected an array of strings");
        return l.Select(i => i.Value as string ?? throw Err(path, i.Line, key,
            Convert.ToString(i.Value, CultureInfo.InvariantCulture), "expected a string")).ToArray();
    }
}
