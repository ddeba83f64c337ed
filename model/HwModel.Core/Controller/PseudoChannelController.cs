using System.Numerics;
using HwModel.Config;
using HwModel.Engine;
using HwModel.Spec;
using HwModel.Timing;

namespace HwModel.Controller;

/// <summary>Notified by a controller when a burst's column command issues and when a queue slot frees.</summary>
public interface IControllerHost
{
    /// <summary>A staged burst entered the controller queues.</summary>
    void BurstAccepted(int request, long now);
    /// <summary>A burst's column command issued by controller number <paramref name="controller"/>; its data
    /// completes at <paramref name="doneCycle"/>.</summary>
    void BurstIssued(int request, long doneCycle, int controller);
}

/// <summary>
/// The controller of one pseudo-channel: per-bank read and write queues, bank state, row and column command buses,
/// and the policy points (scheduler, page policy, refresh, RFM). Event-driven: <see cref="NextEvent"/> is the earliest
/// cycle at which <see cref="Tick"/> can do anything.
/// </summary>
public sealed class PseudoChannelController : Scheduling.ISchedulerView
{
    public const long Never = long.MaxValue;

    public readonly int Channel;
    public readonly int PcIndex;
    public readonly TimingState Timing;
    public readonly RequestPool Pool;
    public readonly BankQueue[] ReadQ;
    public readonly BankQueue[] WriteQ;
    public readonly int[] OpenRow;
    public readonly PcCounters Counters = new();
    public ulong ReadMask, WriteMask, OpenMask;
    /// <summary>Per bank: queued requests that hit the open row; the masks mark banks with at least one.</summary>
    public readonly int[] ReadHits, WriteHits;
    /// <summary>
    /// Banks whose next command (ACT, PRE or a column command: a bank is a candidate for one kind at a time) is known
    /// not to be legal before a cycle (earliest-issue values only ever move later while the bank's next command stays
    /// the same). The scheduler skips them without looking until the earliest of those cycles; any event that changes
    /// a bank's next command wakes it.
    /// </summary>
    public SleepSet Sleep;

    /// <summary>
    /// Banks whose row command (ACT when closed, PRE when open) passed the bank-level timing look. A bank's own
    /// timing row is raised only by commands issued to that bank (no rule of any standard reaches a bank from its
    /// siblings), and its row command changes only with such a command too, so the pass holds until one issues: the
    /// scheduler then skips that look (which on a mix was 11 per request, mostly repeats for banks waiting their turn).
    /// </summary>
    public ulong RowPass;

    private void WakeBank(int b) => Sleep.Wake(b);
    private void WakeAll() => Sleep.Clear();

    /// <summary>Per bank: cycle of its last column command (refresh prefers recently used idle banks).</summary>
    public readonly long[] LastColumnCycle;
    public ulong ReadHitMask, WriteHitMask;
    public int ReadCount, WriteCount;
    public bool WriteMode;
    /// <summary>The earliest cycle at which <see cref="Tick"/> can do anything (kept in the memory system's shared array).</summary>
    public long NextEvent { get => _events[_eventSlot]; set => _events[_eventSlot] = value; }
    private readonly long[] _events;
    private readonly int _eventSlot;
    public readonly ulong AllBanksMask;
    /// <summary>Some rule spaces PREs across the pseudo-channel (tPPD): the scheduler checks that floor once instead of
    /// every open bank's full look.</summary>
    public readonly bool PreHasPcFloor;

    private readonly int _banks, _readDepth, _writeDepth, _high, _low;
    private readonly int _sids, _bgs, _bpg;
    private readonly int _sidShift, _bgShift, _bgMask; // bank -> stack ID and bank group (the counts are powers of two)
    private readonly int _actHalves, _rowHalves;
    private readonly int _readDone, _writeDone;
    private readonly IScheduler _scheduler;
    private readonly IPagePolicy _page;
    private readonly IRefreshManager _refresh;
    private readonly RfmManager _rfm;
    private readonly IControllerHost _host;
    private readonly int[] _hitsSinceAct;
    private readonly bool[] _conflictPending, _actAfterConflict;
    private long _rowBusFreeHalf, _colBusFree, _lastBgChange, _cmdTotal;
    public ICommandObserver? Observer;

    public PseudoChannelController(MemoryConfig cfg, int channel, int pc, TimingState timing, RequestPool pool, IControllerHost host,
        long[]? events = null, int eventSlot = 0)
    {
        _events = events ?? new long[1];
        _eventSlot = eventSlot;
        NextEvent = Never;
        var o = cfg.Org; var k = cfg.Controller; var t = cfg.Timing;
        Channel = channel; PcIndex = pc; Timing = timing; Pool = pool; _host = host;
        _banks = o.BanksPerPseudoChannel;
        _sids = o.StackIds; _bgs = o.BankGroups; _bpg = o.BanksPerGroup;
        _sidShift = BitOperations.Log2((uint)(_bgs * _bpg)); _bgShift = BitOperations.Log2((uint)_bpg); _bgMask = _bgs - 1;
        AllBanksMask = _banks == 64 ? ulong.MaxValue : (1UL << _banks) - 1;
        ReadQ = new BankQueue[_banks]; WriteQ = new BankQueue[_banks];
        for (int i = 0; i < _banks; i++) { ReadQ[i] = BankQueue.Empty; WriteQ[i] = BankQueue.Empty; }
        OpenRow = new int[_banks]; Array.Fill(OpenRow, -1);
        ReadHits = new int[_banks]; WriteHits = new int[_banks];
        LastColumnCycle = new long[_banks];
        Sleep = new SleepSet(_banks);
        _hitsSinceAct = new int[_banks]; _conflictPending = new bool[_banks]; _actAfterConflict = new bool[_banks];
        _readDepth = k.ReadQueueDepth; _writeDepth = k.WriteQueueDepth;
        _high = k.WriteHighWatermark; _low = k.WriteLowWatermark;
        _actHalves = o.ActHalfCycles; _rowHalves = o.RowCmdHalfCycles;
        _readDone = CommandTable.Get(Command.RD).DataLatency!.Evaluate(cfg);
        _writeDone = CommandTable.Get(Command.WR).DataLatency!.Evaluate(cfg);
        _scheduler = PolicyRegistry.CreateScheduler(k);
        _page = PolicyRegistry.CreatePagePolicy(k);
        _refresh = PolicyRegistry.CreateRefresh(cfg);
        _rfm = new RfmManager(k.RfmThreshold, _banks, k.RfmCommand);
        PreHasPcFloor = timing.HasPcFloor(Command.PRE);
        if (k.Refresh != RefreshKind.Off) NextEvent = 0;
    }

    public int QueuedCount => ReadCount + WriteCount;
    public int OpenBankCount => BitOperations.PopCount(OpenMask);
    public BankQueue[] CurrentQueues => WriteMode ? WriteQ : ReadQ;
    public ulong CurrentMask => WriteMode ? WriteMask : ReadMask;
    public ulong CurrentHitMask => WriteMode ? WriteHitMask : ReadHitMask;
    public int HitsFor(int bank) => ReadHits[bank] + WriteHits[bank];
    public ulong ActBlockedMask => _refresh.ActBlockedMask | _rfm.BlockedMask;
    public ulong ColumnBlockedMask => _refresh.ColumnBlockedMask;
    public int RefreshOwed => _refresh.Owed;

    /// <summary>A tick at <paramref name="cycle"/> cannot empty the front-end list (some burst in it cannot enter
    /// the queues then: admission is in order and stops at the first that cannot), so a burst submitted meanwhile
    /// would queue behind the ones waiting: the condition for running ahead of the clock.</summary>
    public bool CannotDrainFrontEnd(long cycle)
    {
        int idx = Staging.Head;
        if (idx < 0) return false;
        if (Staging.HeadArrival > cycle || !CanAccept(Staging.HeadIsWrite)) return true; // the usual case: the head waits
        int readRoom = _readDepth - ReadCount, writeRoom = _writeDepth - WriteCount;
        var items = Pool.Items;
        for (; idx >= 0; idx = items[idx].Next)
        {
            ref var r = ref items[idx];
            if (r.Arrival > cycle) return true;
            if (r.IsWrite ? writeRoom-- <= 0 : readRoom-- <= 0) return true;
        }
        return false;
    }

    public bool CanAccept(bool isWrite) => isWrite ? WriteCount < _writeDepth : ReadCount < _readDepth;

    /// <summary>Bursts waiting in the front-end for this pseudo-channel's queues, in submission order.</summary>
    public StagingQueue Staging = StagingQueue.Empty;

    /// <summary>Adds a burst to the front-end staging list; it enters the queues at its arrival cycle, when there is room.</summary>
    public void Stage(int idx, long now)
    {
        ref var r = ref Pool.Items[idx];
        if (Staging.Head < 0 && r.Arrival <= now && CanAccept(r.IsWrite))
        {
            // room now and nobody ahead: the burst enters directly, and the controller wakes only when its bank can
            // take its next command (not for a tick that would only admit it)
            Enqueue(idx, now);
            _host.BurstAccepted(idx, now);
            long wake = Never;
            ulong bit = 1UL << r.Bank;
            if (ModeWouldFlip() || ((ActBlockedMask | ColumnBlockedMask) & bit) != 0) wake = now;
            else if ((CurrentMask & bit) != 0) FollowUp(r.Bank, ref wake);
            if (wake < now) wake = now;
            if (wake < NextEvent) NextEvent = wake;
            return;
        }
        Staging.Append(Pool.Items, idx);
        // only the head of the staging list can enter next, and only when its queue has room (a column command
        // freeing a slot wakes the controller anyway)
        if (Staging.Head != idx || !CanAccept(Pool.Items[idx].IsWrite)) return;
        long a = Math.Max(Pool.Items[idx].Arrival, now);
        if (a < NextEvent) NextEvent = a;
    }

    private void AdmitStaged(long now, ref long wake)
    {
        while (Staging.Head >= 0)
        {
            if (Staging.HeadArrival > now) { if (Staging.HeadArrival < wake) wake = Staging.HeadArrival; return; }
            if (!CanAccept(Staging.HeadIsWrite)) return; // woken when a column command frees a slot
            int idx = Staging.Head;
            Staging.RemoveHead(Pool.Items);
            Enqueue(idx, now);
            _host.BurstAccepted(idx, now);
        }
    }

    private void Enqueue(int idx, long now)
    {
        ref var r = ref Pool.Items[idx];
        bool hit = OpenRow[r.Bank] == r.Row;
        // the bank's next command changes only if it becomes a candidate of the current direction, or a column
        // candidate (first hit); another miss behind others leaves it (and its sleep) as it was
        ulong bit = 1UL << r.Bank;
        if (r.IsWrite == WriteMode && ((CurrentMask & bit) == 0 || (hit && (CurrentHitMask & bit) == 0))) WakeBank(r.Bank);
        if (r.IsWrite)
        {
            WriteQ[r.Bank].Append(Pool.Items, idx); WriteMask |= 1UL << r.Bank; WriteCount++;
            if (hit) { WriteHits[r.Bank]++; WriteHitMask |= 1UL << r.Bank; }
        }
        else
        {
            ReadQ[r.Bank].Append(Pool.Items, idx); ReadMask |= 1UL << r.Bank; ReadCount++;
            if (hit) { ReadHits[r.Bank]++; ReadHitMask |= 1UL << r.Bank; }
        }
    }

    private void RecountHits(int bank)
    {
        var items = Pool.Items;
        int row = OpenRow[bank], n = 0;
        for (int i = ReadQ[bank].Head; i >= 0; i = items[i].Next) if (items[i].Row == row) n++;
        ReadHits[bank] = n;
        if (n > 0) ReadHitMask |= 1UL << bank; else ReadHitMask &= ~(1UL << bank);
        n = 0;
        for (int i = WriteQ[bank].Head; i >= 0; i = items[i].Next) if (items[i].Row == row) n++;
        WriteHits[bank] = n;
        if (n > 0) WriteHitMask |= 1UL << bank; else WriteHitMask &= ~(1UL << bank);
    }

    /// <summary>Runs one controller cycle: refresh, one column command, up to two row commands (half-cycle buses).</summary>
    public void Tick(long now)
    {
        long wake = Never;
        long cmdCount = _cmdTotal;

        AdmitStaged(now, ref wake);

        // write drain with hysteresis
        if (ModeWouldFlip()) { WriteMode = !WriteMode; WakeAll(); }
        Sleep.Expire(now);
        RowPass |= Sleep.RowWoke; // an exact wake from a row-command sleep: the bank-level look passes now

        _refresh.Tick(this, now, ref wake);
        _rfm.Tick(this, now, ref wake);
        bool maintenance = _cmdTotal != cmdCount; // refresh or RFM issued: look again next cycle
        bool otherReady = false;
        int colBank = -1, rowBank0 = -1, rowBank1 = -1;
        // candidates' earliest cycles by kind, so that after an issue each can be raised to its pseudo-channel floor
        long wakeCol = Never, wakeAct = Never, wakePre = Never;

        if (QueuedCount > 0)
        {
            if (_colBusFree <= now)
            {
                int idx = _scheduler.PickColumn(this, now, ref wakeCol, ref otherReady, out int prev);
                if (idx >= 0) { colBank = Pool.Items[idx].Bank; IssueColumn(idx, prev, now, ref wake); }
            }
            else if (_colBusFree < wake) wake = _colBusFree;

            for (int n = 0; n < 2 && QueuedCount > 0; n++)
            {
                if (_rowBusFreeHalf > 2 * now + 1)
                {
                    // busy since the previous cycle: look again when it frees; busy from this cycle's first issue: the
                    // first look's candidates are in wakeAct / wakePre already
                    if (n == 0) { long w = _rowBusFreeHalf / 2; if (w < wake) wake = w; }
                    break;
                }
                int b = _scheduler.PickRow(this, now, ref wakeAct, ref wakePre, ref otherReady, out var cmd, out int row);
                if (b < 0) break;
                if (cmd == Command.PRE) _conflictPending[b] = true;
                IssueRow(cmd, b, row, now); // the row bus is free and the scheduler found the command legal now
                if (n == 0) rowBank0 = b; else rowBank1 = b;
            }
        }
        if (_cmdTotal == cmdCount) { NextEvent = Math.Min(wake, Math.Min(wakeCol, Math.Min(wakeAct, wakePre))); return; }
        if (ConservativeWake || maintenance || otherReady || ModeWouldFlip() || StagedAdmittable(now + 1)) { NextEvent = now + 1; return; }
        // Exact wake-up: candidates seen but not ready, each no earlier than the floor the issued commands left for its
        // kind (their earliest cycles only grow), plus what the issued commands enabled.
        if (wakeCol != Never) wakeCol = Math.Max(wakeCol, Timing.EarliestPc(WriteMode ? Command.WR : Command.RD, PcIndex));
        if (wakeAct != Never) wakeAct = Math.Max(wakeAct, Timing.EarliestPc(Command.ACT, PcIndex));
        wake = Math.Min(wake, Math.Min(wakeCol, Math.Min(wakeAct, wakePre)));
        if (colBank >= 0) FollowUp(colBank, ref wake);
        if (rowBank0 >= 0) FollowUp(rowBank0, ref wake);
        if (rowBank1 >= 0) FollowUp(rowBank1, ref wake);
        NextEvent = wake <= now ? now + 1 : wake;
    }

    /// <summary>Re-evaluate every cycle after an issue instead of computing the exact wake-up cycle (slower).
    /// Both must give identical schedules; a property test checks it.</summary>
    public bool ConservativeWake;

    private bool ModeWouldFlip() => !WriteMode
        ? WriteCount >= _high || (ReadCount == 0 && WriteCount > 0)
        : WriteCount == 0 || (WriteCount <= _low && ReadCount > 0);

    private bool StagedAdmittable(long cycle)
    {
        return Staging.Head >= 0 && Staging.HeadArrival <= cycle && CanAccept(Staging.HeadIsWrite);
    }

    /// <summary>The next command a bank needs after one was issued to it, and when it may issue.</summary>
    private void FollowUp(int b, ref long wake)
    {
        ulong bit = 1UL << b;
        if ((CurrentMask & bit) == 0) return;
        Command c;
        if ((CurrentHitMask & bit) != 0) c = WriteMode ? Command.WR : Command.RD;
        else c = (OpenMask & bit) != 0 ? Command.PRE : Command.ACT;
        long e = Timing.Earliest(c, PcIndex, b);
        if (e < wake) wake = e;
    }

    private void IssueColumn(int idx, int prev, long now, ref long wake)
    {
        var items = Pool.Items;
        ref var r = ref items[idx];
        int b = r.Bank;
        WakeBank(b);
        RowPass &= ~(1UL << b);
        if (r.IsWrite)
        {
            WriteQ[b].Remove(items, idx, prev);
            if (WriteQ[b].Count == 0) WriteMask &= ~(1UL << b);
            WriteCount--;
            if (--WriteHits[b] == 0) WriteHitMask &= ~(1UL << b);
        }
        else
        {
            ReadQ[b].Remove(items, idx, prev);
            if (ReadQ[b].Count == 0) ReadMask &= ~(1UL << b);
            ReadCount--;
            if (--ReadHits[b] == 0) ReadHitMask &= ~(1UL << b);
        }
        bool ap = _page.AutoPrecharge(this, b, r.Row);
        var cmd = r.IsWrite ? (ap ? Command.WRA : Command.WR) : (ap ? Command.RDA : Command.RD);
        if (ap && Timing.Earliest(cmd, PcIndex, b) > now) // the auto-precharge variant has a stricter rule: fall back to the plain command this cycle
            cmd = r.IsWrite ? Command.WR : Command.RD;
        if (_hitsSinceAct[b]++ > 0) Counters.RowHits++;
        else if (_actAfterConflict[b]) Counters.RowConflicts++;
        else Counters.RowMisses++;
        Emit(cmd, b, r.Row, r.Column, now, false);
        _colBusFree = now + 1;
        LastColumnCycle[b] = now;
        if (r.IsWrite) Counters.WriteBursts++; else Counters.ReadBursts++;
        if (CommandInfo.AutoPrecharges(cmd)) CloseBank(b, now);
        _host.BurstIssued(idx, now + (r.IsWrite ? _writeDone : _readDone), _eventSlot);
    }

    /// <summary>Issues a row command if the row bus and the timing table allow it at <paramref name="now"/>; otherwise lowers <paramref name="wake"/>.</summary>
    public bool TryIssueRow(Command cmd, int bank, int row, long now, ref long wake)
    {
        if (_rowBusFreeHalf > 2 * now + 1) { long w = _rowBusFreeHalf / 2; if (w < wake) wake = w; return false; }
        long e = Timing.Earliest(cmd, PcIndex, bank);
        if (e > now) { if (e < wake) wake = e; return false; }
        IssueRow(cmd, bank, row, now);
        return true;
    }

    /// <summary>Issues a row command known to be legal at <paramref name="now"/> with the row bus free.</summary>
    private void IssueRow(Command cmd, int bank, int row, long now)
    {
        if (CommandInfo.IsBankCommand(cmd)) { WakeBank(bank); RowPass &= ~(1UL << bank); }
        else { WakeAll(); RowPass = 0; }
        long start = Math.Max(2 * now, _rowBusFreeHalf);
        _rowBusFreeHalf = start + (CommandInfo.IsActivate(cmd) ? _actHalves : _rowHalves);
        Emit(cmd, bank, row, 0, now, start > 2 * now);
        if (CommandInfo.Opens(cmd))
        {
            if (OpenMask == 0) { Counters.PrechargedCycles += now - _lastBgChange; _lastBgChange = now; }
            OpenRow[bank] = row; OpenMask |= 1UL << bank;
            RecountHits(bank);
            _hitsSinceAct[bank] = 0;
            _actAfterConflict[bank] = _conflictPending[bank];
            _conflictPending[bank] = false;
            _rfm.OnActivate(bank);
        }
        else if (CommandInfo.Closes(cmd))
        {
            if (CommandInfo.IsBankCommand(cmd)) CloseBank(bank, now);
            else for (ulong m = OpenMask; m != 0; m &= m - 1) CloseBank(BitOperations.TrailingZeroCount(m), now);
        }
    }

    private void CloseBank(int bank, long now)
    {
        if ((OpenMask & (1UL << bank)) == 0) return;
        OpenRow[bank] = -1;
        OpenMask &= ~(1UL << bank);
        ReadHits[bank] = WriteHits[bank] = 0;
        ReadHitMask &= ~(1UL << bank); WriteHitMask &= ~(1UL << bank);
        if (OpenMask == 0) { Counters.ActiveCycles += now - _lastBgChange; _lastBgChange = now; }
    }

    private void Emit(Command cmd, int bank, int row, int col, long now, bool secondHalf)
    {
        Timing.Issue(cmd, PcIndex, bank, now);
        Counters.Commands[(int)cmd]++;
        _cmdTotal++;
        if (Observer != null)
        {
            int sid = bank >> _sidShift, bg = (bank >> _bgShift) & _bgMask; // every command: shifts, not divisions
            Observer.OnCommand(new CommandRecord(now, cmd, Channel, PcIndex, sid, bg, bank, row, col, secondHalf));
        }
    }

    // ---- the read-only view a scheduler sees (Scheduling.ISchedulerView) ----
    bool Scheduling.ISchedulerView.WriteMode => WriteMode;
    int Scheduling.ISchedulerView.Banks => _banks;
    ulong Scheduling.ISchedulerView.PendingBanks => CurrentMask;
    int Scheduling.ISchedulerView.QueueHead(int bank) => CurrentQueues[bank].Head;
    int Scheduling.ISchedulerView.NextInQueue(int request) => Pool.Items[request].Next;
    ref readonly BurstRequest Scheduling.ISchedulerView.Request(int request) => ref Pool.Items[request];
    int Scheduling.ISchedulerView.OpenRowOf(int bank) => OpenRow[bank];
    ulong Scheduling.ISchedulerView.ActBlockedBanks => ActBlockedMask;
    ulong Scheduling.ISchedulerView.ColumnBlockedBanks => ColumnBlockedMask;
    long Scheduling.ISchedulerView.EarliestIssue(Command cmd, int bank) => Timing.Earliest(cmd, PcIndex, bank);

    /// <summary>Whether nothing is queued and nothing can enter the queues before <paramref name="cycle"/>.</summary>
    public bool IdleUntil(long cycle) => QueuedCount == 0 && (Staging.Head < 0 || Staging.HeadArrival >= cycle);

    /// <summary>How often this controller's idle state repeats (its refresh round), or 0 if it never changes.</summary>
    public long IdlePeriodCycles => _refresh.IdlePeriodCycles;

    /// <summary>Visits this controller's state for the closed-form idle skip (see <see cref="IdleState"/>); the
    /// front-end list is not visited: the skip stops before anything in it arrives.</summary>
    public void VisitIdle(IdleState s)
    {
        long next = NextEvent;
        s.Cycle(ref next);
        NextEvent = next;
        s.Exact((long)ReadMask); s.Exact((long)WriteMask); s.Exact((long)OpenMask);
        s.Exact((long)ReadHitMask); s.Exact((long)WriteHitMask); s.Exact((long)RowPass);
        s.Exact(ReadCount); s.Exact(WriteCount); s.Exact(WriteMode ? 1 : 0);
        s.Exacts(OpenRow); s.Exacts(ReadHits); s.Exacts(WriteHits);
        s.Exacts(_hitsSinceAct); s.Exacts(_conflictPending); s.Exacts(_actAfterConflict);
        s.Cycles(LastColumnCycle);
        s.HalfCycle(ref _rowBusFreeHalf);
        s.Cycle(ref _colBusFree);
        s.Cycle(ref _lastBgChange);
        s.Count(ref _cmdTotal);
        Sleep.VisitIdle(s);
        Counters.VisitIdle(s);
        _refresh.VisitIdle(s);
        _rfm.VisitIdle(s);
    }

    /// <summary>Closes the background-state accounting at <paramref name="end"/>.</summary>
    public void FinishAccounting(long end)
    {
        if (end <= _lastBgChange) return;
        if (OpenMask == 0) Counters.PrechargedCycles += end - _lastBgChange;
        else Counters.ActiveCycles += end - _lastBgChange;
        _lastBgChange = end;
    }
}
