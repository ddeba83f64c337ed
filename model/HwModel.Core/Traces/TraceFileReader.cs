using System.Globalization;
using System.Runtime.CompilerServices;

namespace HwModel.Traces;

/// <summary>
/// Streams a trace file line by line from a fixed buffer filled by large reads (never loads the file whole, parses
/// bytes in place: no string and no allocation per line). Gzip and Zstandard files are read directly. A bad line
/// raises <see cref="TraceFormatException"/> with file:line, the format and what was expected.
/// </summary>
public sealed class TraceFileReader : ITraceSource
{
    private readonly Stream _stream;
    private readonly string _file;
    private readonly int _defaultSize;
    /// <summary>The longest line accepted (a 1 MiB write in hex is 2 MiB): beyond it the input is not a
    /// trace.</summary>
    public const int MaxLineBytes = 8 << 20;

    private byte[] _buf = new byte[TraceInput.ReadBytes];
    private int _start, _end;
    private bool _eof;
    private long _line;
    private byte[] _data = new byte[256];
    public TraceFormat Format { get; private set; }

    public TraceFileReader(string path, TraceFormat format, int defaultSizeBytes)
        : this(TraceInput.OpenRead(path), path, format, defaultSizeBytes) { }

    public TraceFileReader(Stream stream, string name, TraceFormat format, int defaultSizeBytes)
    {
        _stream = stream; _file = name; Format = format; _defaultSize = defaultSizeBytes;
    }

    public string Description => $"{_file} ({Format})";
    public long Count => -1;
    public long LineNumber => _line;

    public bool TryRead(out TraceRecord r)
    {
        while (NextLine(out var line))
        {
            if (_line == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..]; // a UTF-8 byte-order mark
            line = Trim(line);
            if (line.IsEmpty || line[0] == (byte)'#' || (line.Length > 1 && line[0] == '/' && line[1] == '/')) continue;
            if (Format == TraceFormat.Auto) Format = Detect(line);
            r = default;
            r.Size = _defaultSize;
            switch (Format)
            {
                case TraceFormat.DramSim3: ParseDramSim3(line, ref r); break;
                case TraceFormat.Ramulator: ParseRamulator(line, ref r); break;
                case TraceFormat.DramSys: ParseDramSys(line, ref r); break;
                default: ParseNative(line, ref r); break;
            }
            if (r.Address > long.MaxValue - r.Size)
                throw Error($"address 0x{r.Address:X} + {r.Size} bytes passes 2^63");
            return true;
        }
        r = default;
        return false;
    }

    private TraceFormat Detect(ReadOnlySpan<byte> line)
    {
        var t0 = Token(ref line);
        var t1 = Token(ref line);
        var t2 = Token(ref line);
        if (t0.Length > 0 && t0[^1] == ':') return TraceFormat.DramSys;
        if (Eq(t0, "LD") || Eq(t0, "ST") || ((Eq(t1, "R") || Eq(t1, "W")) && t2.IsEmpty)) return TraceFormat.Ramulator;
        if (Eq(t1, "READ") || Eq(t1, "WRITE")) return TraceFormat.DramSim3;
        if (Eq(t1, "R") || Eq(t1, "W") || Eq(t1, "RD") || Eq(t1, "WR")) return TraceFormat.Native;
        throw Error("cannot tell the trace format from this line; expected one of: '0x2000D5C0 READ 30' (dramsim3), 'LD 0x12340' (ramulator), '31: read 0x400140' (dramsys), '10 R 0x1000 [size] [data]' (native); or name it with --trace-format");
    }

    private void ParseDramSim3(ReadOnlySpan<byte> line, ref TraceRecord r)
    {
        r.Address = Address(Token(ref line), "address (hex, e.g. 0x2000D5C0)");
        var op = Token(ref line);
        if (Eq(op, "READ") || Eq(op, "R")) r.IsWrite = false;
        else if (Eq(op, "WRITE") || Eq(op, "W")) r.IsWrite = true;
        else throw Error($"expected READ or WRITE as the second field, found '{Str(op)}'");
        r.Cycle = Cycle(Token(ref line), "cycle (decimal)");
        End(line);
    }

    private void ParseRamulator(ReadOnlySpan<byte> line, ref TraceRecord r)
    {
        var t0 = Token(ref line);
        if (Eq(t0, "LD") || Eq(t0, "ST"))
        {
            r.IsWrite = Eq(t0, "ST");
            r.Address = Address(Token(ref line), "address after LD/ST");
        }
        else
        {
            r.Address = Address(t0, "LD, ST or an address");
            var op = Token(ref line);
            if (Eq(op, "R")) r.IsWrite = false;
            else if (Eq(op, "W")) r.IsWrite = true;
            else throw Error($"expected R or W after the address, found '{Str(op)}'");
        }
        End(line);
    }

    private void ParseDramSys(ReadOnlySpan<byte> line, ref TraceRecord r)
    {
        var t0 = Token(ref line);
        if (t0.Length < 2 || t0[^1] != ':') throw Error($"expected 'cycle:' as the first field, found '{Str(t0)}'");
        r.Cycle = Cycle(t0[..^1], "cycle before ':'");
        var op = Token(ref line);
        if (Eq(op, "read")) r.IsWrite = false;
        else if (Eq(op, "write")) r.IsWrite = true;
        else throw Error($"expected read or write after the cycle, found '{Str(op)}'");
        var t = Token(ref line);
        if (!IsHexPrefixed(t) && !line.IsEmpty)
        {
            r.Size = Size(t, "length in bytes (decimal) or address");
            t = Token(ref line);
        }
        r.Address = Address(t, "address (hex, e.g. 0x400140)");
        var d = Token(ref line);
        if (!d.IsEmpty) r.Data = HexData(d, r.Size);
        End(line);
    }

    private void ParseNative(ReadOnlySpan<byte> line, ref TraceRecord r)
    {
        r.Cycle = Cycle(Token(ref line), "cycle (decimal)");
        var op = Token(ref line);
        if (Eq(op, "R") || Eq(op, "RD") || Eq(op, "READ")) r.IsWrite = false;
        else if (Eq(op, "W") || Eq(op, "WR") || Eq(op, "WRITE")) r.IsWrite = true;
        else throw Error($"expected R or W as the second field, found '{Str(op)}'");
        r.Address = Address(Token(ref line), "address");
        var s = Token(ref line);
        if (!s.IsEmpty)
        {
            r.Size = Size(s, "size in bytes");
            var d = Token(ref line);
            if (!d.IsEmpty) r.Data = HexData(d, r.Size);
        }
        End(line);
    }

    private ReadOnlyMemory<byte> HexData(ReadOnlySpan<byte> t, int size)
    {
        if (IsHexPrefixed(t)) t = t[2..];
        if (t.Length != 2 * size) throw Error($"write data has {t.Length / 2.0} bytes of hex, expected {size} (the request size)");
        if (_data.Length < size) _data = new byte[size];
        for (int i = 0; i < size; i++)
        {
            int hi = HexVal(t[2 * i]), lo = HexVal(t[2 * i + 1]);
            if (hi < 0 || lo < 0) throw Error($"write data is not hex at byte {i}");
            _data[i] = (byte)(hi << 4 | lo);
        }
        return _data.AsMemory(0, size);
    }

    private void End(ReadOnlySpan<byte> rest)
    {
        var t = Token(ref rest);
        if (!t.IsEmpty && t[0] != '#') throw Error($"unexpected extra field '{Str(t)}'");
    }

    private long Address(ReadOnlySpan<byte> t, string what)
    {
        if (t.IsEmpty) throw Error($"missing {what}");
        long v;
        bool ok = IsHexPrefixed(t) ? TryHex(t[2..], out v) : TryDecimal(t, out v);
        if (!ok || v < 0) throw Error($"expected {what}, found '{Str(t)}'");
        return v;
    }

    private long Integer(ReadOnlySpan<byte> t, string what)
    {
        if (t.IsEmpty) throw Error($"missing {what}");
        if (!TryDecimal(t, out var v)) throw Error($"expected {what}, found '{Str(t)}'");
        return v;
    }

    /// <summary>Largest request a trace line may ask for (the model splits it into bursts).</summary>
    public const int MaxRequestBytes = 1 << 20;

    private int Size(ReadOnlySpan<byte> t, string what)
    {
        long v = Integer(t, what);
        if (v is < 1 or > MaxRequestBytes) throw Error($"{what} {v} out of range 1..{MaxRequestBytes}");
        return (int)v;
    }

    private long Cycle(ReadOnlySpan<byte> t, string what)
    {
        long v = Integer(t, what);
        if (v > Engine.MemorySystem.MaxArrivalCycle)
            throw Error($"cycle {v} beyond the model's horizon of {Engine.MemorySystem.MaxArrivalCycle} (2^62)");
        return v;
    }

    private TraceFormatException Error(string msg) =>
        new(_file, _line, Format == TraceFormat.Auto ? msg : $"{msg} ({FormatName} format)");

    private string FormatName => Format switch
    {
        TraceFormat.DramSim3 => "dramsim3",
        TraceFormat.Ramulator => "ramulator",
        TraceFormat.DramSys => "dramsys",
        TraceFormat.Native => "native",
        _ => "unknown",
    };

    private static bool IsHexPrefixed(ReadOnlySpan<byte> t) => t.Length > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexVal(byte b) => b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    /// <summary>A token as text for a message (cut, control bytes escaped).</summary>
    private static string Str(ReadOnlySpan<byte> t) => Util.Printable.Bytes(t);

    /// <summary>ASCII letters compared without case (the keywords are ASCII).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Eq(ReadOnlySpan<byte> t, string s)
    {
        if (t.Length != s.Length) return false;
        for (int i = 0; i < t.Length; i++)
        {
            int a = t[i], b = s[i];
            if (a == b) continue;
            if ((a | 0x20) != (b | 0x20) || (a | 0x20) is < 'a' or > 'z') return false;
        }
        return true;
    }

    /// <summary>Hex digits to a non-negative long; false on any other byte or beyond 63 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryHex(ReadOnlySpan<byte> t, out long v)
    {
        v = 0;
        if (t.IsEmpty || t.Length > 16) return false;
        ulong x = 0;
        foreach (byte b in t)
        {
            int d = HexVal(b);
            if (d < 0) return false;
            x = x << 4 | (uint)d;
        }
        if (x > long.MaxValue) return false;
        v = (long)x;
        return true;
    }

    /// <summary>Decimal digits to a non-negative long; false on any other byte or on overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDecimal(ReadOnlySpan<byte> t, out long v)
    {
        v = 0;
        if (t.IsEmpty || t.Length > 19) return t.Length > 19 && long.TryParse(t, NumberStyles.None,
            CultureInfo.InvariantCulture, out v);
        long x = 0;
        foreach (byte b in t)
        {
            uint d = (uint)(b - '0');
            if (d > 9) return false;
            x = x * 10 + d;
        }
        if (x < 0) return false;
        v = x;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSep(byte b) => b == ' ' || b == '\t' || b == ',' || b == '\r';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Token(ref ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length && IsSep(s[i])) i++;
        int j = i;
        while (j < s.Length && !IsSep(s[j])) j++;
        var t = s[i..j];
        s = s[j..];
        return t;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && IsSep(s[a])) a++;
        while (b > a && IsSep(s[b - 1])) b--;
        return s[a..b];
    }

    private bool NextLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int nl = Array.IndexOf(_buf, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                line = _buf.AsSpan(_start, nl - _start);
                _start = nl + 1;
                _line++;
                return true;
            }
            if (_eof)
            {
                if (_start < _end) { line = _buf.AsSpan(_start, _end - _start); _start = _end; _line++; return true; }
                line = default;
                return false;
            }
            if (_start > 0) { Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start); _end -= _start; _start = 0; }
            if (_end == _buf.Length)
            {
                // a very long line (write data), up to a limit: an endless line (/dev/zero) is not a trace
                if (_buf.Length >= MaxLineBytes)
                {
                    _line++;
                    throw Error(
                        $"line longer than {MaxLineBytes >> 20} MiB without a line break; expected a text trace");
                }
                Array.Resize(ref _buf, _buf.Length * 2);
            }
            int n = _stream.Read(_buf, _end, _buf.Length - _end);
            if (n == 0) _eof = true; else _end += n;
        }
    }

    public void Dispose() => _stream.Dispose();
}
