namespace HwModel.Traces;

/// <summary>A source whose first request is read when it is made: a bad first line or an empty trace is reported
/// before the first simulated cycle.</summary>
public sealed class PeekedTraceSource : ITraceSource
{
    private readonly ITraceSource _inner;
    private TraceRecord _first;
    private bool _hasFirst;

    public PeekedTraceSource(ITraceSource inner)
    {
        _inner = inner;
        _hasFirst = inner.TryRead(out _first);
        IsEmpty = !_hasFirst;
    }

    /// <summary>True when the source holds no request at all.</summary>
    public bool IsEmpty { get; }

    public string Description => _inner.Description;
    public long Count => _inner.Count;

    public bool TryRead(out TraceRecord record)
    {
        if (_hasFirst)
        {
            // the first record's data still lies in the inner source's buffer: it is not read again before this
            _hasFirst = false; record = _first;
            return true;
        }
        return _inner.TryRead(out record);
    }

    public void Dispose() => _inner.Dispose();
}
