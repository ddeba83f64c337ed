using Google.Protobuf;
using Grpc.Core;
using HwModel.Bridge.Wire;
using HwModel.Spec;

namespace HwModel.Bridge;

/// <summary>One command on the wire (see cosim.proto): cycle, packed word, row.</summary>
public readonly record struct WireCommand(long Cycle, uint Word, uint Row)
{
    public static uint Pack(Command cmd, int bank, int column, bool secondHalf, int pseudoChannel) =>
        (uint)cmd | (uint)bank << 8 | (uint)column << 16 | (secondHalf ? 1u : 0u) << 24 | (uint)pseudoChannel << 25;
    public Command Command => (Command)(Word & 0xFF);
    public int Bank => (int)(Word >> 8 & 0xFF);
    public int Column => (int)(Word >> 16 & 0xFF);
    public int PseudoChannel => (int)(Word >> 25 & 0x7F);
    public override string ToString() => $"{Command} pc{PseudoChannel} bank {Bank} row {Row} col {Column} at cycle {Cycle}";
    public static bool CarriesWriteData(Command c) => CommandInfo.CarriesWriteBurst(c);
    public static bool ReturnsReadData(Command c) => CommandInfo.IsRead(c);
}

/// <summary>
/// A stream of command batches to the RTL server and their results: commands are packed into batches of
/// <see cref="BatchSize"/>, at most <see cref="Lookahead"/> batches are in flight (the model runs ahead; DRAM timing
/// does not depend on data), and results are matched to batches by id. A result that does not come within the
/// batch timeout makes the session probe the server: a dead server or a missed heartbeat deadline ends the session
/// with an <see cref="RtlException"/> naming the last acknowledged command.
/// </summary>
public sealed class RtlSession : IDisposable
{
    private readonly RtlServer _server;
    private readonly AsyncDuplexStreamingCall<CommandBatch, ResultBatch> _call;
    private readonly Mode _mode;
    private readonly Queue<(ulong Id, long First, int Count, WireCommand Last)> _inflight = new();
    private CommandBatch _batch = new();
    // write data of the batch being filled; the other buffer holds the data of the batch being written (wrapped, not
    // copied, into the message: it is reused only after that write has completed)
    private byte[] _writeData = new byte[1 << 16], _writeDataSent = new byte[1 << 16];
    private int _writeLength;
    private ulong _nextId = 1;
    private long _nextIndex;
    public int BatchSize { get; }
    public int Lookahead { get; }
    public long Acknowledged { get; private set; }
    public WireCommand? LastAcknowledged { get; private set; }
    /// <summary>Called for every result with the session index of the batch's first command.</summary>
    public Action<ResultBatch, long>? OnResult { get; set; }

    public RtlSession(RtlServer server, Mode mode, int batchSize = 4096, int lookahead = 4)
    {
        _server = server;
        _mode = mode;
        BatchSize = Math.Max(1, batchSize);
        Lookahead = Math.Max(1, lookahead);
        _call = server.Client.Stream();
        _batch.Mode = mode;
    }

    public long Sent => _nextIndex;

    /// <summary>Adds a command; a command that carries write data takes the first 32 bytes of
    /// <paramref name="writeData"/> (zero-padded).</summary>
    public void Add(in WireCommand c, ReadOnlySpan<byte> writeData)
    {
        if (WireCommand.CarriesWriteData(c.Command))
        {
            var burst = AddWithData(c);
            if (writeData.Length >= 32) writeData[..32].CopyTo(burst);
            else { burst.Clear(); writeData.CopyTo(burst); }
        }
        else AddCommand(c);
    }

    /// <summary>Adds a command; one that carries write data gets zeros.</summary>
    public void Add(in WireCommand c)
    {
        if (WireCommand.CarriesWriteData(c.Command)) AddWithData(c).Clear();
        else AddCommand(c);
    }

    /// <summary>Adds a command that carries write data and returns the 32 bytes to fill with it (valid until the
    /// next call on this session).</summary>
    public Span<byte> AddWithData(in WireCommand c)
    {
        AddCommand(c); // a full batch goes out first, so the bytes returned belong to the batch being filled
        if (_writeLength + 32 > _writeData.Length) Array.Resize(ref _writeData, _writeData.Length * 2);
        var burst = _writeData.AsSpan(_writeLength, 32);
        _writeLength += 32;
        return burst;
    }

    /// <summary>Adds a command without data. A full batch is sent when the next command arrives (or on
    /// <see cref="Flush"/>), so that the data of the last command added can still be filled in.</summary>
    private void AddCommand(in WireCommand c)
    {
        if (_batch.Cycle.Count >= BatchSize) Send();
        _batch.Cycle.Add((ulong)c.Cycle);
        _batch.Word.Add(c.Word);
        _batch.Row.Add(c.Row);
        _last = c;
        _nextIndex++;
    }

    private WireCommand _last;

    /// <summary>Sends what is buffered and waits for every result.</summary>
    public void Flush()
    {
        if (_batch.Cycle.Count > 0) Send();
        WaitForWrite();
        while (_inflight.Count > 0) Receive();
    }

    // the write of the previous batch: it goes out (serialisation, HTTP/2 framing, socket) while the model fills the
    // next one; gRPC allows one write in flight, so a send first waits for the one before. Two batch messages take
    // turns (the one written is refilled once its write has completed), so their arrays are not reallocated per batch.
    private Task? _writing;
    private CommandBatch? _written, _spare;

    private void WaitForWrite()
    {
        if (_writing == null) return;
        try
        {
            if (!_writing.Wait(_server.Options.BatchTimeout + _server.Options.CallDeadline))
                throw Dead("sending a batch timed out");
        }
        catch (AggregateException e)
        {
            throw Dead("the stream broke while sending", e.InnerException);
        }
        _writing = null;
        if (_written != null)
        {
            _written.Cycle.Clear(); _written.Word.Clear(); _written.Row.Clear();
            _written.WriteData = ByteString.Empty;
            _spare = _written;
            _written = null;
        }
    }

    private void Send()
    {
        WaitForWrite();
        _batch.Id = _nextId++;
        _batch.WriteData = UnsafeByteOperations.UnsafeWrap(_writeData.AsMemory(0, _writeLength));
        _inflight.Enqueue((_batch.Id, _nextIndex - _batch.Cycle.Count, _batch.Cycle.Count, _last));
        try { _writing = _call.RequestStream.WriteAsync(_batch); }
        catch (InvalidOperationException e) { throw Dead("the stream broke while sending", e); }
        _written = _batch;
        _batch = _spare ?? new CommandBatch { Mode = _mode };
        _spare = null;
        (_writeData, _writeDataSent) = (_writeDataSent, _writeData);
        _writeLength = 0;
        while (_inflight.Count > Lookahead) Receive();
    }

    private void Receive()
    {
        var (id, first, count, last) = _inflight.Peek();
        var next = _call.ResponseStream.MoveNext(CancellationToken.None);
        while (true)
        {
            bool done;
            try { done = next.Wait(_server.Options.BatchTimeout); }
            catch (AggregateException e) { throw Dead("the result stream broke", e.InnerException); }
            if (done) break;
            // no answer in time: is the server dead, hung, or only busy?
            if (_server.HasExited) throw Dead("no result");
            try { _server.Heartbeat(TimeSpan.FromSeconds(1)); }
            catch (RtlException e) { _server.Kill(); throw Hung(e); }
        }
        if (!next.Result) throw Dead("the server closed the stream");
        var r = _call.ResponseStream.Current;
        if (r.Id != id) throw new RtlException($"protocol error: expected the result of batch {id}, got {r.Id}");
        _inflight.Dequeue();
        if (r.Error.Length > 0) throw new RtlException($"the RTL server reported: {r.Error} (batch {id})");
        Acknowledged = first + count;
        LastAcknowledged = last;
        OnResult?.Invoke(r, first);
    }

    private string LastAck() => LastAcknowledged is { } c
        ? $"the last acknowledged command was #{Acknowledged - 1}: {c}"
        : "no command had been acknowledged";

    private RtlException Dead(string what, Exception? inner = null)
    {
        // give a crashing process a moment to be reaped so the exit code can be reported
        for (int i = 0; i < 20 && !_server.HasExited; i++) Thread.Sleep(50);
        return _server.HasExited
            ? new RtlException($"the RTL server died (exit code {_server.ExitCode}); {LastAck()}{_server.Tail()}", inner)
            : new RtlException($"co-simulation stream failed ({what}); {LastAck()}", inner);
    }

    private RtlException Hung(Exception inner) =>
        new($"the RTL server hung: no result within {_server.Options.BatchTimeout.TotalSeconds:0.#} s and no heartbeat within 1 s (deadline exceeded); it was killed; {LastAck()}", inner);

    public void Dispose()
    {
        try { _writing?.Wait(1000); } catch (AggregateException) { }
        try { _call.RequestStream.CompleteAsync().Wait(1000); } catch (Exception e) when (e is AggregateException or InvalidOperationException) { }
        _call.Dispose();
    }
}
