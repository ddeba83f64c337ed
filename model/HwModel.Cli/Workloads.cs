using System.Globalization;
using HwModel.Config;
using HwModel.Traces;

namespace HwModel.Cli;

/// <summary>Builds the request source the user asked for: a trace file or a seeded pattern.</summary>
public static class Workloads
{
    /// <summary>Most requests a generated pattern may hold (about a day of simulation).</summary>
    public const long MaxRequests = 1_000_000_000_000;

    public static TraceFormat ParseFormat(string? s) => (s ?? "auto").ToLowerInvariant() switch
    {
        "auto" => TraceFormat.Auto,
        "dramsim3" => TraceFormat.DramSim3,
        "ramulator" => TraceFormat.Ramulator,
        "dramsys" or "stl" => TraceFormat.DramSys,
        "native" => TraceFormat.Native,
        _ => throw new ConfigException("--trace-format", "--trace-format", s, "expected auto, dramsim3, ramulator, dramsys or native"),
    };

    public static Pattern ParsePattern(string s) => s.ToLowerInvariant() switch
    {
        "stream" => Traces.Pattern.Stream,
        "random" => Traces.Pattern.Random,
        "mix" => Traces.Pattern.Mix,
        "strided" or "stride" => Traces.Pattern.Strided,
        _ => throw new ConfigException("--pattern", "--pattern", s, "expected stream, random, mix or strided"),
    };

    /// <summary>The stride that keeps every access in one bank of one pseudo-channel while changing the row.</summary>
    public static long RowConflictStride(MemoryConfig cfg)
    {
        var m = new Addressing.AddressMapper(cfg.Org);
        return m.Encode(new Addressing.DecodedAddress { Row = 1 });
    }

    /// <summary>A trace file (plain, .gz or .zst) whose first request is parsed now, so that a bad first line or an
    /// empty trace stops before any work; with <paramref name="prefetch"/> the rest is parsed on a second thread
    /// ahead of the model. <paramref name="file"/> is the file itself (its position tells how far a run has read).
    /// </summary>
    public static ITraceSource FromTraceFile(string path, string? format, MemoryConfig cfg, bool prefetch,
        out FileStream file)
    {
        file = TraceInput.OpenFile(path);
        var peeked = new PeekedTraceSource(new TraceFileReader(TraceInput.Decompressed(file), path,
            ParseFormat(format), cfg.Org.AccessBytes));
        if (peeked.IsEmpty)
        {
            peeked.Dispose();
            throw new TraceFormatException(path, 0, "holds no request (only blank lines and comments)");
        }
        return prefetch ? new PrefetchingTraceSource(peeked) : peeked;
    }

    public static ITraceSource FromPattern(MemoryConfig cfg, Pattern p, long count, ulong seed, long strideBytes = 0, double readFraction = 2.0 / 3.0)
    {
        Cli.Range("--requests", count, 1, MaxRequests);
        Cli.Range("--read-fraction", readFraction, 0, 1);
        if (p == Traces.Pattern.Strided && strideBytes == 0) strideBytes = RowConflictStride(cfg);
        Cli.Range("--stride", strideBytes, 0, cfg.Org.CapacityBytes);
        if (strideBytes % cfg.Org.AccessBytes != 0)
            throw new ConfigException("--stride", "--stride", strideBytes.ToString(CultureInfo.InvariantCulture),
                $"expected a multiple of the request size ({cfg.Org.AccessBytes} bytes)");
        return new PatternGenerator(p, count, seed, cfg.Org.CapacityBytes, cfg.Org.AccessBytes, strideBytes) { ReadFraction = readFraction };
    }
}
