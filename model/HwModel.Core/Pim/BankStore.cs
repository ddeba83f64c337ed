namespace HwModel.Pim;

/// <summary>Sparse functional contents of every bank: 1 KB-class pages keyed by (pseudo-channel, bank, row).
/// Unwritten data reads as zero.</summary>
public sealed class BankStore(int banksPerPc, int rows, int pageBytes)
{
    private readonly Dictionary<long, byte[]> _pages = [];
    public int PageBytes { get; } = pageBytes;
    public long PagesAllocated => _pages.Count;

    private long Key(int pcGlobal, int bank, int row) => ((long)pcGlobal * banksPerPc + bank) * rows + row;

    public Span<byte> Burst(int pcGlobal, int bank, int row, int column, int burstBytes)
    {
        long k = Key(pcGlobal, bank, row);
        if (!_pages.TryGetValue(k, out var p)) _pages[k] = p = new byte[PageBytes];
        return p.AsSpan(column * burstBytes, burstBytes);
    }

    /// <summary>Read-only view that does not allocate a page for unwritten data.</summary>
    public ReadOnlySpan<byte> Peek(int pcGlobal, int bank, int row, int column, int burstBytes) =>
        _pages.TryGetValue(Key(pcGlobal, bank, row), out var p) ? p.AsSpan(column * burstBytes, burstBytes) : Zero.AsSpan(0, burstBytes);

    private static readonly byte[] Zero = new byte[256];
}
