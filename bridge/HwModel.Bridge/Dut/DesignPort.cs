namespace HwModel.Bridge.Dut;

/// <summary>A port of a team's top module as Verilator elaborated it, with where it is declared.</summary>
public sealed record DesignPort(string Name, bool Input, int Width, string Where);
