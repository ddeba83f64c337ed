namespace HwModel.Traces;

/// <summary>A source that ends early when asked: the safe point at which an interrupted run stops reading.</summary>
/// <remarks>Requests already read are simulated to completion, so the stats of an interrupted run are those of the
/// requests before the stop.</remarks>
public sealed class StoppableTraceSource(ITraceSource inner, Func<bool> stop) : ITraceSource
{
    /// <summary>True when the source ended because <c>stop</c> said so.</summary>
    public bool Stopped { get; private set; }

    public string Description => inner.Description;
    public long Count => inner.Count;

    public bool TryRead(out TraceRecord record)
    {
        if (stop()) { Stopped = true; record = default; return false; }
        return inner.TryRead(out record);
    }

    public void Dispose() => inner.Dispose();
}
