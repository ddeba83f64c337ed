namespace HwModel.Cli.Regress;

/// <summary>A scenario's workload as the suite file gives it; fields a kind does not use stay at their defaults.
/// </summary>
public sealed record WorkloadSpec
{
    public WorkloadKind Kind { get; init; }
    /// <summary>stream, random, mix or strided (pattern; cosim traffic).</summary>
    public string Pattern { get; init; } = "random";
    public long Requests { get; init; } = 20_000;
    public double ReadFraction { get; init; } = 2.0 / 3.0;
    public long Stride { get; init; }
    /// <summary>Trace file, resolved against the suite file's folder (trace; cosim traffic).</summary>
    public string? File { get; init; }
    public string Format { get; init; } = "auto";
    /// <summary>gemv, add, mul or relu (pim; cosim PIM kernels).</summary>
    public string Kernel { get; init; } = "gemv";
    public int M { get; init; } = 512;
    public int N { get; init; } = 512;
    public long Elements { get; init; } = 65536;
    public bool Verify { get; init; } = true;
    /// <summary>A built-in model name (decode).</summary>
    public string Model { get; init; } = "llama-7b";
    /// <summary>layers,hidden,ffn,heads,kvHeads,kvLength instead of <see cref="Model"/> (decode).</summary>
    public string? Shape { get; init; }
    public int? KvLength { get; init; }
    public int Stacks { get; init; }
    /// <summary>checker or dut (cosim).</summary>
    public string Mode { get; init; } = "checker";
    /// <summary>What drives a co-simulation: a pattern name, a kernel name or a trace file (cosim).</summary>
    public string Drive { get; init; } = "gemv";
    public int[] DutPcs { get; init; } = [0];
}
