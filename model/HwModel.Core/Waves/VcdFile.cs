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
        output.Write($"$comment config {cfg.Name}; workload {workload}; tCK {o.TckPs.ToString(CultureInfo.InvariantCulture)}" +
            $" ps; window from cycle {window.From}" + (window.To == long.MaxValue ? "" : $" to {window.To}") + " $end\n");
        output.Write("$comment cmd codes: " + string.Join(" ", CommandTable.All.Select(s => $"{(int)s.Code}={s.Name}")) +
            "; x = no command. dq: 0 idle, 1 read burst, 2 write burst. row: x while the bank is closed. $end\n");
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

        var all = new List<(VcdRecorder.Change C, int Part)>();
        for (int i = 0; i < parts.Count; i++) foreach (var c in parts[i].Changes) all.Add((c, i));
        all.Sort((a, b) => a.C.T2 != b.C.T2 ? a.C.T2.CompareTo(b.C.T2)
            : a.Part != b.Part ? a.Part.CompareTo(b.Part) : a.C.Seq.CompareTo(b.C.Seq));
        var value = start;
        int k = 0;
        while (k < all.Count)
        {
            long t2 = all[k].C.T2;
            int j = k;
            // the last change of a signal at one time step wins; a step whose changes cancel out is left out
            var final = new Dictionary<int, long>();
            for (; j < all.Count && all[j].C.T2 == t2; j++) final[all[j].C.Signal] = all[j].C.Value;
            var changed = final.Where(kv => value[kv.Key] != kv.Value).OrderBy(kv => kv.Key).ToList();
            if (changed.Count > 0)
            {
                // changes at the window's first instant follow its $dumpvars without a second time mark
                long time = (long)Math.Round(t2 * fsPerHalf);
                if (time > lastTime) output.Write($"#{time}\n");
                lastTime = time;
                foreach (var (s, v) in changed) { Value(output, layout, s, v); value[s] = v; }
            }
            k = j;
        }
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

    private static void Value(TextWriter output, VcdLayout layout, int signal, long v)
    {
        int w = layout.Width(signal);
        if (w == 1) output.Write($"{(v < 0 ? "x" : v != 0 ? "1" : "0")}{Id(signal)}\n");
        else if (v < 0) output.Write($"bx {Id(signal)}\n");
        else output.Write($"b{Convert.ToString(v, 2)} {Id(signal)}\n");
    }
}
