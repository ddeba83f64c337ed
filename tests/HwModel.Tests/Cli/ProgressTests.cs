using System.Diagnostics;
using Xunit;

namespace HwModel.Tests.Cli;

/// <summary>A long run on a terminal shows its progress: requests, simulated cycles, rate, share done and
/// ETA.</summary>
public class ProgressTests
{
    [Fact]
    public async Task ALongRunOnATerminalShowsRequestsCyclesRateAndEta()
    {
        // script(1) gives the CLI a pseudo-terminal, as a user's shell would
        string cli = $"dotnet {Path.Combine(AppContext.BaseDirectory, "hwmodel.dll")} run --requests 3000000 --quiet";
        var psi = new ProcessStartInfo("script", ["-qfec", cli, "/dev/null"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["TERM"] = "xterm-256color";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "the run did not end in 120 s");
        var text = (await output).Replace('\r', '\n');
        Assert.True(p.ExitCode == 0, text);
        var line = text.Split('\n').LastOrDefault(l => l.Contains(" requests, ", StringComparison.Ordinal));
        Assert.True(line != null, $"no progress line in:\n{text[..Math.Min(2000, text.Length)]}");
        Assert.Matches(@"[\d,]+ requests, [\d,]+ cycles, \d+\.\d\d M req/s", line);
        Assert.Matches(@"\d+%", line);
        Assert.Matches(@"\d\d:\d\d:\d\d", line);
    }
}
