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

    /// <summary>Every written burst as (pseudo-channel, bank, row, column, bytes), for preloading another model.</summary>
    public IEnumerable<(int Pc, int Bank, int Row, int Col, byte[] Data)> Bursts(int burstBytes)
    {
        foreach (var (key, page) in _pages.OrderBy(kv => kv.Key))
        {
            int row = (int)(key % rows), bank = (int)(key / rows % banksPerPc), pc = (int)(key / rows / banksPerPc);
            for (int c = 0; c < PageBytes / burstBytes; c++)
            {
                var b = page.AsSpan(c * burstBytes, burstBytes);
                if (b.ContainsAnyExcept((byte)0)) yield return (pc, bank, row, c, b.ToArray());
            }
        }
    }
}
