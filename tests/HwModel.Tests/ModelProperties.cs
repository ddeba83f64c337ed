using FsCheck;
using FsCheck.Fluent;
using HwModel.Config;
using HwModel.Engine;
using Xunit;

namespace HwModel.Tests;

/// <summary>One request of a generated workload.</summary>
public sealed record Op(bool Write, long Address, int Size, int Gap, byte Fill)
{
    public override string ToString() => $"{(Write ? "W" : "R")} 0x{Address:X} {Size}B +{Gap}";
}

/// <summary>A generated configuration variant and workload.</summary>
public sealed record Scenario(string Preset, SchedulerKind Scheduler, PagePolicyKind Page, RefreshKind Refresh, int Postpone,
    int QueueDepth, bool Xor, Op[] Ops, string SchedulerName = "")
{
    public MemoryConfig Config()
    {
        var c = Presets.Get(Preset);
        c.Controller.Scheduler = Scheduler;
        c.Controller.SchedulerName = SchedulerName;
        c.Controller.PagePolicy = Page;
        c.Controller.Refresh = Refresh;
        c.Controller.RefreshPostponeLimit = Postpone;
        c.Controller.ReadQueueDepth = c.Controller.WriteQueueDepth = QueueDepth;
        c.Controller.WriteHighWatermark = Math.Max(1, QueueDepth * 3 / 4);
        c.Controller.WriteLowWatermark = Math.Min(c.Controller.WriteHighWatermark - 1, QueueDepth / 4);
        c.Controller.FrontEndDepth = 16;
        c.Org.XorBankHash = Xor;
        return c;
    }

    public override string ToString() =>
        $"{Preset} {Scheduler} {Page}-page {Refresh} refresh (postpone {Postpone}) queues {QueueDepth} xor {Xor}, {Ops.Length} ops: {string.Join("; ", Ops.Take(40))}";
}

public static class Generators
{
    /// <summary>Every registered preset without PIM (a new standard's presets join the properties by
    /// themselves).</summary>
    private static readonly string[] PresetPool =
        [.. Presets.Names.Where(n => Presets.Get(n).Pim.Architecture == PimArchitecture.None)];

    /// <summary>Addresses cluster on a few rows of a few banks (hits and conflicts) or spread over the whole stack.</summary>
    private static Gen<long> AddressGen(MemoryConfig c)
    {
        var m = new Addressing.AddressMapper(c.Org);
        var o = c.Org;
        var hot = from ch in Gen.Choose(0, Math.Min(1, o.Channels - 1))
                  from pc in Gen.Choose(0, o.PseudoChannels - 1)
                  from bank in Gen.Choose(0, 3)
                  from row in Gen.Choose(0, 3)
                  from col in Gen.Choose(0, o.Columns - 1)
                  from off in Gen.Choose(0, o.AccessBytes - 1)
                  select m.Encode(new Addressing.DecodedAddress { Channel = ch, PseudoChannel = pc, BankInGroup = bank % o.BanksPerGroup, BankGroup = bank / o.BanksPerGroup % o.BankGroups, Row = row * 7, Column = col }) + off;
        var anywhere = from hi in Gen.Choose(0, int.MaxValue)
                       from lo in Gen.Choose(0, int.MaxValue)
                       select (((long)hi << 31) | (uint)lo) % (o.CapacityBytes - 4096);
        return Gen.Frequency((4, hot), (1, anywhere));
    }

    public static Gen<Op> OpGen(MemoryConfig c) =>
        from w in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from a in AddressGen(c)
        from size in Gen.Frequency((3, Gen.Constant(c.Org.AccessBytes)), (2, Gen.Choose(1, 3 * c.Org.AccessBytes)))
        from gap in Gen.Frequency((6, Gen.Constant(0)), (3, Gen.Choose(1, 40)), (1, Gen.Choose(500, 9000)))
        from fill in Gen.Choose(0, 255)
        select new Op(w, a, size, gap, (byte)fill);

    public static Gen<Scenario> ScenarioGen(bool allowRefresh = true) =>
        from preset in Gen.Elements(PresetPool)
        from sched in Gen.Elements(HwModel.Controller.PolicyRegistry.BuiltInSchedulerNames.ToArray())
        from page in Gen.Elements(
            HwModel.Controller.PolicyRegistry.PagePolicyNames.Select(Enum.Parse<PagePolicyKind>).ToArray())
        from refresh in allowRefresh
            ? Gen.Elements(HwModel.Controller.PolicyRegistry.RefreshNames.Select(Enum.Parse<RefreshKind>).ToArray())
            : Gen.Constant(RefreshKind.Off)
        from postpone in Gen.Choose(0, 8)
        from depth in Gen.Elements(2, 4, 8, 32)
        from xor in Gen.Elements(false, true)
        let baseCfg = Presets.Get(preset)
        from ops in Gen.Choose(1, 250).SelectMany(n => Gen.ArrayOf(OpGen(baseCfg), n))
        select new Scenario(preset, SchedulerKind.FRFCFS, page, refresh, postpone, depth, xor, ops, sched);

    /// <summary>Shrinks a scenario by dropping ops (halves, then single ops) and simplifying the configuration.</summary>
    public static IEnumerable<Scenario> Shrink(Scenario s)
    {
        int n = s.Ops.Length;
        if (n > 1)
        {
            yield return s with { Ops = s.Ops[..(n / 2)] };
            yield return s with { Ops = s.Ops[(n / 2)..] };
            for (int i = 0; i < Math.Min(n, 30); i++) yield return s with { Ops = [.. s.Ops[..i], .. s.Ops[(i + 1)..]] };
        }
        if (s.Refresh != RefreshKind.Off) yield return s with { Refresh = RefreshKind.Off };
        if (s.Xor) yield return s with { Xor = false };
        for (int i = 0; i < n; i++)
            if (s.Ops[i].Gap > 0) { var ops = (Op[])s.Ops.Clone(); ops[i] = ops[i] with { Gap = 0 }; yield return s with { Ops = ops }; break; }
    }

    public static Arbitrary<Scenario> Scenarios() => Arb.From(ScenarioGen(), Shrink);
}

/// <summary>What one run of a scenario produced.</summary>
public sealed record RunResult(Dictionary<long, (long Done, byte[]? Data)> Completed, long Cycles, long Violations, string FirstViolations,
    List<string> Mismatches, int DuplicateCompletions, long[] Commands, string CommandTrace);

public static class ScenarioRunner
{
    public static RunResult Run(Scenario s, bool conservativeWake = false, bool traceCommands = false)
    {
        var cfg = s.Config();
        var (sys, chk) = TestSystems.Checked(cfg);
        sys.ConservativeWake = conservativeWake;
        sys.EnableData();
        var trace = new System.Text.StringBuilder();
        if (traceCommands) sys.Observer = new CommandFanOut(chk,
            new HwModel.Traces.CommandTrace.Writer(new StringWriter(trace)));
        var reference = new Dictionary<long, byte>(); // untimed reference memory: bytes in program order
        var expected = new Dictionary<long, byte[]>();
        var completed = new Dictionary<long, (long, byte[]?)>();
        int duplicates = 0;
        long cycle = 0;
        foreach (var op in s.Ops)
        {
            cycle += op.Gap;
            byte[]? data = null;
            if (op.Write)
            {
                data = new byte[op.Size];
                for (int i = 0; i < op.Size; i++) data[i] = (byte)(op.Fill + i * 31);
            }
            long id = sys.Submit(op.Address, op.Write, op.Size, cycle, data, (in Completion c, ReadOnlySpan<byte> d) =>
            {
                if (!completed.TryAdd(c.Id, (c.DoneCycle, c.IsWrite ? null : d.ToArray()))) duplicates++;
            });
            if (op.Write) for (int i = 0; i < op.Size; i++) reference[op.Address + i] = data![i];
            else
            {
                var e = new byte[op.Size];
                for (int i = 0; i < op.Size; i++) e[i] = reference.GetValueOrDefault(op.Address + i);
                expected[id] = e;
            }
        }
        sys.RunToCompletion();
        chk.Finish(sys.Now);
        var mismatches = new List<string>();
        foreach (var (id, e) in expected)
            if (completed.TryGetValue(id, out var got) && !e.AsSpan().SequenceEqual(got.Item2))
                mismatches.Add($"request {id}: read {Convert.ToHexString(got.Item2!)} expected {Convert.ToHexString(e)}");
        var cmds = new long[HwModel.Spec.CommandInfo.Count];
        foreach (var pc in sys.Controllers) for (int i = 0; i < cmds.Length; i++) cmds[i] += pc.Counters.Commands[i];
        return new RunResult(completed, sys.Now, chk.ViolationCount, string.Join(Environment.NewLine, chk.Violations.Take(5)),
            mismatches, duplicates, cmds, trace.ToString());
    }
}

/// <summary>Invariants over generated request sequences, configurations and arrival times.</summary>
public class ModelProperties
{
    private static Property Holds(bool ok, string label) => ok.ToProperty().Label(label);

    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property IssuedCommandsPassTheIndependentChecker(Scenario s)
    {
        var r = ScenarioRunner.Run(s);
        return Holds(r.Violations == 0, $"{r.Violations} violations: {r.FirstViolations}");
    }

    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property EveryRequestCompletesExactlyOnce(Scenario s)
    {
        var r = ScenarioRunner.Run(s);
        return Holds(r.Completed.Count == s.Ops.Length && r.DuplicateCompletions == 0,
            $"{r.Completed.Count} of {s.Ops.Length} completed, {r.DuplicateCompletions} twice");
    }

    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property ReadsReturnTheLastWrittenData(Scenario s)
    {
        var r = ScenarioRunner.Run(s);
        return Holds(r.Mismatches.Count == 0, string.Join("; ", r.Mismatches.Take(3)));
    }

    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property SameInputsGiveIdenticalResults(Scenario s)
    {
        var a = ScenarioRunner.Run(s);
        var b = ScenarioRunner.Run(s);
        bool same = a.Cycles == b.Cycles && a.Commands.SequenceEqual(b.Commands)
                    && a.Completed.Count == b.Completed.Count && a.Completed.All(kv => b.Completed.TryGetValue(kv.Key, out var v) && v.Done == kv.Value.Done);
        return Holds(same, $"cycles {a.Cycles} vs {b.Cycles}");
    }

    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property EventSkippingMatchesCycleByCycleEvaluation(Scenario s)
    {
        // with refresh off, the exact wake-up logic must reproduce the conservative schedule command for command
        var noRefresh = s with { Refresh = RefreshKind.Off };
        var fast = ScenarioRunner.Run(noRefresh, conservativeWake: false, traceCommands: true);
        var slow = ScenarioRunner.Run(noRefresh, conservativeWake: true, traceCommands: true);
        return Holds(fast.CommandTrace == slow.CommandTrace, $"schedules differ: {fast.Cycles} vs {slow.Cycles} cycles");
    }

    [HwProperty(Arbitrary = [typeof(Generators)])]
    public Property NoBankGoesUnrefreshedTooLong(Scenario s)
    {
        // the checker's refresh-interval rule: every bank refreshed within (postpone limit + 2) x nREFI
        var withRefresh = s.Refresh == RefreshKind.Off ? s with { Refresh = RefreshKind.PerBank } : s;
        var r = ScenarioRunner.Run(withRefresh);
        return Holds(!r.FirstViolations.Contains("refresh-interval"), r.FirstViolations);
    }
}
