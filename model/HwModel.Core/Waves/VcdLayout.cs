using HwModel.Config;

namespace HwModel.Waves;

/// <summary>The signals of a VCD file: their numbering, widths, names and starting values, for the channels a
/// window keeps.</summary>
public sealed class VcdLayout
{
    private readonly int _perPc;
    private readonly int[] _channelBase;

    public Organisation Org { get; }
    public int RowBits { get; }
    public const int CommandBits = 8, DataBusBits = 2;
    public int SignalCount { get; }
    public IReadOnlyList<int> Channels { get; }

    public VcdLayout(MemoryConfig cfg, WaveWindow window)
    {
        Org = cfg.Org;
        RowBits = Math.Max(1, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(1, Org.Rows - 1)));
        _perPc = 2 + 2 * Org.BanksPerPseudoChannel;
        Channels = [.. Enumerable.Range(0, Org.Channels).Where(window.Includes)];
        _channelBase = new int[Org.Channels];
        Array.Fill(_channelBase, -1);
        for (int i = 0; i < Channels.Count; i++) _channelBase[Channels[i]] = i * Org.PseudoChannels * _perPc;
        SignalCount = Channels.Count * Org.PseudoChannels * _perPc;
    }

    private int Base(int ch, int pc) =>
        (uint)ch < (uint)_channelBase.Length && _channelBase[ch] >= 0 && (uint)pc < (uint)Org.PseudoChannels
            ? _channelBase[ch] + pc * _perPc : -1;

    public int Command(int ch, int pc) => Base(ch, pc);
    public int DataBus(int ch, int pc) => Base(ch, pc) is var b and >= 0 ? b + 1 : -1;

    public int Row(int ch, int pc, int bank) =>
        Base(ch, pc) is var b and >= 0 && (uint)bank < (uint)Org.BanksPerPseudoChannel ? b + 2 + 2 * bank : -1;

    public int Open(int ch, int pc, int bank) => Row(ch, pc, bank) is var s and >= 0 ? s + 1 : -1;

    /// <summary>The width in bits of a signal.</summary>
    public int Width(int signal)
    {
        int k = signal % _perPc;
        return k == 0 ? CommandBits : k == 1 ? DataBusBits : k % 2 == 0 ? RowBits : 1;
    }

    /// <summary>Every signal's value before any command: no command, idle bus, banks closed.</summary>
    public long[] InitialValues()
    {
        var v = new long[SignalCount];
        for (int s = 0; s < SignalCount; s++)
        {
            int k = s % _perPc;
            v[s] = k == 0 || (k >= 2 && k % 2 == 0) ? -1 : 0;
        }
        return v;
    }
}
