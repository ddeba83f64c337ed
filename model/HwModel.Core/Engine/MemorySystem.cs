using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HwModel.Addressing;
using HwModel.Config;
using HwModel.Controller;
using HwModel.Spec;
using HwModel.Stats;
using HwModel.Timing;

namespace HwModel.Engine;

/// <summary>
/// The transaction-level model of one HBM stack: a front-end buffer, one controller per channel (a queue pair and
/// command buses per pseudo-channel), the timing state compiled from the standard's table, and optional functional
/// data. Event-driven: <see cref="Step"/> jumps straight to the next cycle at which anything can happen.
/// Functional semantics: data is written and read in submission order (the order the requester issued them).
/// </summary>
public sealed class MemorySystem : IControllerHost
{
    public const long Never = long.MaxValue;
    /// <summary>How far (cycles) a controller may run ahead of the memory system's clock.</summary>
    public const int RunAheadCycles = 128;
    /// <summary>The latest cycle a request may arrive at (2^62): cycles stay far from overflow with every latency
    /// and refresh round added.</summary>
    public const long MaxArrivalCycle = 1L << 62;

    private struct Txn
    {
        public long Id, Address, Arrival, Accept;
        public int Size, Bursts, Done;
        public bool IsWrite, HasSnapshot, IsPart;
        public CompletionCallback? Callback;
    }

    public MemoryConfig Config { get; }
    public TimingTable Table { get; }
    public AddressMapper Mapper { get; }
    public long Now { get; private set; }
    public FunctionalMemory? Data { get; private set; }
    public readonly PseudoChannelController[] Controllers;
    public readonly LatencyHistogram ReadLatency = new();
    public readonly LatencyHistogram WriteLatency = new();
    public long CompletedReads, CompletedWrites, BytesRead, BytesWritten;
    /// <summary>Called for every finished transaction, after its own callback.</summary>
    public CompletionCallback? OnComplete;
    /// <summary>Per-epoch figures of this model's commands and finished transactions (null: off).</summary>
    public Stats.EpochRecorder? Epochs;

    private readonly RequestPool _pool = new();
    private readonly CompletionQueue _heap;
    private Txn[] _txns = new Txn[256];
    private byte[][] _txnData = new byte[256][];
    private int[] _txnFree = new int[256];
    private int _txnFreeCount, _txnUsed;
    private readonly int _frontDepth;
    private long _pcMin; // earliest NextEvent over all controllers, kept current by Step and TrySubmit
    private int _staged;
    private long _nextId, _seq;
    private int _outstanding;
    private readonly int _offsetBits, _pcsPerChannel, _firstChannel;
    private ICommandObserver? _observer;
    private readonly long[] _events; // each controller's NextEvent, side by side so that Step scans one small array

    public MemorySystem(MemoryConfig config, string origin = "config") : this(config, origin, -1, null) { }

    /// <summary>The model of one channel of the stack alone (no timing rule reaches across channels): requests
    /// must map to <paramref name="channel"/>. <see cref="ChannelPartitionedRunner"/> runs one per channel, on as
    /// many threads as asked. The timing table may be shared (it is read-only).</summary>
    public MemorySystem(MemoryConfig config, int channel, TimingTable? table = null)
        : this(config, "config", channel, table) { }

    private MemorySystem(MemoryConfig config, string origin, int channel, TimingTable? table)
    {
        if (table == null) ConfigValidator.Validate(config, origin);
        if (channel >= config.Org.Channels) throw new ArgumentOutOfRangeException(nameof(channel), channel,
            "no such channel");
        Config = config;
        Table = table ?? TimingTable.For(config);
        _firstChannel = Math.Max(0, channel);
        int channels = channel < 0 ? config.Org.Channels : 1;
        Mapper = new AddressMapper(config.Org);
        _offsetBits = Mapper.OffsetBits;
        _pcsPerChannel = config.Org.PseudoChannels;
        var list = new List<PseudoChannelController>();
        // padded to whole 256-bit vectors with slots that never fall due
        _events = new long[(channels * _pcsPerChannel + 3) & ~3];
        Array.Fill(_events, Never);
        TimingState? first = null;
        for (int ch = _firstChannel; ch < _firstChannel + channels; ch++)
        {
            var ts = first == null ? first = new TimingState(config, Table) : new TimingState(first);
            for (int pc = 0; pc < _pcsPerChannel; pc++) list.Add(new PseudoChannelController(config, ch, pc, ts, _pool, this, _events, list.Count));
        }
        Controllers = [.. list];
        _runAheadPossible = Controllers.Length == 0 || Controllers[0].Timing.PcFloorsMoveOnlyWithOwnCommands;
        // completions pend at most the longer data latency after the latest command, plus how far a controller may
        // run ahead of the others
        _heap = new CompletionQueue(Controllers.Length,
            Math.Max(config.Timing.nCL, config.Timing.nCWL) + config.Timing.nBL + RunAheadCycles + 2);
        _frontDepth = config.Controller.FrontEndDepth;
    }

    /// <summary>Every issued command goes to this observer (for example a <see cref="Checker.TimingChecker"/>).</summary>
    public ICommandObserver? Observer
    {
        get => _observer;
        set { _observer = value; foreach (var c in Controllers) c.Observer = value; if (value != null && !ObserverTakesAnyOrder) _runAhead = false; }
    }

    /// <summary>Controllers look again every cycle after issuing instead of sleeping until the exact next event
    /// (a cross-check of the event-skipping logic; results must be identical).</summary>
    public bool ConservativeWake
    {
        get => Controllers[0].ConservativeWake;
        set { foreach (var c in Controllers) c.ConservativeWake = value; }
    }

    /// <summary>Keep functional data (reads return what was written). Enabled automatically by the first write with data.</summary>
    public void EnableData() => Data ??= new FunctionalMemory();

    public int Outstanding => _outstanding;
    /// <summary>Bursts waiting in the front-end (submitted, not yet in a controller queue).</summary>
    public int StagedBursts => _staged;

    /// <summary>
    /// Submits a transaction. <paramref name="arrivalCycle"/> is the earliest cycle it may enter the controllers
    /// (default: now). Its bursts wait in per-pseudo-channel front-end lists (in submission order per pseudo-channel)
    /// until their controller's queue has room. Returns the transaction id, or -1 when the front-end holds
    /// <see cref="ControllerParams.FrontEndDepth"/> bursts already (call <see cref="Step"/> and retry).
    /// </summary>
    public long TrySubmit(long address, bool isWrite, int sizeBytes, long arrivalCycle = -1,
        ReadOnlySpan<byte> writeData = default, CompletionCallback? callback = null) =>
        TrySubmit(address, isWrite, sizeBytes, arrivalCycle, writeData, callback, false);

    /// <summary>One channel's part of a request that spans channels: simulated like a transaction, but left out of
    /// this model's request counts and latencies; <see cref="PartDone"/> reports it instead, and the runner that
    /// split the request counts it once.</summary>
    internal long TrySubmitPart(long address, bool isWrite, int sizeBytes, long arrivalCycle,
        ReadOnlySpan<byte> writeData) =>
        TrySubmit(address, isWrite, sizeBytes, arrivalCycle, writeData, null, true);

    /// <summary>A part finished: its id, its first burst's acceptance cycle and its completion cycle.</summary>
    internal Action<long, long, long>? PartDone;

    private long TrySubmit(long address, bool isWrite, int sizeBytes, long arrivalCycle, ReadOnlySpan<byte> writeData,
        CompletionCallback? callback, bool part)
    {
        if (sizeBytes <= 0 || sizeBytes > 1 << 20) throw new ArgumentOutOfRangeException(nameof(sizeBytes), sizeBytes, "size must be 1..1 MiB");
        if (address < 0) throw new ArgumentOutOfRangeException(nameof(address), address, "address must be non-negative");
        if (arrivalCycle > MaxArrivalCycle)
            throw new ArgumentOutOfRangeException(nameof(arrivalCycle), arrivalCycle, $"arrival beyond cycle 2^62");
        if (!writeData.IsEmpty && writeData.Length != sizeBytes) throw new ArgumentException($"write data is {writeData.Length} bytes, size is {sizeBytes}");
        long firstBurst = address >> _offsetBits;
        int bursts = (int)(((address + sizeBytes - 1) >> _offsetBits) - firstBurst + 1);
        if (_staged > 0 && _staged + bursts > _frontDepth) return -1;
        int slot = RentTxn();
        ref var t = ref _txns[slot];
        t.Id = _nextId++;
        t.Address = address; t.Size = sizeBytes; t.IsWrite = isWrite;
        t.Arrival = arrivalCycle < Now ? Now : arrivalCycle;
        t.Accept = -1;
        t.Bursts = bursts;
        t.Done = 0;
        t.Callback = callback;
        t.HasSnapshot = false;
        t.IsPart = part;
        if (!writeData.IsEmpty && isWrite) EnableData();
        if (Data != null)
        {
            if (isWrite) { if (!writeData.IsEmpty) Data.Write(address, writeData); }
            else
            {
                ref var buf = ref _txnData[slot];
                if (buf == null || buf.Length < sizeBytes) buf = new byte[Math.Max(sizeBytes, 64)];
                Data.Read(address, buf.AsSpan(0, sizeBytes));
                t.HasSnapshot = true;
            }
        }
        for (int i = 0; i < bursts; i++)
        {
            Mapper.Decode((firstBurst + i) << _offsetBits, out var d);
            int r = _pool.Rent();
            ref var br = ref _pool.Items[r];
            br.Seq = _seq++; br.Arrival = t.Arrival; br.Txn = slot; br.Row = d.Row; br.Column = d.Column; br.Bank = d.Bank; br.IsWrite = isWrite;
            if ((uint)(d.Channel - _firstChannel) >= (uint)Controllers.Length / (uint)_pcsPerChannel)
                throw new ArgumentOutOfRangeException(nameof(address), address,
                    $"maps to channel {d.Channel}, not this model's");
            var pc = Controllers[(d.Channel - _firstChannel) * _pcsPerChannel + d.PseudoChannel];
            pc.Stage(r, Now);
            if (pc.NextEvent < _pcMin) _pcMin = pc.NextEvent;
        }
        _staged += bursts;
        _outstanding++;
        return t.Id;
    }

    /// <summary>Submits, stepping the model until the front-end accepts.</summary>
    public long Submit(long address, bool isWrite, int sizeBytes, long arrivalCycle = -1,
        ReadOnlySpan<byte> writeData = default, CompletionCallback? callback = null)
    {
        while (true)
        {
            long id = TrySubmit(address, isWrite, sizeBytes, arrivalCycle, writeData, callback);
            if (id >= 0) return id;
            if (!Step()) throw new InvalidOperationException("front-end full and nothing can make progress");
        }
    }

    /// <summary>Awaitable read: completes with the data read (functional data is enabled).</summary>
    public Task<(Completion Completion, byte[] Data)> ReadAsync(long address, int sizeBytes)
    {
        EnableData();
        var tcs = new TaskCompletionSource<(Completion, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        Submit(address, false, sizeBytes, -1, default, (in Completion c, ReadOnlySpan<byte> d) => tcs.SetResult((c, d.ToArray())));
        return tcs.Task;
    }

    /// <summary>Awaitable write.</summary>
    public Task<Completion> WriteAsync(long address, ReadOnlySpan<byte> data)
    {
        var tcs = new TaskCompletionSource<Completion>(TaskCreationOptions.RunContinuationsAsynchronously);
        Submit(address, true, data.Length, -1, data, (in Completion c, ReadOnlySpan<byte> _) => tcs.SetResult(c));
        return tcs.Task;
    }

    /// <summary>The next cycle at which anything happens, or <see cref="Never"/>.</summary>
    public long NextEventCycle
    {
        get
        {
            long t = _heap.TopCycle;
            if (_admitMin < t) t = _admitMin;
            return _pcMin < t ? _pcMin : t;
        }
    }

    /// <summary>Advances to the next event and processes it. Returns false when nothing is left to happen.</summary>
    public bool Step()
    {
        if (_queued == 0 && _heap.Count == 0 && _admitPending == 0 && IdleSkip && Now >= _noSkipBefore && !_skipping)
            TrySkipIdle();
        return StepOne();
    }

    private bool StepOne()
    {
        long t = NextEventCycle;
        if (t == Never) return false;
        if (t > Now) Now = t;
        if (_admitMin <= Now) ApplyAdmissions();
        while (_heap.TryPopDue(Now, out int done)) Complete(done);
        var cs = Controllers;
        var ev = _events;
        long now = Now;
        if (cs.Length > 64)
        {
            for (int i = 0; i < cs.Length; i++)
                if (ev[i] <= now) { cs[i].Tick(now); if (_runAhead && cs[i].Staging.Head >= 0) RunAheadOf(cs[i], i, now); }
        }
        else
        {
            // which controllers are due, four at a time; then tick them in order (a tick changes only its own slot)
            ref long e0 = ref MemoryMarshal.GetArrayDataReference(ev);
            var nowV = Vector256.Create(now);
            ulong due = 0;
            for (int i = 0; i < ev.Length; i += 4)
                due |= (ulong)Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref e0, (nuint)i), nowV).ExtractMostSignificantBits() << i;
            if (!_runAhead)
                for (; due != 0; due &= due - 1) cs[BitOperations.TrailingZeroCount(due)].Tick(now);
            else
                for (; due != 0; due &= due - 1)
                {
                    int i = BitOperations.TrailingZeroCount(due);
                    var c = cs[i];
                    c.Tick(now);
                    if (c.Staging.Head >= 0) RunAheadOf(c, i, now);
                }
        }
        _pcMin = MinEvent();
        return true;
    }

    private long MinEvent()
    {
        ref long e0 = ref MemoryMarshal.GetArrayDataReference(_events);
        var m = Vector256.Create(Never);
        for (int i = 0; i < _events.Length; i += 4) m = Vector256.Min(m, Vector256.LoadUnsafe(ref e0, (nuint)i));
        return Math.Min(Math.Min(m[0], m[1]), Math.Min(m[2], m[3]));
    }

    /// <summary>Runs until every submitted transaction has completed.</summary>
    public void RunToCompletion()
    {
        while (_outstanding > 0) if (!Step()) throw new InvalidOperationException("requests outstanding but no event pending (model bug)");
    }

    /// <summary>Runs every event up to and including <paramref name="cycle"/>, then sets the clock to it.</summary>
    public void RunUntil(long cycle)
    {
        long limit = _runLimit;
        _runLimit = Math.Min(limit, cycle);
        try { while (NextEventCycle <= cycle) Step(); }
        finally { _runLimit = limit; }
        if (cycle > Now) Now = cycle;
    }

    /// <summary>
    /// Advances idle refresh in closed form: while nothing is queued, in flight or arriving, the only events are
    /// refresh, which repeats every round. Skips whole rounds when the state is shown periodic (see
    /// <see cref="IdleState"/>), so that one request at cycle 10^12 costs a few rounds of stepping, not 10^12 / nREFI.
    /// The result equals stepping (a property test compares them over random gaps). Off while an observer is set:
    /// it must see every command.
    /// </summary>
    public bool IdleSkip { get; set; } = true;

    /// <summary>Refresh rounds skipped in closed form so far.</summary>
    public long IdleRoundsSkipped { get; private set; }

    /// <summary>Tests: skip even with an observer, which then misses the skipped commands.</summary>
    internal bool SkipWithObserver;

    private int _queued;             // bursts in the controllers' queues (accepted, not yet issued)
    private long _runLimit = Never;  // RunUntil's target: no event after it may be processed
    private long _noSkipBefore;      // after a skip found no periodic state, stepping goes on for a round first
    private bool _skipping;
    private IdleState? _idle;

    private void TrySkipIdle()
    {
        if ((_observer != null && !SkipWithObserver) || Controllers.Length == 0) return;
        long period = Controllers[0].IdlePeriodCycles;
        if (period <= 0) return; // no refresh: idle time has no events to skip
        long bound = _runLimit;
        foreach (var c in Controllers)
            if (c.Staging.Head >= 0 && c.Staging.HeadArrival < bound) bound = c.Staging.HeadArrival;
        // a few rounds to find the periodic state, whole rounds skipped, the controllers' run-ahead, and the last
        // rounds stepped again before the first arrival
        long margin = RunAheadCycles + 2 * period;
        if (bound == Never || bound - Now < 6 * period + margin) return;
        _skipping = true;
        try
        {
            _idle ??= new IdleState();
            while (NextEventCycle <= Now) StepOne();
            for (int attempt = 0; attempt < 4; attempt++)
            {
                long start = Now;
                _idle.BeginFirst(start);
                VisitIdle(_idle);
                while (NextEventCycle <= start + period) StepOne();
                if (!Idle()) return;
                _idle.BeginSecond();
                VisitIdle(_idle);
                if (!_idle.IsPeriodic(period)) continue;
                long rounds = (bound - margin - Now) / period - 1;
                if (rounds <= 0) return;
                _idle.BeginApply(period, rounds, Now + rounds * period);
                VisitIdle(_idle);
                IdleRoundsSkipped += rounds;
                return;
            }
            _noSkipBefore = Now + period;
        }
        finally { _skipping = false; }
    }

    private bool Idle() => _queued == 0 && _heap.Count == 0 && _admitPending == 0;

    private void VisitIdle(IdleState s)
    {
        long now = Now;
        s.Cycle(ref now);
        Now = now;
        s.Cycle(ref _pcMin);
        for (int ch = 0; ch < Controllers.Length; ch += _pcsPerChannel) Controllers[ch].Timing.VisitIdle(s);
        foreach (var c in Controllers) c.VisitIdle(s);
    }

    /// <summary>
    /// Lets controllers tick ahead of the clock, each on its own, while nothing from outside can reach them: a
    /// controller runs on (up to <see cref="RunAheadCycles"/>) while its front-end list holds more bursts than its
    /// queues have room for, so that every burst submitted meanwhile would have queued behind them, and what it
    /// reports back waits for the clock: an admission frees its front-end place only at its cycle, and completions
    /// leave in (cycle, direction, controller) order either way. Results are identical with and without (a test
    /// compares them); a controller's own counters may be ahead of <see cref="Now"/> between steps, and the commands
    /// of different controllers reach an observer out of time order, so it is off when an observer is set, and only
    /// possible when no timing rule reaches across pseudo-channels (none of the built-in tables has one). It keeps a
    /// controller's state in the first-level cache for a run of ticks instead of one tick per step.
    /// </summary>
    public bool RunAhead
    {
        get => _runAhead;
        set => _runAhead = value && _runAheadPossible && (_observer == null || ObserverTakesAnyOrder);
    }

    /// <summary>Ticks taken ahead of the clock.</summary>
    public long RunAheadTicks { get; private set; }

    /// <summary>Tests: the observer compares each controller's commands on their own, so run-ahead may stay on.</summary>
    internal bool ObserverTakesAnyOrder;

    private bool _runAhead;
    private readonly bool _runAheadPossible;
    private readonly int[] _admitAt = new int[256];   // admissions made ahead of the clock, by cycle (mod 256)
    private long _admitMin = Never;                   // earliest of them
    private int _admitPending;

    private void RunAheadOf(PseudoChannelController c, int i, long now)
    {
        long limit = now + RunAheadCycles;
        for (long t = _events[i]; t <= limit && c.CannotDrainFrontEnd(t); t = _events[i]) { c.Tick(t); RunAheadTicks++; }
    }

    /// <summary>Frees the front-end places of admissions made ahead of the clock, up to <see cref="Now"/>.</summary>
    private void ApplyAdmissions()
    {
        for (long c = _admitMin; c <= Now && _admitPending > 0; c++)
        {
            ref int n = ref _admitAt[(int)c & (_admitAt.Length - 1)];
            _staged -= n; _admitPending -= n; n = 0;
        }
        _admitMin = Never;
        for (long c = Now + 1; _admitPending > 0; c++)
            if (_admitAt[(int)c & (_admitAt.Length - 1)] != 0) { _admitMin = c; break; }
    }

    void IControllerHost.BurstAccepted(int request, long now)
    {
        if (now > Now)
        {
            // admitted by a controller ahead of the clock: the front-end place frees at that cycle
            _admitAt[(int)now & (_admitAt.Length - 1)]++;
            _admitPending++;
            if (now < _admitMin) _admitMin = now;
        }
        else _staged--;
        _queued++;
        ref var t = ref _txns[_pool.Items[request].Txn];
        if (t.Accept < 0 || now < t.Accept) t.Accept = now;
    }

    void IControllerHost.BurstIssued(int request, long doneCycle, int controller)
    {
        ref var r = ref _pool.Items[request];
        _queued--;
        _heap.Push(doneCycle, r.Txn, r.IsWrite, controller);
        _pool.Return(request);
    }

    private void Complete(int slot)
    {
        ref var t = ref _txns[slot];
        if (++t.Done < t.Bursts) return;
        if (t.IsPart)
        {
            _outstanding--;
            _txnFree[_txnFreeCount++] = slot;
            PartDone?.Invoke(t.Id, t.Accept, Now);
            return;
        }
        var c = new Completion(t.Id, t.Address, t.Size, t.IsWrite, t.Arrival, t.Accept, Now);
        var cb = t.Callback;
        t.Callback = null;
        if (t.IsWrite) { CompletedWrites++; BytesWritten += t.Size; WriteLatency.Add(c.LatencyCycles); }
        else { CompletedReads++; BytesRead += t.Size; ReadLatency.Add(c.LatencyCycles); }
        Epochs?.Completed(t.Accept, Now, t.IsWrite);
        _outstanding--;
        _txnFree[_txnFreeCount++] = slot;
        if (cb == null && OnComplete == null) return;
        ReadOnlySpan<byte> data = default;
        if (!c.IsWrite && Data != null)
        {
            ref var buf = ref _txnData[slot];
            if (!t.HasSnapshot)
            {
                // submitted before any data was written: the memory read as zeros then
                if (buf == null || buf.Length < c.SizeBytes) buf = new byte[Math.Max(c.SizeBytes, 64)];
                Array.Clear(buf, 0, c.SizeBytes);
            }
            data = buf.AsSpan(0, c.SizeBytes);
        }
        cb?.Invoke(c, data);
        OnComplete?.Invoke(c, data);
    }

    private int RentTxn()
    {
        if (_txnFreeCount > 0) return _txnFree[--_txnFreeCount];
        if (_txnUsed == _txns.Length)
        {
            Array.Resize(ref _txns, _txnUsed * 2);
            Array.Resize(ref _txnData, _txnUsed * 2);
            Array.Resize(ref _txnFree, _txnUsed * 2);
        }
        return _txnUsed++;
    }

    /// <summary>Closes background-state accounting at the current cycle (call before reading energy).</summary>
    public void FinishAccounting()
    {
        foreach (var c in Controllers) c.FinishAccounting(Now);
    }
}
