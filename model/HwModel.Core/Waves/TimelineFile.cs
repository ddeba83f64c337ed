using System.Text;
using System.Text.Json;
using HwModel.Config;

namespace HwModel.Waves;

/// <summary>Assembles a Chrome trace-event JSON file (Perfetto, chrome://tracing) from the event parts that
/// <see cref="TimelineRecorder"/>s wrote.</summary>
public static class TimelineFile
{
    /// <summary>Writes the object head, every part's events in order, and a closing event, so the file is complete
    /// JSON whatever the parts hold (none, or a run stopped early).</summary>
    public static void Write(TextWriter output, MemoryConfig cfg, WaveWindow window, IEnumerable<string> parts,
        string workload)
    {
        output.Write("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"tool\":\"hwmodel\",\"config\":");
        output.Write(JsonSerializer.Serialize(cfg.Name, WaveJson.Default.String));
        output.Write(",\"workload\":");
        output.Write(JsonSerializer.Serialize(workload, WaveJson.Default.String));
        output.Write($",\"tCKps\":{cfg.Org.TckPs.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        output.Write($",\"windowFromCycle\":{window.From}");
        output.Write(window.To == long.MaxValue ? "" : $",\"windowToCycle\":{window.To}");
        output.Write(window.Channels is { } ch ? $",\"channels\":[{string.Join(",", ch)}]" : "");
        output.Write("},\"traceEvents\":[\n");
        var buf = new char[1 << 16];
        foreach (var part in parts)
        {
            if (!File.Exists(part)) continue;
            using var r = new StreamReader(part, Encoding.UTF8);
            int n;
            while ((n = r.Read(buf, 0, buf.Length)) > 0) output.Write(buf, 0, n);
        }
        // the closing event carries no comma, so every part's events may end with one
        output.Write("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":-1,\"tid\":0,\"args\":{\"name\":\"hwmodel\"}}\n");
        output.Write("]}\n");
    }
}
