using System.Text;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Pim;
using HwModel.Spec;
using HwModel.Traces;

namespace HwModel.Fuzz;

/// <summary>Every parser HwModel has, as a fuzz target: configs (TOML, JSON, DRAMSim3 .ini), the four trace formats,
/// command traces for <c>check</c>, and PIM command streams with their register writes (HBM-PIM and AiM).</summary>
public static class FuzzTargets
{
    // filled on first use: instrumented code must not run before the fuzzer has set up its coverage map
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MemoryConfig> Configs = new();
    private static MemoryConfig Preset(string name) => Configs.GetOrAdd(name, Presets.Get);
    private static readonly string Scratch = Path.Combine(Path.GetTempPath(), $"hwmodel-fuzz-{Environment.ProcessId}");

    public static readonly IReadOnlyList<FuzzTarget> All =
    [
        new("toml", ["configs", "fuzz/toml"], b => Config(() => ConfigLoader.FromToml(Text(b), "fuzz.toml"))),
        new("json", ["configs", "fuzz/json"], b => Config(() => ConfigLoader.FromJson(Text(b), "fuzz.json"))),
        new("ini", ["configs", "fuzz/ini"], b => Config(() => DramSim3Importer.Import(File(b, ".ini")))),
        new("trace-auto", ["traces", "fuzz/trace-auto"], b => Trace(b, TraceFormat.Auto)),
        new("trace-dramsim3", ["traces", "fuzz/trace-dramsim3"], b => Trace(b, TraceFormat.DramSim3)),
        new("trace-ramulator", ["traces", "fuzz/trace-ramulator"], b => Trace(b, TraceFormat.Ramulator)),
        new("trace-dramsys", ["traces", "fuzz/trace-dramsys"], b => Trace(b, TraceFormat.DramSys)),
        new("trace-native", ["traces", "fuzz/trace-native"], b => Trace(b, TraceFormat.Native)),
        new("commands", ["fuzz/commands"], Commands),
        new("pim-hbmpim", ["fuzz/pim-hbmpim"], b => Pim(b, "hbm2-2000-pim")),
        new("pim-aim", ["fuzz/pim-aim"], b => Pim(b, "hbm3-6400-aim")),
    ];

    public static FuzzTarget Get(string name) => All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown fuzz target '{name}'; expected one of " +
            string.Join(", ", All.Select(t => t.Name)));

    private static string Text(byte[] b) => Encoding.UTF8.GetString(b);

    /// <summary>The input as a file (the .ini importer and the command-trace reader take paths).</summary>
    private static string File(byte[] b, string ext)
    {
        Directory.CreateDirectory(Scratch);
        var p = Path.Combine(Scratch, "input" + ext);
        System.IO.File.WriteAllBytes(p, b);
        return p;
    }

    private static void Config(Func<MemoryConfig> load)
    {
        try
        {
            var c = load();
            ConfigValidator.Validate(c, "fuzz"); // what loads must also validate
        }
        catch (ConfigException) { }
    }

    private static void Trace(byte[] b, TraceFormat format)
    {
        try
        {
            using var r = new TraceFileReader(new MemoryStream(b), "fuzz", format, 64);
            while (r.TryRead(out var rec))
            {
                // what the reader accepts, the model can take
                if (rec.Size is < 1 or > TraceFileReader.MaxRequestBytes || rec.Address < 0
                    || rec.Address > long.MaxValue - rec.Size || rec.Cycle < 0
                    || rec.Cycle > Engine.MemorySystem.MaxArrivalCycle)
                    throw new InvalidOperationException($"the reader accepted an impossible request {rec.Address}");
            }
        }
        catch (TraceFormatException) { }
    }

    private static void Commands(byte[] b)
    {
        try
        {
            var chk = new TimingChecker(Preset("hbm3-6400")) { MaxKept = 16 };
            long last = 0;
            foreach (var c in CommandTrace.Read(File(b, ".cmd"), Preset("hbm3-6400")))
            {
                chk.OnCommand(c);
                last = Math.Max(last, c.Cycle);
            }
            chk.Finish(last);
        }
        catch (TraceFormatException) { }
    }

    /// <summary>Bytes as a PIM command stream: each 6-byte group picks a command, bank, row (near the mode-register
    /// rows as often as not) and column, with a burst of data derived from the input.</summary>
    private static void Pim(byte[] b, string preset)
    {
        var cfg = Preset(preset);
        var o = cfg.Org;
        var e = new PimEngine(cfg, functional: true);
        var data = new byte[o.AccessBytes];
        var read = new byte[o.AccessBytes];
        var commands = Enum.GetValues<Command>();
        try
        {
            for (int i = 0; i + 6 <= b.Length && i < 6 * 4096; i += 6)
            {
                var cmd = commands[b[i] % commands.Length];
                if (!CommandTable.Exists(cmd, Spec.Standards.StandardRegistry.Get(o.Standard).Features,
                        cfg.Pim.Architecture)) continue;
                int pc = b[i + 1] % 2, bank = b[i + 2] % o.BanksPerPseudoChannel;
                int row = (b[i + 3] & 0x80) != 0 ? o.Rows - 1 - (b[i + 3] & 0x7F) : (b[i + 3] << 8 | b[i + 4]) % o.Rows;
                int col = b[i + 5] % o.Columns;
                for (int k = 0; k < data.Length; k++) data[k] = b[(i + k) % b.Length];
                e.Issue(pc, cmd, bank, row, col, data, read);
            }
        }
        catch (PimProtocolException) { }
    }
}
