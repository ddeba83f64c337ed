namespace HwModel.Bridge.Dut;

/// <summary>One port of the DUT contract: its name, direction, width, whether a design may leave it out, and what it
/// means.</summary>
/// <remarks>An optional output a design does not have is tied to zero by the generated wrapper; an optional input
/// it does not have is left unconnected.</remarks>
public sealed record DutPort(string Name, bool Input, int Width, bool Optional, string Meaning)
{
    /// <summary>The port as a Verilog declaration (<c>input wire [7:0] cfg_addr</c>).</summary>
    public string Declaration =>
        $"{(Input ? "input " : "output")} wire {(Width > 1 ? $"[{Width - 1}:0]" : ""),-8} {Name}";
}
