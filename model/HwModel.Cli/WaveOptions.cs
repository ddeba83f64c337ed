using System.CommandLine;
using HwModel.Config;
using HwModel.Spec;
using HwModel.Waves;

namespace HwModel.Cli;

/// <summary>The timeline and waveform options that run, pim and cosim share: <c>--timeline</c>, <c>--vcd</c>,
/// <c>--window</c> and <c>--channels</c> (docs/waves.md); cosim names its VCD option <c>--tlm-vcd</c>.</summary>
public static class WaveOptions
{
    public static readonly Option<string?> Timeline = new("--timeline")
    {
        Description = "write the commands as Chrome trace-event JSON (Perfetto, chrome://tracing)",
    };
    public static readonly Option<string?> Vcd = new("--vcd")
    {
        Description = "write the bank states (open row, command, data bus) as a VCD waveform",
    };
    public static readonly Option<string?> Window = new("--window")
    {
        Description = "cycles kept in --timeline and --vcd: FROM:TO (either side may be empty)",
    };
    public static readonly Option<string?> Channels = new("--channels")
    {
        Description = "channels kept in --timeline and --vcd: 0,2-3 (default: all)",
    };

    /// <summary>cosim's name for <see cref="Vcd"/>: there <c>--vcd</c> is the RTL's own waveform.</summary>
    public static readonly Option<string?> TlmVcd = new("--tlm-vcd")
    {
        Description = "write the model's bank states (open row, command, data bus) as a VCD waveform",
    };

    /// <summary>Checks the options against the configuration and the output paths; nothing is created yet.</summary>
    /// <param name="vcd">The command's VCD option: <see cref="Vcd"/>, or <see cref="TlmVcd"/> for cosim.</param>
    public static WaveWindow Parse(ParseResult pr, MemoryConfig cfg, OutputPaths paths, Option<string?>? vcd = null)
    {
        vcd ??= Vcd;
        var w = WaveWindow.Parse(pr.GetValue(Window), pr.GetValue(Channels), cfg);
        bool any = pr.GetValue(Timeline) != null || pr.GetValue(vcd) != null;
        if (!any)
            foreach (var o in new Option[] { Window, Channels })
                if (pr.GetResult(o) is { Implicit: false })
                    throw new ConfigException(o.Name, o.Name, null, $"applies to --timeline and {vcd.Name} only");
        paths.Output("--timeline", pr.GetValue(Timeline)).Output(vcd.Name, pr.GetValue(vcd));
        return w;
    }

    /// <summary>The outputs the options ask for (none when neither file is).</summary>
    public static WaveOutputs Open(ParseResult pr, MemoryConfig cfg, TimingTable table, WaveWindow w, int parts,
        string workload, long bucketCycles = 1000, Option<string?>? vcd = null) =>
        new(cfg, table, w, pr.GetValue(Timeline), pr.GetValue(vcd ?? Vcd), parts, bucketCycles)
        {
            Workload = workload,
        };
}
