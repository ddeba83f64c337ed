namespace HwModel.Traces;

/// <summary>One request of a workload. <see cref="Cycle"/> is the earliest cycle it may enter the memory system.
/// <see cref="Data"/> (optional write data) is valid until the next record is read.</summary>
public struct TraceRecord
{
    public long Cycle;
    public long Address;
    public bool IsWrite;
    public int Size;
    public ReadOnlyMemory<byte> Data;
}

/// <summary>A stream of requests: a trace file read line by line, or a generator.</summary>
public interface ITraceSource : IDisposable
{
    string Description { get; }
    bool TryRead(out TraceRecord record);
    /// <summary>Total requests if known in advance (generators), else -1.</summary>
    long Count { get; }
}

/// <summary>A malformed trace line: file, line number and what was expected.</summary>
public sealed class TraceFormatException(string file, long line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    /// <summary>What was wrong, without file and line.</summary>
    public string Detail { get; } = message;
}
