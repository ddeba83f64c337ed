using HwModel.Engine;

namespace HwModel.Pim;

/// <summary>
/// One PIM architecture's functional state inside a <see cref="PimDevice"/> (HBM-PIM: modes and units; AiM: global
/// buffers and accumulators). The device applies plain DRAM commands itself and offers every command here first.
/// </summary>
public interface IPimDeviceState
{
    /// <summary>Applies the command if it is this architecture's, or if the architecture changes what a plain command
    /// does (HBM-PIM's mode registers and all-bank writes); returns false to let the device apply the plain effect.
    /// Throws <see cref="PimProtocolException"/> for a command the protocol forbids now.</summary>
    bool Execute(int pc, in CommandRecord c, ReadOnlySpan<byte> writeData, Span<byte> readData);
}
