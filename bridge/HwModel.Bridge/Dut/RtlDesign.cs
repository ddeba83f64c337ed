using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HwModel.Config;

namespace HwModel.Bridge.Dut;

/// <summary>
/// A team's design brought with <c>--rtl FILE...|DIR --top MODULE</c>: its sources, top module, include folders,
/// defines and parameters, checked and resolved to absolute paths before any tool runs.
/// </summary>
public sealed partial class RtlDesign
{
    /// <summary>File endings read as sources when <c>--rtl</c> names a folder.</summary>
    public static readonly string[] SourceEndings = [".v", ".sv"];

    public IReadOnlyList<string> Sources { get; }
    public string Top { get; }
    public IReadOnlyList<string> Includes { get; }
    public IReadOnlyList<KeyValuePair<string, string?>> Defines { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Params { get; }

    private RtlDesign(List<string> sources, string top, List<string> includes,
        List<KeyValuePair<string, string?>> defines, List<KeyValuePair<string, string>> parameters)
    {
        Sources = sources; Top = top; Includes = includes; Defines = defines; Params = parameters;
    }

    /// <summary>Checks every option and resolves folders to their sources; a <see cref="ConfigException"/> names
    /// the option and value at fault.</summary>
    public static RtlDesign Resolve(IEnumerable<string> rtl, string? top, IEnumerable<string>? includes = null,
        IEnumerable<string>? defines = null, IEnumerable<string>? parameters = null)
    {
        var sources = new List<string>();
        var inc = new List<string>();
        foreach (var r in rtl)
        {
            if (Directory.Exists(r))
            {
                var dir = Path.GetFullPath(r);
                var found = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                    .Where(f => SourceEndings.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                    throw new ConfigException("--rtl", "--rtl", r, "the folder holds no .v or .sv file");
                sources.AddRange(found);
                inc.Add(dir);
            }
            else if (File.Exists(r))
            {
                if (!SourceEndings.Contains(Path.GetExtension(r)))
                    throw new ConfigException("--rtl", "--rtl", r, "expected a .v or .sv file or a folder of them");
                sources.Add(Path.GetFullPath(r));
                inc.Add(Path.GetDirectoryName(Path.GetFullPath(r))!);
            }
            else throw new ConfigException("--rtl", "--rtl", r, "no such file or folder");
        }
        if (sources.Count == 0) throw new ConfigException("--rtl", "--rtl", null, "expected a source file or folder");
        if (string.IsNullOrWhiteSpace(top))
            throw new ConfigException("--top", "--top", top, "expected the design's top module (with --rtl)");
        if (!Identifier().IsMatch(top)) throw new ConfigException("--top", "--top", top, "expected a module name");
        foreach (var d in includes ?? [])
        {
            if (!Directory.Exists(d)) throw new ConfigException("--rtl-include", "--rtl-include", d, "no such folder");
            inc.Add(Path.GetFullPath(d));
        }
        var defs = new List<KeyValuePair<string, string?>>();
        foreach (var d in defines ?? [])
        {
            int eq = d.IndexOf('=');
            string k = eq < 0 ? d : d[..eq];
            if (!Identifier().IsMatch(k))
                throw new ConfigException("--rtl-define", "--rtl-define", d, "expected NAME or NAME=VALUE");
            defs.Add(new(k, eq < 0 ? null : d[(eq + 1)..]));
        }
        var ps = new List<KeyValuePair<string, string>>();
        foreach (var p in parameters ?? [])
        {
            int eq = p.IndexOf('=');
            if (eq <= 0 || !Identifier().IsMatch(p[..eq]) || !Literal().IsMatch(p[(eq + 1)..]))
                throw new ConfigException("--rtl-param", "--rtl-param", p,
                    "expected NAME=VALUE with a Verilog number (42, 8'hFF) or a quoted string");
            ps.Add(new(p[..eq], p[(eq + 1)..]));
        }
        return new RtlDesign(sources.Distinct().ToList(), top, inc.Distinct().ToList(), defs, ps);
    }

    /// <summary>Verilator's arguments for this design (includes, defines, parameters of the top).</summary>
    public IEnumerable<string> VerilatorArgs()
    {
        foreach (var i in Includes) yield return "-I" + i;
        foreach (var (k, v) in Defines) yield return v == null ? $"+define+{k}" : $"+define+{k}={v}";
    }

    /// <summary>A content hash of everything that decides the build: sources and the files of the include folders,
    /// top, defines, parameters, extra inputs (toolchain versions, server sources) given by the caller.</summary>
    public string Hash(IEnumerable<string> extra)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s) { h.AppendData(Encoding.UTF8.GetBytes(s)); h.AppendData([0]); }
        var files = Sources.Concat(Includes.SelectMany(d => Directory
                .EnumerateFiles(d, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".vh") || f.EndsWith(".svh") || SourceEndings.Contains(Path.GetExtension(f)))))
            .Distinct().Order(StringComparer.Ordinal);
        foreach (var f in files) { Add(f); h.AppendData(File.ReadAllBytes(f)); }
        Add("top=" + Top);
        foreach (var (k, v) in Defines) Add($"D{k}={v}");
        foreach (var (k, v) in Params) Add($"P{k}={v}");
        foreach (var e in extra) Add(e);
        return Convert.ToHexString(h.GetHashAndReset())[..16].ToLowerInvariant();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^(\"[^\"\\\\]*\"|[0-9]*'?[sS]?[bBoOdDhH]?[0-9a-fA-FxXzZ_]+(\\.[0-9]+)?|-?[0-9]+)$")]
    private static partial Regex Literal();
}
