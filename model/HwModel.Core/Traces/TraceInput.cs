using System.IO.Compression;

namespace HwModel.Traces;

/// <summary>Opens a trace file for reading: plain, gzip or Zstandard, told apart by their first bytes.</summary>
/// <remarks>Users keep traces compressed; the trace is decompressed as it streams, never to disk.</remarks>
public static class TraceInput
{
    /// <summary>Bytes per read from the file: large reads keep the parser fed at memory speed.</summary>
    public const int ReadBytes = 1 << 20;

    /// <summary>The stream of a trace's text; a missing file, a directory or an unreadable file raises a
    /// <see cref="TraceFormatException"/> naming it.</summary>
    public static Stream OpenRead(string path) => Decompressed(OpenFile(path));

    /// <summary>The trace file itself, not yet decompressed (its position tells how far a run has read).</summary>
    public static FileStream OpenFile(string path)
    {
        if (Directory.Exists(path)) throw new TraceFormatException(path, 0, "is a directory; expected a trace file");
        if (!File.Exists(path)) throw new TraceFormatException(path, 0, "file not found");
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (UnauthorizedAccessException) { throw new TraceFormatException(path, 0,
            "not readable (permission denied)"); }
        catch (IOException e) { throw new TraceFormatException(path, 0, $"not readable ({e.Message})"); }
    }

    /// <summary>Wraps a seekable or peekable stream in the decompressor its magic bytes name (or none).</summary>
    public static Stream Decompressed(Stream s)
    {
        var head = new byte[4];
        int n = 0;
        if (s.CanSeek)
        {
            while (n < head.Length)
            {
                int r = s.Read(head, n, head.Length - n);
                if (r == 0) break;
                n += r;
            }
            s.Seek(0, SeekOrigin.Begin);
        }
        if (n >= 2 && head[0] == 0x1F && head[1] == 0x8B) return new GZipStream(s, CompressionMode.Decompress);
        if (n >= 4 && head[0] == 0x28 && head[1] == 0xB5 && head[2] == 0x2F && head[3] == 0xFD)
            return new ZstdSharp.DecompressionStream(s, ReadBytes);
        return s;
    }
}
