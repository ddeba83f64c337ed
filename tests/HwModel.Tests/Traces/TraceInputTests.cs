using System.IO.Compression;
using HwModel.Traces;
using Xunit;

namespace HwModel.Tests.Traces;

/// <summary>Trace files read the way users keep them (gzip, Zstandard), on a second thread, with every malformed
/// input stopped with file:line.</summary>
public class TraceInputTests
{
    private static string Text(int n) =>
        string.Concat(Enumerable.Range(0, n).Select(i => $"0x{i * 96:X} {(i % 3 == 2 ? "WRITE" : "READ")} {i * 2}\n"));

    private static List<(long, bool, long, int)> ReadAll(ITraceSource s)
    {
        var l = new List<(long, bool, long, int)>();
        using (s) while (s.TryRead(out var r)) l.Add((r.Address, r.IsWrite, r.Cycle, r.Size));
        return l;
    }

    private static string Write(string name, byte[] bytes)
    {
        var dir = Path.Combine(Path.GetTempPath(), "hwmodel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var p = Path.Combine(dir, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    [Fact]
    public void GzipAndZstandardTracesReadLikeThePlainFile()
    {
        var plain = System.Text.Encoding.ASCII.GetBytes(Text(50_000));
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(plain);
        var zst = new ZstdSharp.Compressor(3).Wrap(plain).ToArray();
        var expected = ReadAll(new TraceFileReader(Write("t.trace", plain), TraceFormat.Auto, 64));
        Assert.Equal(50_000, expected.Count);
        Assert.Equal(expected, ReadAll(new TraceFileReader(Write("t.trace.gz", gz.ToArray()), TraceFormat.Auto, 64)));
        // the compression is told by its first bytes, not by the name
        Assert.Equal(expected, ReadAll(new TraceFileReader(Write("t.trace", zst), TraceFormat.Auto, 64)));
    }

    private static string Show(in TraceRecord x) =>
        $"{x.Cycle} {x.Address} {x.IsWrite} {Convert.ToHexString(x.Data.Span)}";

    [Fact]
    public void ThePrefetchingReaderGivesTheSameRecordsAndDataInOrder()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i =>
            i % 5 == 0 ? $"{i} W 0x{i * 64:X} 4 {i & 0xFF:X2}{(i >> 8) & 0xFF:X2}0102\n" : $"{i} R 0x{i * 64:X}\n"));
        var p = Write("d.trace", System.Text.Encoding.ASCII.GetBytes(text));
        var direct = new List<string>();
        using (var r = new TraceFileReader(p, TraceFormat.Native, 32))
            while (r.TryRead(out var x)) direct.Add(Show(x));
        var ahead = new List<string>();
        using (var r = new PrefetchingTraceSource(new TraceFileReader(p, TraceFormat.Native, 32)))
            while (r.TryRead(out var x)) ahead.Add(Show(x));
        Assert.Equal(direct, ahead);
    }

    [Fact]
    public void ABadLineReachesThePrefetchingReaderAfterEveryRecordBeforeIt()
    {
        var p = Write("bad.trace", System.Text.Encoding.ASCII.GetBytes(Text(9000) + "0x10 JUMP 5\n" + Text(10)));
        int n = 0;
        using var r = new PrefetchingTraceSource(new TraceFileReader(p, TraceFormat.Auto, 32));
        var e = Assert.Throws<TraceFormatException>(() => { while (r.TryRead(out _)) n++; });
        Assert.Equal(9000, n);
        Assert.Equal(9001, e.Line);
        Assert.Contains("dramsim3 format", e.Message);
        Assert.Contains("JUMP", e.Message);
    }

    [Fact]
    public void AnEndlessLineIsRefusedInsteadOfFillingMemory()
    {
        var p = Write("zero.trace", new byte[TraceFileReader.MaxLineBytes + 100]);
        var e = Assert.Throws<TraceFormatException>(() => ReadAll(new TraceFileReader(p, TraceFormat.Native, 32)));
        Assert.Contains("without a line break", e.Message);
    }

    [Fact]
    public void ADirectoryAndACycleBeyondTheHorizonAreNamed()
    {
        var dir = Path.GetDirectoryName(Write("x.trace", [0x0A]))!;
        var e = Assert.Throws<TraceFormatException>(() => new TraceFileReader(dir, TraceFormat.Auto, 32));
        Assert.Contains("is a directory", e.Message);
        var p = Write("far.trace", System.Text.Encoding.ASCII.GetBytes("9223372036854775807 R 0x40\n"));
        var f = Assert.Throws<TraceFormatException>(() => ReadAll(new TraceFileReader(p, TraceFormat.Native, 32)));
        Assert.Contains("horizon", f.Message);
        Assert.Equal(1, f.Line);
    }

    [Fact]
    public void ControlBytesInABadTokenAreEscapedAndLongTokensCut()
    {
        var p = Write("ctl.trace", System.Text.Encoding.ASCII.GetBytes("0x10 RE\u0001AD" + new string('A',
            5000) + " 5\n"));
        var e = Assert.Throws<TraceFormatException>(() => ReadAll(new TraceFileReader(p, TraceFormat.DramSim3, 32)));
        Assert.Contains("\\x01", e.Message);
        Assert.True(e.Message.Length < 300, e.Message);
    }
}
