using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace HwModel.Tests.Cli;

/// <summary>One row of testbenches/reliability/cases.toml: a bad input or fault, the exit code and message it
/// gets.</summary>
public sealed record BadInputCase(string Id, string Class, string Input, string[] Args, int Exit, string Message,
    TomlTable Files, TomlTable Links, TomlTable HardLinks, string[] Unchanged, string[] Absent, TomlTable Json,
    string[] Vcd, string? Needs, string? Test)
{
    public static string FilePath => Paths.Testbench("reliability", "cases.toml");

    /// <summary>Every case, in file order.</summary>
    public static IReadOnlyList<BadInputCase> All { get; } = Load();

    public override string ToString() => Id;

    private static List<BadInputCase> Load()
    {
        var root = TomlSerializer.Deserialize(File.ReadAllText(FilePath),
            HwModel.Config.ConfigToml.Default.TomlTable)!;
        var list = new List<BadInputCase>();
        foreach (TomlTable t in (TomlTableArray)root["case"])
        {
            string S(string k) => t.TryGetValue(k, out var v) ? (string)v : "";
            string[] A(string k) => t.TryGetValue(k, out var v) ? ((TomlArray)v).Select(x => (string)x!).ToArray() : [];
            TomlTable T(string k) => t.TryGetValue(k, out var v) ? (TomlTable)v : [];
            list.Add(new BadInputCase(S("id"), S("class"), S("input"), A("args"), (int)(long)t["exit"], S("message"),
                T("files"), T("symlinks"), T("hardlinks"), A("unchanged"), A("absent"), T("json"), A("vcd"),
                t.TryGetValue("needs", out var n) ? (string)n : null,
                t.TryGetValue("test", out var x) ? (string)x : null));
        }
        return list;
    }

    /// <summary>Makes the case's files in <paramref name="dir"/>.</summary>
    public void Materialise(string dir)
    {
        foreach (var (name, value) in Files)
        {
            var path = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (value is string text) { File.WriteAllText(path, text); continue; }
            var spec = (TomlTable)value!;
            var content = File.ReadAllText(Paths.Testbench(((string)spec["from"]).Split('/')));
            foreach (var (key, v) in (TomlTable)spec["set"])
                content = Regex.Replace(content, $@"(?m)^{Regex.Escape(key)}\s*=.*$", $"{key} = {v}");
            File.WriteAllText(path, content);
        }
        foreach (var (name, target) in Links) File.CreateSymbolicLink(Path.Combine(dir, name), (string)target!);
        foreach (var (name, target) in HardLinks)
        {
            var p = System.Diagnostics.Process.Start("ln",
                [Path.Combine(dir, (string)target!), Path.Combine(dir, name)]);
            p.WaitForExit(10_000);
        }
    }

    /// <summary>The arguments with {tb} replaced by the testbenches folder.</summary>
    public string[] ExpandedArgs => Args.Select(a => a.Replace("{tb}", Paths.Testbench())).ToArray();

    /// <summary>The markdown table of docs/reliability.md, generated from the cases.</summary>
    public static string MarkdownTable()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| # | class | bad input or fault | exit | message (part) | held by |");
        sb.AppendLine("|---|---|---|---|---|---|");
        int i = 0;
        foreach (var c in All)
        {
            string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
            string held = c.Test != null ? $"`{c.Test}`" : $"`BadInputCaseTests({c.Id})`";
            string msg = c.Message.Length == 0 ? (c.Exit == 0 ? "(runs; see the case)" : "(violations listed)")
                : $"`{Cell(c.Message).Replace("`", "'")}`";
            sb.AppendLine($"| {++i} | {c.Class} | {Cell(c.Input)} | {c.Exit} | {msg} | {held} |");
        }
        return sb.ToString();
    }
}
