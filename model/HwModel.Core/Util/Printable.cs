using System.Text;

namespace HwModel.Util;

/// <summary>A value as an error message shows it: cut to a sensible length, control and non-ASCII bytes
/// escaped.</summary>
/// <remarks>One helper for every parser, so a 1 MB token or a stray control byte never reaches the terminal.</remarks>
public static class Printable
{
    /// <summary>Longest part of a value a message echoes.</summary>
    public const int MaxChars = 40;

    /// <summary>Bytes as text: printable ASCII kept, every other byte as \xNN, at most
    /// <see cref="MaxChars"/>.</summary>
    public static string Bytes(ReadOnlySpan<byte> t)
    {
        var sb = new StringBuilder();
        foreach (byte b in t.Length > MaxChars ? t[..MaxChars] : t)
            sb.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        if (t.Length > MaxChars) sb.Append($"... ({t.Length} bytes)");
        return sb.ToString();
    }

    /// <summary>Text the same way: control characters as \xNN (\uNNNN above Latin-1), at most
    /// <see cref="MaxChars"/>.</summary>
    public static string Text(string? s)
    {
        if (s is null) return "";
        var sb = new StringBuilder();
        foreach (char ch in s.Length > MaxChars ? s[..MaxChars] : s)
            sb.Append(ch is >= ' ' and < (char)0x7F ? ch.ToString()
                : ch <= 0xFF ? $"\\x{(int)ch:X2}" : char.IsLetterOrDigit(ch) ? ch.ToString() : $"\\u{(int)ch:X4}");
        if (s.Length > MaxChars) sb.Append($"... ({s.Length} chars)");
        return sb.ToString();
    }
}
