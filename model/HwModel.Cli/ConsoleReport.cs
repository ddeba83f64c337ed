using System.Globalization;
using HwModel.Stats;
using Spectre.Console;

namespace HwModel.Cli;

/// <summary>The human-readable summary of a run.</summary>
public static class ConsoleReport
{
    public static void Print(RunReport r)
    {
        string F(double v, string fmt = "N2") => v.ToString(fmt, CultureInfo.InvariantCulture);
        var t = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(r.Config)}[/] - {Markup.Escape(r.Workload)}");
        t.AddColumn("metric");
        t.AddColumn(new TableColumn("value").RightAligned());
        t.AddRow("requests (reads / writes)", $"{r.Requests:N0} ({r.Reads:N0} / {r.Writes:N0})");
        t.AddRow("simulated", $"{r.Cycles:N0} cycles = {F(r.SimulatedNs / 1000, "N3")} us (tCK {F(r.TckPs)} ps)");
        t.AddRow("bandwidth", $"{F(r.BandwidthGBps)} GB/s of {F(r.PeakBandwidthGBps)} peak ({F(r.BandwidthPercentOfPeak, "N1")} %)");
        t.AddRow("read latency avg / p50 / p99 / max",
            $"{F(r.AvgReadLatencyCycles, "N1")} / {r.ReadLatencyPercentiles["p50"]} / {r.ReadLatencyPercentiles["p99"]} / {r.ReadLatencyPercentiles["max"]} cycles");
        t.AddRow("row hits / misses / conflicts", $"{r.RowHits:N0} / {r.RowMisses:N0} / {r.RowConflicts:N0} (hit rate {F(100 * r.RowHitRate, "N1")} %)");
        t.AddRow("commands", string.Join("  ", r.Commands.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value:N0}")));
        t.AddRow("energy", $"{F(r.Energy.TotalPj / 1e6, "N3")} uJ, {F(r.Energy.PjPerBit, "N2")} pJ/bit, {F(r.Energy.AveragePowerMw / 1000, "N2")} W avg");
        t.AddRow("energy parts (uJ)", $"act/pre {F(r.Energy.ActPrePj / 1e6, "N3")}  rd {F(r.Energy.ReadPj / 1e6, "N3")}  wr {F(r.Energy.WritePj / 1e6, "N3")}  ref {F(r.Energy.RefreshPj / 1e6, "N3")}  act-stby {F(r.Energy.ActiveStandbyPj / 1e6, "N3")}  pre-stby {F(r.Energy.PrechargeStandbyPj / 1e6, "N3")}");
        if (r.Checker != null) t.AddRow("timing checker", $"{r.Checker.CommandsChecked:N0} commands, {r.Checker.Violations:N0} violations");
        t.AddRow("wall time", $"{F(r.WallSeconds, "N3")} s, {F(r.RequestsPerSecond / 1e6)} M requests/s, {F(r.CyclesPerSecond / 1e6)} M cycles/s");
        AnsiConsole.Write(t);
        if (r.Checker is { Violations: > 0 })
            foreach (var v in r.Checker.FirstViolations) AnsiConsole.MarkupLine($"[red]violation[/] {Markup.Escape(v)}");
    }
}
