using System.Diagnostics;
using System.Globalization;

namespace HwModel.Bridge.Dut;

/// <summary>RTL code coverage: Verilator's counts (written by a server built with coverage) exported as lcov with
/// <c>verilator_coverage</c>, and the line totals read back from the lcov file.</summary>
public static class RtlCoverage
{
    /// <summary>Writes <paramref name="info"/> (lcov) from <paramref name="dat"/>; returns the lines hit and found.
    /// </summary>
    public static (long Hit, long Found) Export(string dat, string info)
    {
        if (!File.Exists(dat)) throw new RtlException($"the RTL server wrote no coverage data ({dat})");
        var psi = new ProcessStartInfo("verilator_coverage")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[] { "--write-info", info, dat }) psi.ArgumentList.Add(a);
        var (code, o, e) = ChildProcess.Run(psi, TimeSpan.FromMinutes(5));
        if (code != 0) throw new RtlException($"verilator_coverage failed (exit {code}): {o}{e}");
        // verilator_coverage writes DA:line,count records without LH/LF totals: count them
        long hit = 0, found = 0;
        foreach (var line in File.ReadLines(info))
        {
            if (!line.StartsWith("DA:", StringComparison.Ordinal)) continue;
            found++;
            int comma = line.IndexOf(',');
            if (comma > 0 && long.TryParse(line.AsSpan(comma + 1), NumberStyles.None, CultureInfo.InvariantCulture,
                    out long n) && n > 0) hit++;
        }
        return (hit, found);
    }
}
