namespace HwModel.Bridge.Dut;

/// <summary>A team's top module as Verilator elaborated it: its ports and its parameters' values.</summary>
public sealed record DesignTop(string Name, string Where, IReadOnlyList<DesignPort> Ports,
    IReadOnlyDictionary<string, long> Parameters);
