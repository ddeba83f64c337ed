using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using HwModel.Config;

namespace HwModel.Bridge.Dut;

/// <summary>
/// Runs Verilator's front end on a team's design before anything is built: a lint (errors as file:line, exit 2)
/// and an elaboration to XML from which the top module's ports and parameter values are read.
/// </summary>
public static partial class VerilatorFrontEnd
{
    /// <summary>Longest the lint or the elaboration may take.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>Lints the design with the parameters given; throws a <see cref="ConfigException"/> listing
    /// Verilator's errors (file:line: message). Returns the number of warnings.</summary>
    public static int Lint(RtlDesign d, IEnumerable<string> parameters)
    {
        var (code, text) = Run(d, ["--lint-only", "-Wall", "-Wno-fatal", "-Wno-DECLFILENAME", "-Wno-UNUSED",
            .. parameters]);
        var errors = ErrorLine().Matches(text).Select(m => $"{m.Groups[1].Value}: {m.Groups[2].Value.Trim()}")
            .Distinct().ToList();
        if (code != 0 || errors.Count > 0)
        {
            if (errors.Count == 0) errors.Add(text.Trim().Split('\n').LastOrDefault() ?? $"verilator exit {code}");
            var shown = errors.Take(10).ToList();
            if (errors.Count > 10) shown.Add($"... {errors.Count - 10} more");
            var first = ErrorLine().Match(text);
            string origin = first.Success ? first.Groups[1].Value : "--rtl";
            throw new ConfigException(origin, "--rtl", null,
                "Verilator lint failed:\n  " + string.Join("\n  ", shown));
        }
        return WarningLine().Matches(text).Count;
    }

    /// <summary>The design's top module: its ports (name, direction, width) and parameter values.</summary>
    public static DesignTop Elaborate(RtlDesign d, IEnumerable<string> parameters)
    {
        string xml = Path.Combine(Path.GetTempPath(), $"hwmodel-elab-{Environment.ProcessId}-{Guid.NewGuid():N}.xml");
        try
        {
            var (code, text) = Run(d, ["--xml-only", "--xml-output", xml, "-Wno-fatal", "-Wno-lint", "-Wno-style",
                .. parameters]);
            if (code != 0 || !File.Exists(xml))
                throw new ConfigException("--rtl", "--rtl", null, "Verilator could not elaborate the design: " +
                    (ErrorLine().Match(text) is { Success: true } m ? $"{m.Groups[1].Value}: {m.Groups[2].Value}"
                        : text.Trim()));
            return Read(XDocument.Load(xml), d.Top);
        }
        finally { File.Delete(xml); }
    }

    /// <summary>Reads the top module out of Verilator's XML (basic types only: a port of a struct or array type
    /// is refused, since the contract's ports are plain vectors).</summary>
    internal static DesignTop Read(XDocument doc, string top)
    {
        var root = doc.Root!;
        var files = new Dictionary<string, string>();
        foreach (var f in root.Descendants("files").Elements("file"))
            files.TryAdd((string)f.Attribute("id")!, (string)f.Attribute("filename")!);
        var types = new Dictionary<string, XElement>();
        foreach (var e in root.Descendants("typetable").Elements().Where(e => e.Attribute("id") != null))
            types.TryAdd((string)e.Attribute("id")!, e);
        string Where(XElement e)
        {
            var loc = ((string?)e.Attribute("loc") ?? "").Split(',');
            return loc.Length >= 2 && files.TryGetValue(loc[0], out var f) ? $"{f}:{loc[1]}" : top;
        }
        var mod = root.Descendants("module").FirstOrDefault(m => (string?)m.Attribute("topModule") == "1")
            ?? throw new ConfigException("--top", "--top", top, "Verilator found no top module");
        var ports = new List<DesignPort>();
        var pars = new Dictionary<string, long>();
        foreach (var v in mod.Elements("var"))
        {
            string name = (string?)v.Attribute("origName") ?? (string)v.Attribute("name")!;
            if ((string?)v.Attribute("param") == "true")
            {
                if (v.Element("const") is { } c && Number((string)c.Attribute("name")!) is { } n) pars[name] = n;
                continue;
            }
            if ((string?)v.Attribute("dir") is not { } dir) continue;
            int width = -1;
            if (types.TryGetValue((string)v.Attribute("dtype_id")!, out var t) && t.Name == "basicdtype")
            {
                var l = (string?)t.Attribute("left");
                var r = (string?)t.Attribute("right");
                width = l == null ? 1 : Math.Abs(int.Parse(l, CultureInfo.InvariantCulture)
                    - int.Parse(r!, CultureInfo.InvariantCulture)) + 1;
            }
            if (dir == "inout")
                throw new ConfigException(Where(v), name, null, "inout ports are not part of the DUT contract");
            ports.Add(new DesignPort(name, dir == "input", width, Where(v)));
        }
        return new DesignTop((string?)mod.Attribute("origName") ?? top, Where(mod), ports, pars);
    }

    /// <summary>A Verilator constant (<c>32'sh40</c>, <c>32'h1f</c>, <c>5</c>) as a number, or null.</summary>
    internal static long? Number(string s)
    {
        int q = s.IndexOf('\'');
        if (q < 0) return long.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : null;
        string rest = s[(q + 1)..].TrimStart('s', 'S');
        if (rest.Length < 2) return null;
        int b = char.ToLowerInvariant(rest[0]) switch { 'h' => 16, 'd' => 10, 'b' => 2, 'o' => 8, _ => 0 };
        if (b == 0) return null;
        try { return Convert.ToInt64(rest[1..].Replace("_", ""), b); }
        catch (FormatException) { return null; }
        catch (OverflowException) { return null; }
    }

    private static (int Code, string Text) Run(RtlDesign d, string[] mode)
    {
        var psi = new ProcessStartInfo("verilator") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in mode) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--top-module");
        psi.ArgumentList.Add(d.Top);
        foreach (var a in d.VerilatorArgs()) psi.ArgumentList.Add(a);
        foreach (var s in d.Sources) psi.ArgumentList.Add(s);
        try
        {
            var (code, o, e) = ChildProcess.Run(psi, Limit);
            return (code, o + e);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ConfigException("--rtl", "--rtl", null,
                "verilator is not installed (scripts/setup-rtl installs it: apt-get install verilator)");
        }
        catch (TimeoutException e) { throw new RtlException("verilator: " + e.Message); }
    }

    [GeneratedRegex(@"%Error(?:-[A-Z0-9_]+)?: ([^\s:][^:\n]*:\d+)(?::\d+)?: ([^\n]*)")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"%Warning-")]
    private static partial Regex WarningLine();
}
