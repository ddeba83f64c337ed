using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace HwModel.Bridge.Dut;

/// <summary>
/// Builds a team's design into the RTL server: lint, port check against <see cref="DutContract"/>, generated
/// wrapper, one Verilated model, cached under a content hash of the sources, options and toolchain so the next run
/// starts at once. The cache is <c>HWMODEL_RTL_CACHE</c>, else <c>.build/rtl</c> in the checkout.
/// </summary>
public static class DesignBuild
{
    /// <summary>The harness's sizes for a top that declares them: the project's own slices' (banks, stored rows).
    /// </summary>
    public static (int Banks, int Rows) HarnessSizes(bool pim) => pim ? (32, 512) : (64, 256);

    /// <summary>Banks and stored rows a top without those parameters must hold.</summary>
    public const int DefaultBanks = 64, DefaultRows = 256;

    public static string CacheRoot => Environment.GetEnvironmentVariable("HWMODEL_RTL_CACHE") is { Length: > 0 } c
        ? c : Path.Combine(RtlBuild.Root, ".build", "rtl");

    private static readonly object Lock = new();

    /// <summary>What one build produced: the server, its folder, and whether it came from the cache.</summary>
    public sealed record Result(string ServerPath, string Folder, bool Cached, int LintWarnings, double Seconds);

    /// <summary>Returns the server for this design and PIM setting, building it when the cache has none.</summary>
    public static Result EnsureBuilt(RtlDesign d, bool pim, TextWriter? log = null, bool coverage = false)
    {
        log ??= Console.Error;
        var sw = Stopwatch.StartNew();
        lock (Lock)
        {
            string hash = d.Hash(HashInputs(pim, coverage));
            string folder = Path.Combine(CacheRoot, $"{d.Top}-{hash}");
            string server = Path.Combine(folder, "build", "hwmodel-rtl-server");
            string done = Path.Combine(folder, "built.txt");
            if (File.Exists(done) && File.Exists(server)) return new Result(server, folder, true, 0, 0);
            // which harness parameters the top declares decides what is passed
            var parameters = d.Params.ToList();
            var first = VerilatorFrontEnd.Elaborate(d, Overrides(parameters));
            var (banks, rows) = HarnessSizes(pim);
            void Harness(string name, long value)
            {
                if (first.Parameters.ContainsKey(name) && parameters.All(p => p.Key != name))
                    parameters.Add(new(name, value.ToString(CultureInfo.InvariantCulture)));
            }
            Harness("MAX_BANKS", banks);
            Harness("STORED_ROWS", rows);
            Harness("MAX_PER", 24);
            if (!pim) Harness("PIM_UNITS", 0);
            int warnings = VerilatorFrontEnd.Lint(d, Overrides(parameters));
            var top = VerilatorFrontEnd.Elaborate(d, Overrides(parameters));
            DesignWrapper.Check(top);
            long maxBanks = top.Parameters.GetValueOrDefault("MAX_BANKS", DefaultBanks);
            long storedRows = top.Parameters.GetValueOrDefault("STORED_ROWS", DefaultRows);
            if (maxBanks is < 1 or > 64 || storedRows < 1)
                throw new Config.ConfigException($"--top {top.Name}", "MAX_BANKS/STORED_ROWS",
                    $"{maxBanks}/{storedRows}", "expected 1..64 banks and at least one stored row");
            foreach (var tool in new[] { "cmake", "protoc", "grpc_cpp_plugin", "pkg-config" })
                if (!RtlBuild.OnPath(tool))
                    throw new RtlException($"building the design needs '{tool}'; run scripts/setup-rtl");
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
            Directory.CreateDirectory(folder);
            string wrapper = Path.Combine(folder, DesignWrapper.Module + ".v");
            File.WriteAllText(wrapper, DesignWrapper.Verilog(top, parameters));
            string files = $"{d.Sources.Count} source file{(d.Sources.Count == 1 ? "" : "s")}";
            log.WriteLine($"hwmodel: building {d.Top} ({files}" +
                $", lint: {warnings} warning{(warnings == 1 ? "" : "s")}) into {folder} ...");
            string build = Path.Combine(folder, "build");
            Directory.CreateDirectory(build);
            var args = d.Defines.Select(k => k.Value == null ? $"+define+{k.Key}" : $"+define+{k.Key}={k.Value}");
            var gen = RtlBuild.OnPath("ninja") ? new[] { "-G", "Ninja" } : [];
            RtlBuild.Run("cmake", [.. gen, "-DCMAKE_BUILD_TYPE=Release",
                "-DHWMODEL_DUT_SOURCES=" + string.Join(';', d.Sources.Append(wrapper)),
                "-DHWMODEL_DUT_INCLUDES=" + string.Join(';', d.Includes),
                "-DHWMODEL_DUT_ARGS=" + string.Join(';', args),
                $"-DHWMODEL_DUT_MAX_BANKS={maxBanks}", $"-DHWMODEL_DUT_STORED_ROWS={storedRows}",
                $"-DHWMODEL_DUT_COVERAGE={(coverage ? "ON" : "OFF")}",
                Path.Combine(RtlBuild.Root, "rtl", "server")], build, log);
            RtlBuild.Run("cmake", ["--build", ".", "--parallel", Environment.ProcessorCount.ToString(
                CultureInfo.InvariantCulture)], build, log);
            if (!File.Exists(server)) throw new RtlException("the design's build finished without " + server);
            File.WriteAllText(done, Describe(d, parameters, maxBanks, storedRows, pim));
            log.WriteLine($"hwmodel: built {d.Top} in {sw.Elapsed.TotalSeconds:F0} s");
            return new Result(server, folder, false, warnings, sw.Elapsed.TotalSeconds);
        }
    }

    private static IEnumerable<string> Overrides(IEnumerable<KeyValuePair<string, string>> ps) =>
        ps.Select(p => $"-G{p.Key}={p.Value}");

    /// <summary>Everything besides the design that decides the build: contract, PIM setting, coverage, the
    /// toolchain's versions and the server's sources.</summary>
    private static IEnumerable<string> HashInputs(bool pim, bool coverage)
    {
        yield return $"contract v{DutContract.Version} pim={pim} coverage={coverage}";
        yield return Version("verilator", "--version");
        yield return Version("c++", "--version");
        string root = RtlBuild.Root;
        foreach (var f in Directory.EnumerateFiles(Path.Combine(root, "rtl", "server")).Order(StringComparer.Ordinal))
            yield return Path.GetFileName(f) + ":" + File.ReadAllText(f);
        yield return File.ReadAllText(Path.Combine(root, "bridge", "proto", "cosim.proto"));
    }

    private static string Version(string tool, string arg)
    {
        try
        {
            var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(arg);
            var (code, o, _) = ChildProcess.Run(psi, TimeSpan.FromSeconds(30));
            return $"{tool}:{code}:{o.Split('\n')[0]}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new Config.ConfigException("--rtl", "--rtl", null,
                $"{tool} is not installed (scripts/setup-rtl installs the RTL toolchain)");
        }
    }

    private static string Describe(RtlDesign d, List<KeyValuePair<string, string>> ps, long banks, long rows, bool pim)
    {
        var sb = new StringBuilder();
        sb.Append($"top {d.Top}, DUT contract v{DutContract.Version}, pim {pim}, banks {banks}, stored rows {rows}\n");
        foreach (var s in d.Sources) sb.Append("source ").Append(s).Append('\n');
        foreach (var i in d.Includes) sb.Append("include ").Append(i).Append('\n');
        foreach (var (k, v) in d.Defines) sb.Append($"define {k}{(v == null ? "" : "=" + v)}\n");
        foreach (var (k, v) in ps) sb.Append($"param {k}={v}\n");
        return sb.ToString();
    }
}
