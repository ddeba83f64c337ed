using System.Text;

namespace HwModel.Cli.Regress;

/// <summary>FNV-1a 64 over UTF-8: a hash that never changes between runs, machines or .NET versions.</summary>
/// <remarks>string.GetHashCode is randomised per process, which would move scenarios between shards.</remarks>
public static class StableHash
{
    public static ulong Of(string s)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(s)) h = (h ^ b) * 0x100000001B3UL;
        return h;
    }
}
