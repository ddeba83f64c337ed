using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Bridge;

/// <summary>
/// The RTL server's replay file (`hwmodel-rtl-server --replay FILE`): a header (rule count, rules as 6 x u32:
/// scope, preceding mask, following mask, latency, window, sibling; organisation as 8 x u32: banks, bank-group
/// shift, stack-ID shift, activate half-cycles, row half-cycles, pim, rows, pseudo-channels), then per command the
/// cycle (u64), word (u32), row (u32) and, for data-carrying commands, 32 bytes. Little-endian.
/// </summary>
public sealed class CommandFile : IDisposable
{
    private readonly BinaryWriter _w;
    public long Commands { get; private set; }

    public CommandFile(string path, MemoryConfig c)
    {
        _w = new BinaryWriter(File.Create(path));
        var rules = TimingTable.For(c).Constraints;
        _w.Write((uint)rules.Count);
        foreach (var r in rules.Select(RtlServer.ToWire))
            foreach (var v in new[] { r.Scope, r.PrecedingMask, r.FollowingMask, r.LatencyCycles, r.Window, r.Sibling ? 1u : 0u }) _w.Write(v);
        var o = c.Org;
        foreach (var v in new uint[]
                 {
                     (uint)o.BanksPerPseudoChannel, (uint)System.Numerics.BitOperations.Log2((uint)o.BanksPerGroup),
                     (uint)System.Numerics.BitOperations.Log2((uint)o.BanksPerStackId), (uint)o.ActHalfCycles, (uint)o.RowCmdHalfCycles,
                     c.Pim.Architecture == PimArchitecture.HbmPim ? 1u : 0u, (uint)o.Rows, (uint)o.PseudoChannelsTotal,
                 }) _w.Write(v);
    }

    public void Add(in WireCommand c, ReadOnlySpan<byte> writeData)
    {
        _w.Write((ulong)c.Cycle);
        _w.Write(c.Word);
        _w.Write(c.Row);
        if (WireCommand.CarriesWriteData(c.Command))
        {
            Span<byte> b = stackalloc byte[32];
            b.Clear();
            writeData[..Math.Min(32, writeData.Length)].CopyTo(b);
            _w.Write(b);
        }
        Commands++;
    }

    public void Dispose() => _w.Dispose();
}

/// <summary>Records the commands a model issues into a <see cref="CommandFile"/> (with synthetic write data).</summary>
public sealed class CommandFileRecorder(CommandFile file, Organisation o) : Engine.ICommandObserver
{
    private long _n;
    public void OnCommand(in Engine.CommandRecord r)
    {
        Span<byte> d = stackalloc byte[32];
        BitConverter.TryWriteBytes(d, ++_n);
        file.Add(new WireCommand(r.Cycle, WireCommand.Pack(r.Command, r.Bank, r.Column, r.SecondHalf, r.Channel * o.PseudoChannels + r.PseudoChannel), (uint)r.Row), d);
    }
}
