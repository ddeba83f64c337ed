using System.Text;

namespace HwModel.Util;

/// <summary>Reads text files with a bound on line and file length, so a device file or a binary blob given as a
/// config or a command trace is refused instead of read until memory runs out.</summary>
public static class BoundedText
{
    /// <summary>Largest config file read (far above any real one).</summary>
    public const int MaxFileChars = 16 << 20;
    /// <summary>Longest line of a config or command trace.</summary>
    public const int MaxLineChars = 1 << 20;

    /// <summary>The whole text of a file, or an <see cref="IOException"/> naming it when it is longer than
    /// <see cref="MaxFileChars"/>.</summary>
    public static string ReadAll(string path)
    {
        using var r = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var sb = new StringBuilder();
        var buf = new char[1 << 16];
        int k;
        while ((k = r.Read(buf, 0, buf.Length)) > 0)
        {
            sb.Append(buf, 0, k);
            if (sb.Length > MaxFileChars)
                throw new IOException($"{path}: longer than {MaxFileChars >> 20} MiB; expected a text config file");
        }
        return sb.ToString();
    }

    /// <summary>The lines of a text stream, each at most <see cref="MaxLineChars"/> (an
    /// <see cref="IOException"/> naming the file and line otherwise).</summary>
    public static IEnumerable<string> ReadLines(TextReader r, string path)
    {
        var sb = new StringBuilder();
        long line = 1;
        int c;
        while ((c = r.Read()) >= 0)
        {
            if (c == '\n') { yield return sb.ToString(); sb.Clear(); line++; continue; }
            if (sb.Length >= MaxLineChars)
                throw new IOException($"{path}:{line}: line longer than {MaxLineChars >> 20} MiB; expected text");
            sb.Append((char)c);
        }
        if (sb.Length > 0) yield return sb.ToString();
    }
}
