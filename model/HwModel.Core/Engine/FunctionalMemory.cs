namespace HwModel.Engine;

/// <summary>Sparse byte-addressable storage in 4 KiB pages; unwritten bytes read as zero.</summary>
public sealed class FunctionalMemory
{
    private const int PageBits = 12;
    private const int PageSize = 1 << PageBits;
    private readonly Dictionary<long, byte[]> _pages = [];

    public long PagesAllocated => _pages.Count;

    public void Write(long address, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            long page = address >> PageBits;
            int off = (int)(address & (PageSize - 1));
            int n = Math.Min(PageSize - off, data.Length);
            if (!_pages.TryGetValue(page, out var p)) _pages[page] = p = new byte[PageSize];
            data[..n].CopyTo(p.AsSpan(off));
            data = data[n..];
            address += n;
        }
    }

    public void Read(long address, Span<byte> into)
    {
        while (into.Length > 0)
        {
            long page = address >> PageBits;
            int off = (int)(address & (PageSize - 1));
            int n = Math.Min(PageSize - off, into.Length);
            if (_pages.TryGetValue(page, out var p)) p.AsSpan(off, n).CopyTo(into);
            else into[..n].Clear();
            into = into[n..];
            address += n;
        }
    }
}
