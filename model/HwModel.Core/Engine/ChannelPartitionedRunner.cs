using System.Diagnostics;
using HwModel.Addressing;
using HwModel.Config;
using HwModel.Spec;
using HwModel.Stats;
using HwModel.Traces;

namespace HwModel.Engine;

/// <summary>
/// Runs a request stream with every channel as its own model, on one or more threads, with a result that does not
/// depend on the thread count.
/// </summary>
/// <remarks>
/// No timing rule reaches across channels, so only the front end could couple them. Here each channel admits its own
/// requests in order into its own front end (of <see cref="ControllerParams.FrontEndDepth"/> bursts): a request
/// waits only for earlier requests to the same channel. Each channel's model therefore sees the same requests at the
/// same cycles however the channels are grouped onto threads, and the merged result (cycles, counters, latencies) is
/// bit-identical for any thread count (a property test compares thread counts 1 to 4 on every preset). A request
/// that spans channels is split into one part per channel; it counts once, accepted when its first part is and done
/// when its last part is. At the end every channel runs on to the last channel's final cycle (idle refresh included,
/// in closed form), so that background energy and refresh cover the whole run.
/// </remarks>
public sealed class ChannelPartitionedRunner
{
    /// <summary>What a partitioned run produced; <see cref="Error"/> is a bad trace line that stopped it early
    /// (every request before it was simulated).</summary>
    public sealed class Result
    {
        public required MemorySystem[] Systems { get; init; }
        public required long EndCycle { get; init; }
        public required double WallSeconds { get; init; }
        public required SplitTotals Split { get; init; }
        public TraceFormatException? Error { get; init; }
        public int Threads { get; init; }
    }

    /// <summary>Requests that spanned channels, counted once each.</summary>
    public sealed class SplitTotals
    {
        public readonly LatencyHistogram ReadLatency = new(), WriteLatency = new();
        public long Reads, Writes, BytesRead, BytesWritten;
        /// <summary>Per-epoch completions of split requests (null: epochs off).</summary>
        public Stats.EpochRecorder? Epochs;
    }

    private struct Part
    {
        public long Address, Cycle;
        public int Size, Split, Channel;
        public bool IsWrite;
        public ReadOnlyMemory<byte> Data;
    }

    private sealed class SplitState
    {
        public int Remaining;
        public long Accept = long.MaxValue, Done;
        public bool IsWrite;
        public int Size;
    }

    private const int BatchParts = 2048, RingBatches = 8;

    /// <summary>A bounded single-producer, single-consumer ring of part batches feeding one worker.</summary>
    private sealed class Lane
    {
        public readonly Part[][] Batches = new Part[RingBatches][];
        public readonly int[] Counts = new int[RingBatches];
        public readonly SemaphoreSlim Filled = new(0, RingBatches), Free = new(RingBatches, RingBatches);
        public bool Closed;
        public Exception? Failure;
        public int WriteSlot, Fill;
        public Lane() { for (int i = 0; i < RingBatches; i++) Batches[i] = new Part[BatchParts]; }
    }

    private readonly MemoryConfig _cfg;
    private readonly AddressMapper _mapper;
    private readonly int _offsetBits;
    private readonly MemorySystem[] _systems;
    private readonly SplitTotals _split = new();
    private readonly List<SplitState> _splits = [];
    private readonly Stack<int> _freeSplits = new(); // split slots counted and free again (memory stays bounded)
    private readonly PartSink _submitSink, _pushSink;
    private Lane[] _lanes = [];
    private int[] _groupOf = [];
    private long _end;
    private readonly Dictionary<long, int>[] _partOf; // per channel: part's transaction id -> split index
    private readonly Lock _splitLock = new();

    /// <param name="observerFor">An observer per channel's model (for example a checker), or null.</param>
    /// <param name="epochCycles">When above 0, every channel records per-epoch figures of this length (see
    /// <see cref="Stats.EpochRecorder"/>).</param>
    public ChannelPartitionedRunner(MemoryConfig cfg, Func<int, ICommandObserver?>? observerFor = null,
        long epochCycles = 0)
    {
        ConfigValidator.Validate(cfg, "config");
        _cfg = cfg;
        _mapper = new AddressMapper(cfg.Org);
        _offsetBits = _mapper.OffsetBits;
        var table = TimingTable.For(cfg);
        _systems = new MemorySystem[cfg.Org.Channels];
        _partOf = new Dictionary<long, int>[cfg.Org.Channels];
        _submitSink = Submit;
        _pushSink = (in Part p) =>
        {
            int g = _groupOf[p.Channel];
            if (g == 0) Submit(p); else Push(_lanes[g], p);
        };
        for (int ch = 0; ch < _systems.Length; ch++)
        {
            var sys = new MemorySystem(cfg, ch, table);
            if (observerFor?.Invoke(ch) is { } o) sys.Observer = o;
            if (epochCycles > 0)
            {
                _split.Epochs ??= new Stats.EpochRecorder(epochCycles, cfg.Org);
                sys.Epochs = new Stats.EpochRecorder(epochCycles, cfg.Org);
                sys.Observer = sys.Observer == null ? sys.Epochs : new CommandFanOut([sys.Observer, sys.Epochs]);
            }
            _partOf[ch] = [];
            int channel = ch;
            sys.PartDone = (id, accept, done) => PartDone(channel, id, accept, done);
            _systems[ch] = sys;
        }
    }

    /// <summary>Every channel's model (index = channel).</summary>
    public IReadOnlyList<MemorySystem> Systems => _systems;

    /// <summary>Runs <paramref name="source"/> to the end on <paramref name="threads"/> threads (this one reads the
    /// source and simulates a few channels, the others the rest); <paramref name="progress"/> gets the requests read
    /// so far, about every 65536.</summary>
    public Result Run(ITraceSource source, int threads, Action<long>? progress = null)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "at least one thread");
        threads = Math.Min(threads, _systems.Length);
        var sw = Stopwatch.StartNew();
        foreach (var s in _systems) s.RunAhead = true;
        TraceFormatException? error = null;
        long n = 0;
        if (threads == 1)
        {
            try
            {
                while (source.TryRead(out var r))
                {
                    Dispatch(r, _submitSink);
                    if ((++n & 0xFFFF) == 0) progress?.Invoke(n);
                }
            }
            catch (TraceFormatException e) { error = e; }
            foreach (var s in _systems) s.RunToCompletion();
            Finish(_systems);
        }
        else
        {
            // this thread reads the source and simulates the channels of group 0 itself (fewer: reading the source
            // is about half of its work); threads 1.. the others, in turn
            _groupOf = new int[_systems.Length];
            int own = _systems.Length / (2 * threads);
            for (int ch = own; ch < _systems.Length; ch++) _groupOf[ch] = 1 + (ch - own) % (threads - 1);
            var lanes = _lanes = new Lane[threads];
            for (int i = 1; i < threads; i++) lanes[i] = new Lane();
            using var barrier = new Barrier(threads);
            var workers = new Thread[threads];
            for (int w = 1; w < threads; w++)
            {
                int id = w;
                workers[w] = new Thread(() => Work(lanes[id], id, threads, barrier))
                {
                    IsBackground = true, Name = $"channels {id} mod {threads}",
                };
                workers[w].Start();
            }
            try
            {
                try
                {
                    while (source.TryRead(out var r))
                    {
                        Dispatch(r, _pushSink);
                        if ((++n & 0xFFFF) == 0)
                        {
                            progress?.Invoke(n);
                            for (int i = 1; i < threads; i++) if (lanes[i].Failure != null)
                                throw Rethrow(lanes[i].Failure!);
                        }
                    }
                }
                catch (TraceFormatException e) { error = e; }
                for (int i = 1; i < threads; i++) Close(lanes[i]);
                Tail(0, threads, barrier);
            }
            catch
            {
                // the workers must not wait for this thread
                try { barrier.RemoveParticipant(); } catch (InvalidOperationException) { }
                throw;
            }
            finally
            {
                for (int i = 1; i < threads; i++) { Close(lanes[i]); workers[i].Join(); }
            }
            for (int i = 1; i < threads; i++) if (lanes[i].Failure != null) throw Rethrow(lanes[i].Failure!);
        }
        progress?.Invoke(n);
        return new Result
        {
            Systems = _systems, EndCycle = _systems.Max(s => s.Now), WallSeconds = sw.Elapsed.TotalSeconds,
            Split = _split, Error = error, Threads = threads,
        };
    }

    private static Exception Rethrow(Exception e) =>
        new InvalidOperationException($"a channel's simulation failed: {e.Message}", e);

    private delegate void PartSink(in Part p);

    /// <summary>Splits a request at channel boundaries (runs of bursts in one channel) and hands on each
    /// part.</summary>
    private void Dispatch(in TraceRecord r, PartSink sink)
    {
        long first = r.Address >> _offsetBits, last = (r.Address + r.Size - 1) >> _offsetBits;
        int ch0 = ChannelOf(first);
        long b = first + 1;
        while (b <= last && ChannelOf(b) == ch0) b++;
        var p = new Part { Address = r.Address, Cycle = r.Cycle, IsWrite = r.IsWrite, Split = -1, Channel = ch0 };
        if (b > last)
        {
            p.Size = r.Size;
            p.Data = r.Data;
            sink(p);
            return;
        }
        // spans channels: one part per run of bursts in one channel, counted once when the last part is done
        int split;
        lock (_splitLock)
        {
            if (_freeSplits.Count > 0)
            {
                split = _freeSplits.Pop();
                var f = _splits[split];
                f.IsWrite = r.IsWrite;
                f.Size = r.Size;
                f.Remaining = int.MaxValue;
                f.Accept = long.MaxValue;
                f.Done = 0;
            }
            else
            {
                split = _splits.Count;
                _splits.Add(new SplitState { IsWrite = r.IsWrite, Size = r.Size, Remaining = int.MaxValue });
            }
        }
        int parts = 0;
        long start = r.Address, end = r.Address + r.Size;
        for (long run = first; run <= last;)
        {
            int ch = ChannelOf(run);
            long next = run + 1;
            while (next <= last && ChannelOf(next) == ch) next++;
            long a = Math.Max(start, run << _offsetBits), z = Math.Min(end, next << _offsetBits);
            p = new Part
            {
                Address = a, Cycle = r.Cycle, IsWrite = r.IsWrite, Split = split, Channel = ch, Size = (int)(z - a),
                Data = r.Data.IsEmpty ? default : r.Data.Slice((int)(a - start), (int)(z - a)),
            };
            parts++;
            sink(p);
            run = next;
        }
        lock (_splitLock)
        {
            var s = _splits[split];
            s.Remaining -= int.MaxValue - parts;
            if (s.Remaining == 0) Count(s, split);
        }
    }

    private int ChannelOf(long burst)
    {
        _mapper.Decode(burst << _offsetBits, out var d);
        return d.Channel;
    }

    /// <summary>Submits a part to its channel's model, stepping that model until its front end takes it.</summary>
    private void Submit(in Part p)
    {
        var sys = _systems[p.Channel];
        if (p.Split < 0)
        {
            while (sys.TrySubmit(p.Address, p.IsWrite, p.Size, p.Cycle, p.Data.Span) < 0)
                if (!sys.Step()) throw new InvalidOperationException("front-end full and nothing can make progress");
            return;
        }
        long id;
        while ((id = sys.TrySubmitPart(p.Address, p.IsWrite, p.Size, p.Cycle, p.Data.Span)) < 0)
            if (!sys.Step()) throw new InvalidOperationException("front-end full and nothing can make progress");
        lock (_splitLock) _partOf[p.Channel][id] = p.Split;
    }

    private void PartDone(int channel, long id, long accept, long done)
    {
        lock (_splitLock)
        {
            var map = _partOf[channel];
            int split = map[id];
            map.Remove(id);
            var s = _splits[split];
            if (accept < s.Accept) s.Accept = accept;
            if (done > s.Done) s.Done = done;
            if (--s.Remaining == 0) Count(s, split);
        }
    }

    private void Count(SplitState s, int split)
    {
        _freeSplits.Push(split);
        if (s.IsWrite) { _split.Writes++; _split.BytesWritten += s.Size; _split.WriteLatency.Add(s.Done - s.Accept); }
        else { _split.Reads++; _split.BytesRead += s.Size; _split.ReadLatency.Add(s.Done - s.Accept); }
        _split.Epochs?.Completed(s.Accept, s.Done, s.IsWrite);
    }

    /// <summary>Waits for a free batch, or fails if the lane's worker failed (it no longer frees any).</summary>
    private static void WaitFree(Lane l)
    {
        while (!l.Free.Wait(100))
            if (Volatile.Read(ref l.Failure) is { } e) throw Rethrow(e);
    }

    private static void Push(Lane l, in Part p)
    {
        if (l.Fill == 0) WaitFree(l);
        var batch = l.Batches[l.WriteSlot];
        var q = p;
        if (!q.Data.IsEmpty) q.Data = q.Data.ToArray(); // the source reuses its buffer; rare (traces with data)
        batch[l.Fill++] = q;
        if (l.Fill == BatchParts) Publish(l);
    }

    private static void Publish(Lane l)
    {
        l.Counts[l.WriteSlot] = l.Fill;
        l.WriteSlot = (l.WriteSlot + 1) % RingBatches;
        l.Fill = 0;
        l.Filled.Release();
    }

    private static void Close(Lane l)
    {
        if (l.Closed || Volatile.Read(ref l.Failure) != null) return;
        if (l.Fill == 0) WaitFree(l);
        l.Counts[l.WriteSlot] = -1 - l.Fill; // the last batch: -1 - its count
        l.WriteSlot = (l.WriteSlot + 1) % RingBatches;
        l.Fill = 0;
        l.Closed = true;
        l.Filled.Release();
    }

    private void Work(Lane l, int id, int threads, Barrier barrier)
    {
        try
        {
            int read = 0;
            while (true)
            {
                l.Filled.Wait();
                int count = l.Counts[read];
                bool last = count < 0;
                if (last) count = -1 - count;
                var batch = l.Batches[read];
                for (int i = 0; i < count; i++) Submit(batch[i]);
                read = (read + 1) % RingBatches;
                l.Free.Release();
                if (last) break;
            }
            Tail(id, threads, barrier);
        }
        catch (Exception e)
        {
            Volatile.Write(ref l.Failure, e);
            try { barrier.RemoveParticipant(); } catch (InvalidOperationException) { }
        }
    }

    /// <summary>Finishes group <paramref name="id"/>'s channels, waits for every group, then runs them on to the
    /// last group's final cycle.</summary>
    private void Tail(int id, int threads, Barrier barrier)
    {
        {
            var mine = new List<MemorySystem>();
            for (int ch = 0; ch < _systems.Length; ch++) if (_groupOf[ch] == id) mine.Add(_systems[ch]);
            foreach (var s in mine) s.RunToCompletion();
            long myEnd = mine.Max(s => s.Now);
            long seen;
            do seen = Interlocked.Read(ref _end);
            while (myEnd > seen && Interlocked.CompareExchange(ref _end, myEnd, seen) != seen);
            barrier.SignalAndWait();
            long all = Interlocked.Read(ref _end);
            foreach (var s in mine) { s.RunUntil(all); s.FinishAccounting(); }
        }
    }

    private static void Finish(MemorySystem[] systems)
    {
        long end = systems.Max(s => s.Now);
        foreach (var s in systems) { s.RunUntil(end); s.FinishAccounting(); }
    }
}
