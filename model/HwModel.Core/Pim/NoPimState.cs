using HwModel.Engine;

namespace HwModel.Pim;

/// <summary>Plain DRAM: nothing beyond the device's own effects.</summary>
public sealed class NoPimState : IPimDeviceState
{
    public bool Execute(int pc, in CommandRecord c, ReadOnlySpan<byte> writeData, Span<byte> readData) => false;
}
