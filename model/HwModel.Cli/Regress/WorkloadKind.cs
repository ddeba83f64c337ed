namespace HwModel.Cli.Regress;

/// <summary>What a scenario runs: the five workloads of the CLI's verbs.</summary>
public enum WorkloadKind
{
    /// <summary>A seeded generated pattern (<c>hwmodel run --pattern</c>).</summary>
    Pattern,
    /// <summary>A trace file (<c>hwmodel run --trace</c>).</summary>
    Trace,
    /// <summary>A PIM kernel against the same HBM without PIM (<c>hwmodel pim gemv|add|mul|relu</c>).</summary>
    Pim,
    /// <summary>An LLM decode step on PIM (<c>hwmodel pim decode</c>).</summary>
    Decode,
    /// <summary>A co-simulation with the Verilated RTL (<c>hwmodel cosim</c>), checker or DUT mode.</summary>
    Cosim,
}
