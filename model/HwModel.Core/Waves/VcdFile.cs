using System.Globalization;
using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Waves;

/// <summary>Writes a Value Change Dump (IEEE 1364 §18) of the bank states that <see cref="VcdRecorder"/>s
/// collected: header, starting values at the window's start, then every change in time order.</summary>
/// <remarks>The timescale is 1 fs so that half-cycle commands of any clock land on whole time steps.</remarks>
public static class VcdFile
{
    public static void Write(TextWriter output, MemoryConfig cfg, WaveWindow window, VcdLayout layout,
        IReadOnlyList<VcdRecorder> parts, string workload)
    {
        var o = cfg.Org;
        double fsPerHalf = o.TckPs * 500;
        output.Write($"$date {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC $end\n");
        output.Write("$version hwmodel (transaction-level model bank states) $end\n");
        string tck = o.TckPs.ToString(CultureInfo.InvariantCulture);
        string to = window.To == long.MaxValue ? "" : $" to {window.To}";
        output.Write($"$comment config {cfg.Name}; workload {workload}; tCK {tck} ps; window from cycle " +
                     $"{window.From}{to} $end\n");
        string codes = string.Join(" ", CommandTable.All.Select(s => $"{(int)s.Code}={s.Name}"));
        output.Write($"$comment cmd codes: {codes}; x = no command. dq: 0 idle, 1 read burst, 2 write burst. " +
                     "row: x while the bank is closed. $end\n");
        output.Write("$timescale 1 fs $end\n");
        output.Write("$scope module hbm $end\n");
        foreach (int ch in layout.Channels)
        {
            output.Write($"$scope module ch{ch} $end\n");
            for (int pc = 0; pc < o.PseudoChannels; pc++)
            {
                output.Write($"$scope module pc{pc} $end\n");
                Var(output, layout, layout.Command(ch, pc), "cmd");
                Var(output, layout, layout.DataBus(ch, pc), "dq");
                for (int b = 0; b < o.BanksPerPseudoChannel; b++)
                {
                    int sid = b / o.BanksPerStackId, bg = b % o.BanksPerStackId / o.BanksPerGroup;
                    output.Write($"$scope module sid{sid}_bg{bg}_bank{b % o.BanksPerGroup} $end\n");
                    Var(output, layout, layout.Row(ch, pc, b), "row");
                    Var(output, layout, layout.Open(ch, pc, b), "open");
                    output.Write("$upscope $end\n");
                }
                output.Write("$upscope $end\n");
            }
            output.Write("$upscope $end\n");
        }
        output.Write("$upscope $end\n$enddefinitions $end\n");

        // each part changed only its own channels' signals from the starting values
        var start = layout.InitialValues();
        var defaults = layout.InitialValues();
        foreach (var p in parts)
        {
            var init = p.Initial;
            for (int s = 0; s < init.Count; s++) if (init[s] != defaults[s]) start[s] = init[s];
        }
        long lastTime = (long)Math.Round(2 * window.From * fsPerHalf);
        output.Write($"#{lastTime}\n$dumpvars\n");
        for (int s = 0; s < start.Length; s++) Value(output, layout, s, start[s]);
        output.Write("$end\n");

        // each part's changes come in time order: merge them by time, the last change of a signal at a time step
        // wins, and a step whose changes cancel out is left out
        var streams = parts.Select(p => p.Changes.GetEnumerator()).ToArray();
        var queue = new PriorityQueue<int, (long T2, int Part, long Seq)>();
        for (int i = 0; i < streams.Length; i++)
            if (streams[i].MoveNext()) queue.Enqueue(i, (streams[i].Current.T2, i, streams[i].Current.Seq));
        var value = start;
        var stepValue = new long[layout.SignalCount];
        var touched = new List<int>();
        var inStep = new bool[layout.SignalCount];
        long stepT2 = long.MinValue;
        void EndStep()
        {
            touched.Sort();
            bool header = false;
            foreach (int s in touched)
            {
                inStep[s] = false;
                if (value[s] == stepValue[s]) continue;
                if (!header)
                {
                    // changes at the window's first instant follow its $dumpvars without a second time mark
                    long time = (long)Math.Round(stepT2 * fsPerHalf);
                    if (time > lastTime) output.Write($"#{time}\n");
                    lastTime = Math.Max(lastTime, time);
                    header = true;
                }
                Value(output, layout, s, stepValue[s]);
                value[s] = stepValue[s];
            }
            touched.Clear();
        }
        while (queue.TryDequeue(out int part, out var key))
        {
            var c = streams[part].Current;
            if (key.T2 != stepT2) { EndStep(); stepT2 = key.T2; }
            if (!inStep[c.Signal]) { inStep[c.Signal] = true; touched.Add(c.Signal); }
            stepValue[c.Signal] = c.Value;
            if (streams[part].MoveNext())
                queue.Enqueue(part, (streams[part].Current.T2, part, streams[part].Current.Seq));
        }
        EndStep();
        foreach (var e in streams) e.Dispose();
    }

    /// <summary>The identifier code of a signal: base-94 over the printable characters.</summary>
    public static string Id(int signal)
    {
        var sb = new System.Text.StringBuilder();
        do { sb.Append((char)('!' + signal % 94)); signal /= 94; } while (signal > 0);
        return sb.ToString();
    }

    private static void Var(TextWriter output, VcdLayout layout, int signal, string name)
    {
        int w = layout.Width(signal);
        output.Write($"$var wire {w} {Id(signal)} {name}{(w > 1 ? $" [{w - 1}:0]" : "")} $end\n");
    }

    [ThreadStatic] private static string[]? _ids;
    [ThreadStatic] private static char[]? _bits;

    private static void Value(TextWriter output, VcdLayout layout, int signal, long v)
    {
        var ids = _ids is { } a && a.Length >= layout.SignalCount ? a
            : _ids = [.. Enumerable.Range(0, layout.SignalCount).Select(Id)];
        int w = layout.Width(signal);
        if (w == 1) output.Write(v < 0 ? 'x' : v != 0 ? '1' : '0');
        else if (v < 0) output.Write("bx ");
        else
        {
            var bits = _bits ??= new char[66];
            int n = 0;
            bits[n++] = 'b';
            int top = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, v));
            for (int i = top; i >= 0; i--) bits[n++] = ((v >> i) & 1) != 0 ? '1' : '0';
            bits[n++] = ' ';
            output.Write(bits, 0, n);
        }
        output.Write(ids[signal]);
        output.Write('\n');
    }
}
