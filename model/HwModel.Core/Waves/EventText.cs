using System.Globalization;

namespace HwModel.Waves;

/// <summary>Formats trace-event and VCD text into a reused buffer, so that recording allocates nothing per
/// command.</summary>
internal sealed class EventText(TextWriter sink)
{
    private readonly char[] _buf = new char[64];

    public void Put(string s) => sink.Write(s);

    public void Put(char c) => sink.Write(c);

    public void Put(long v)
    {
        v.TryFormat(_buf, out int n, default, CultureInfo.InvariantCulture);
        sink.Write(_buf, 0, n);
    }

    public void Put(double v, string format)
    {
        v.TryFormat(_buf, out int n, format, CultureInfo.InvariantCulture);
        sink.Write(_buf, 0, n);
    }

    /// <summary>Whole picoseconds as microseconds, exactly (six decimals, trailing zeros dropped).</summary>
    public void Micros(long ps)
    {
        if (ps < 0) { sink.Write('-'); ps = -ps; }
        Put(ps / 1_000_000);
        long frac = ps % 1_000_000;
        if (frac == 0) return;
        int digits = 6;
        while (frac % 10 == 0) { frac /= 10; digits--; }
        sink.Write('.');
        frac.TryFormat(_buf, out int n, default, CultureInfo.InvariantCulture);
        for (int i = n; i < digits; i++) sink.Write('0');
        sink.Write(_buf, 0, n);
    }

    public void Binary(long v, int width)
    {
        for (int i = width - 1; i >= 0; i--) _buf[width - 1 - i] = ((v >> i) & 1) != 0 ? '1' : '0';
        sink.Write(_buf, 0, width);
    }
}
