using System.Reflection;
using System.Text.Json;
using HwModel.Bridge;
using Xunit;

namespace HwModel.Tests.Cli;

/// <summary>Every bad input of testbenches/reliability/cases.toml against the real CLI: the exit code, the message,
/// no stack trace, the files left alone; and docs/reliability.md's table generated from the same file.</summary>
public class BadInputCaseTests
{
    public static IEnumerable<object[]> Cases =>
        BadInputCase.All.Where(c => c.Test == null).Select(c => new object[] { c.Id });

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInputGetsItsExitCodeAndMessage(string id)
    {
        var c = BadInputCase.All.Single(x => x.Id == id);
        if (c.Needs == "rtl") RtlBuild.EnsureBuilt(TextWriter.Null);
        var dir = Path.Combine(Path.GetTempPath(), "hwmodel-bad", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        c.Materialise(dir);
        var before = c.Unchanged.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(dir, f)));
        var (code, o, e) = CliTests.HwIn(dir, c.ExpandedArgs);
        string all = o + e;
        Assert.False(all.Contains("   at ", StringComparison.Ordinal) || all.Contains("Unhandled exception"),
            $"stack trace:\n{all}");
        Assert.False(all.Contains("internal error", StringComparison.Ordinal), all);
        Assert.True(code == c.Exit, $"exit {code}, expected {c.Exit}\n{e}");
        if (c.Message.Length > 0) Assert.Contains(c.Message, e);
        if (c.Exit == 2) Assert.StartsWith("error: ", e.TrimStart());
        foreach (var (f, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(dir, f)));
        foreach (var f in c.Absent) Assert.False(File.Exists(Path.Combine(dir, f)), $"{f} was written");
        if (c.Json.Count > 0)
        {
            // what was computed before the bad line is still reported
            var path = Path.Combine(dir, c.Args[Array.IndexOf(c.Args, "--stats-json") + 1]);
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var (k, v) in c.Json)
                Assert.Equal((string)v!, doc.RootElement.GetProperty(k).ToString());
        }
        foreach (var f in c.Vcd) AssertWellFormedVcd(Path.Combine(dir, f));
        Directory.Delete(dir, true);
    }

    /// <summary>A VCD that a waveform viewer opens: its header ends, and every $ keyword is closed.</summary>
    internal static void AssertWellFormedVcd(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var text = File.ReadAllText(path);
        Assert.Contains("$enddefinitions $end", text);
        var header = text[..text.IndexOf("$enddefinitions", StringComparison.Ordinal)];
        int opened = System.Text.RegularExpressions.Regex.Matches(header, @"\$(?!end\b)[a-z]+").Count;
        int closed = System.Text.RegularExpressions.Regex.Matches(header, @"\$end\b").Count;
        Assert.Equal(opened, closed);
    }

    [Fact]
    public void EveryFaultRowNamesATestThatExists()
    {
        var asm = typeof(BadInputCaseTests).Assembly;
        foreach (var c in BadInputCase.All.Where(c => c.Test != null))
        {
            int dot = c.Test!.LastIndexOf('.');
            var type = asm.GetType("HwModel.Tests." + c.Test[..dot]);
            Assert.True(type != null, $"{c.Id}: no test class {c.Test[..dot]}");
            Assert.True(type!.GetMethod(c.Test[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance) != null,
                $"{c.Id}: no test {c.Test}");
        }
        Assert.Equal(BadInputCase.All.Count, BadInputCase.All.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void ReliabilityDocTableIsGeneratedFromTheCases()
    {
        var doc = Path.Combine(Paths.Root, "docs", "reliability.md");
        const string begin = "<!-- cases: generated from testbenches/reliability/cases.toml -->";
        const string end = "<!-- end cases -->";
        var text = File.ReadAllText(doc);
        int a = text.IndexOf(begin, StringComparison.Ordinal), b = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, "docs/reliability.md lacks the generated-table markers");
        var expected = text[..(a + begin.Length)] + "\n" + BadInputCase.MarkdownTable() + text[b..];
        if (Environment.GetEnvironmentVariable("HWMODEL_REGEN") == "1") { File.WriteAllText(doc, expected); return; }
        Assert.True(expected == text,
            "docs/reliability.md's table is out of date: HWMODEL_REGEN=1 ./run-tests --filter Reliability rewrites it");
    }
}
