using System.Globalization;
using System.Text;
using HwModel.Spec;

namespace HwModel.Stats;

/// <summary>The run report as CSV: one row per pseudo-channel plus a "total" row, same field names as the JSON.</summary>
public static class CsvReport
{
    public static string Format(RunReport r)
    {
        var cmds = Enum.GetNames<Command>();
        var sb = new StringBuilder();
        sb.AppendLine("scope,channel,pseudoChannel,readBursts,writeBursts,bandwidthGBps,rowHits,rowMisses,rowConflicts," +
                      string.Join(",", cmds.Select(c => "cmd" + c)) +
                      ",energyPj,cycles,avgReadLatencyCycles,p99ReadLatencyCycles," +
                      "interrupted,epoch,startCycle,rowHitRate,activates,avgInFlight,p50ReadLatencyCycles," +
                      "p90ReadLatencyCycles");
        string stop = r.Interrupted ? "true" : "false";
        string F(double v) => v.ToString("G9", CultureInfo.InvariantCulture);
        foreach (var c in r.Channels)
            sb.AppendLine($"pseudoChannel,{c.Channel},{c.PseudoChannel},{c.ReadBursts},{c.WriteBursts},{F(c.BandwidthGBps)},{c.RowHits},{c.RowMisses},{c.RowConflicts}," +
                          string.Join(",", cmds.Select(n => c.Commands[n])) +
                          $",{F(c.EnergyPj)},{r.Cycles},,,{stop},,,,,,,");
        sb.AppendLine($"total,,,{r.Channels.Sum(c => c.ReadBursts)},{r.Channels.Sum(c => c.WriteBursts)},{F(r.BandwidthGBps)},{r.RowHits},{r.RowMisses},{r.RowConflicts}," +
                      string.Join(",", cmds.Select(n => r.Commands[n])) +
                      $",{F(r.Energy.TotalPj)},{r.Cycles},{F(r.AvgReadLatencyCycles)}," +
                      $"{r.ReadLatencyPercentiles.GetValueOrDefault("p99")},{stop},,,,,,,");
        // one row per epoch (--epoch-cycles): its end cycle under "cycles", the rest in the columns named alike
        foreach (var e in r.Epochs ?? [])
            sb.AppendLine($"epoch,,,{e.ReadBursts},{e.WriteBursts},{F(e.BandwidthGBps)},,,," +
                          string.Join(",", cmds.Select(_ => "")) +
                          $",,{e.EndCycle},{F(e.AvgReadLatencyCycles)},{e.ReadLatencyP99},{stop},{e.Epoch}," +
                          $"{e.StartCycle},{F(e.RowHitRate)},{e.Activates},{F(e.AvgInFlight)},{e.ReadLatencyP50}," +
                          $"{e.ReadLatencyP90}");
        return sb.ToString();
    }
}
