namespace HwModel.Traces;

/// <summary>
/// Reads another trace source on a second thread, ahead of the model, through a bounded ring of record batches.
/// </summary>
/// <remarks>
/// Parsing then overlaps simulation instead of adding to it. The records, their order and their data are those of the
/// inner source, so results are identical. A parse error reaches the reader after every record before it, as it would
/// without the thread, so the requests before a bad line are still simulated. Batches are reused: no allocation per
/// record after the first few batches.
/// </remarks>
public sealed class PrefetchingTraceSource : ITraceSource
{
    /// <summary>Records per batch.</summary>
    public const int BatchRecords = 4096;
    /// <summary>Batches in the ring: the reader runs at most this far ahead.</summary>
    public const int RingBatches = 4;

    private sealed class Batch
    {
        public readonly TraceRecord[] Records = new TraceRecord[BatchRecords];
        public byte[] Data = new byte[1 << 16];
        public int Count, DataUsed;
        public Exception? Error; // raised after the records of this batch
        public bool Last;
    }

    private readonly ITraceSource _inner;
    private readonly Batch[] _ring = new Batch[RingBatches];
    private readonly SemaphoreSlim _filled = new(0, RingBatches), _free = new(RingBatches, RingBatches);
    private readonly Thread _thread;
    private volatile bool _stop;
    private int _read; // ring slot the consumer reads
    private Batch? _current;
    private int _next;

    public PrefetchingTraceSource(ITraceSource inner)
    {
        _inner = inner;
        for (int i = 0; i < RingBatches; i++) _ring[i] = new Batch();
        _thread = new Thread(Fill) { IsBackground = true, Name = "trace reader" };
        _thread.Start();
    }

    public string Description => _inner.Description;
    public long Count => _inner.Count;

    public bool TryRead(out TraceRecord record)
    {
        while (true)
        {
            var b = _current;
            if (b != null && _next < b.Count)
            {
                record = b.Records[_next++];
                return true;
            }
            if (b != null)
            {
                if (b.Error != null) { var e = b.Error; b.Error = null; throw Rethrown(e); }
                if (b.Last) { record = default; return false; }
                _current = null;
                _free.Release();
            }
            _filled.Wait();
            _current = _ring[_read];
            _read = (_read + 1) % RingBatches;
            _next = 0;
        }
    }

    private static Exception Rethrown(Exception e) => e switch
    {
        TraceFormatException t => new TraceFormatException(t.File, t.Line, t.Detail),
        _ => new IOException($"reading the trace failed: {e.Message}", e),
    };

    private void Fill()
    {
        int write = 0;
        while (!_stop)
        {
            _free.Wait();
            if (_stop) return;
            var b = _ring[write];
            write = (write + 1) % RingBatches;
            b.Count = b.DataUsed = 0;
            b.Error = null;
            b.Last = false;
            try
            {
                while (b.Count < BatchRecords)
                {
                    if (!_inner.TryRead(out var r)) { b.Last = true; break; }
                    if (!r.Data.IsEmpty) r.Data = Keep(b, r.Data.Span);
                    b.Records[b.Count++] = r;
                }
            }
            catch (Exception e)
            {
                b.Error = e;
                b.Last = true;
            }
            _filled.Release();
            if (b.Last) return;
        }
    }

    /// <summary>Copies write data into the batch's own buffer (the inner source reuses its buffer per
    /// record).</summary>
    private static ReadOnlyMemory<byte> Keep(Batch b, ReadOnlySpan<byte> data)
    {
        if (b.DataUsed + data.Length > b.Data.Length)
        {
            // earlier records of this batch point into the old buffer, which stays theirs
            b.Data = new byte[Math.Max(b.Data.Length * 2, data.Length)];
            b.DataUsed = 0;
        }
        data.CopyTo(b.Data.AsSpan(b.DataUsed));
        var m = new ReadOnlyMemory<byte>(b.Data, b.DataUsed, data.Length);
        b.DataUsed += data.Length;
        return m;
    }

    public void Dispose()
    {
        _stop = true;
        try { _free.Release(); } catch (SemaphoreFullException) { } // wakes the reader if it waits for a free batch
        _thread.Join(TimeSpan.FromSeconds(5));
        _inner.Dispose();
    }
}
