using HwModel.Traces;
using Xunit;

namespace HwModel.Tests;

public class TraceTests
{
    private static List<TraceRecord> ReadAll(string path, TraceFormat f = TraceFormat.Auto)
    {
        using var r = new TraceFileReader(path, f, 32);
        var list = new List<TraceRecord>();
        while (r.TryRead(out var rec)) { rec.Data = rec.Data.ToArray(); list.Add(rec); }
        return list;
    }

    [Fact]
    public void DramSim3FormatIsDetectedAndParsed()
    {
        var t = ReadAll(Paths.Testbench("traces", "sample.dramsim3.trace"));
        Assert.Equal(3, t.Count);
        Assert.Equal((0x2000D5C0L, false, 30L), (t[0].Address, t[0].IsWrite, t[0].Cycle));
        Assert.True(t[1].IsWrite);
    }

    [Fact]
    public void RamulatorFormatIsDetectedAndParsed()
    {
        var t = ReadAll(Paths.Testbench("traces", "sample.ramulator.trace"));
        Assert.Equal([0x12340L, 0x12360L, 0x400140L], t.Select(x => x.Address));
        Assert.Equal([false, true, false], t.Select(x => x.IsWrite));
        Assert.All(t, x => Assert.Equal(0, x.Cycle));
    }

    [Fact]
    public void DramSysFormatIsDetectedAndParsed()
    {
        var t = ReadAll(Paths.Testbench("traces", "sample.stl"));
        Assert.Equal([31L, 32L, 40L], t.Select(x => x.Cycle));
        Assert.True(t[1].IsWrite);
    }

    [Fact]
    public void NativeFormatCarriesSizeAndData()
    {
        var t = ReadAll(Paths.Testbench("traces", "sample.native.trace"));
        Assert.Equal(32, t[0].Size);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (byte)i), t[0].Data.ToArray());
        Assert.Equal(32, t[2].Size); // default size
    }

    [Theory]
    [InlineData("0x2000D5C0 READ 30\n0x2000D5E0 WRITE 31\n0x12340 FETCH 40\n", TraceFormat.Auto, ":3:", "expected READ or WRITE")]
    [InlineData("0x2000D5C0 READ 30\n0xZZ READ 31\n", TraceFormat.Auto, ":2:", "expected address")]
    [InlineData("0x2000D5C0 READ\n", TraceFormat.Auto, ":1:", "missing cycle")]
    [InlineData("0x2000D5C0 READ 30 extra\n", TraceFormat.Auto, ":1:", "unexpected extra field")]
    [InlineData("LD 0x100\nXX 0x200\n", TraceFormat.Auto, ":2:", "expected LD, ST or an address")]
    [InlineData("31: read 0x400140\n32 write 0x10\n", TraceFormat.Auto, ":2:", "expected 'cycle:'")]
    [InlineData("31: read 0x400140\n32: erase 0x10\n", TraceFormat.Auto, ":2:", "expected read or write")]
    [InlineData("0 R 0x1000 4 0011\n", TraceFormat.Auto, ":1:", "write data has 2 bytes of hex, expected 4")]
    [InlineData("0 R 0x1000 0\n", TraceFormat.Auto, ":1:", "size in bytes 0 out of range")]
    [InlineData("hello world\n", TraceFormat.Auto, ":1:", "cannot tell the trace format")]
    [InlineData("0x100 READ 5\n", TraceFormat.Native, ":1:", "expected cycle")]
    public void BadLinesAreReportedWithFileLineAndExpectation(string text, TraceFormat f, string line, string message)
    {
        var p = Paths.Temp("t.trace", text);
        var e = Assert.Throws<TraceFormatException>(() => ReadAll(p, f));
        Assert.Contains("t.trace" + line, e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void LongFilesAreStreamedNotLoaded()
    {
        // 200k lines through a 64 KiB buffer: every line is read, in order
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 200_000; i++) sb.Append("LD 0x").Append((i * 64).ToString("X")).Append('\n');
        var p = Paths.Temp("long.trace", sb.ToString());
        using var r = new TraceFileReader(p, TraceFormat.Auto, 32);
        long n = 0;
        while (r.TryRead(out var rec)) { Assert.Equal(n * 64, rec.Address); n++; }
        Assert.Equal(200_000, n);
    }

    [Fact]
    public void GeneratorsAreSeededAndDeterministic()
    {
        foreach (var pat in Enum.GetValues<Pattern>())
        {
            var a = new PatternGenerator(pat, 1000, 42, 1L << 30, 32);
            var b = new PatternGenerator(pat, 1000, 42, 1L << 30, 32);
            while (a.TryRead(out var x)) { Assert.True(b.TryRead(out var y)); Assert.Equal((x.Address, x.IsWrite), (y.Address, y.IsWrite)); }
        }
        var mix = new PatternGenerator(Pattern.Mix, 30_000, 1, 1L << 30, 32);
        int writes = 0;
        while (mix.TryRead(out var r)) if (r.IsWrite) writes++;
        Assert.InRange(writes / 30_000.0, 0.30, 0.37); // 2:1 reads to writes
    }
}
