namespace HwModel.Traces;

/// <summary>Merges per-channel command traces (each in time order) into one, in the order one model of the whole
/// stack would have written them: by cycle, then by channel, each file's own order kept within.</summary>
public static class CommandTraceMerge
{
    public static void Merge(IReadOnlyList<string> parts, TextWriter output)
    {
        var readers = parts.Select(p => new StreamReader(p, System.Text.Encoding.UTF8, false, 1 << 16)).ToArray();
        try
        {
            var heads = new string?[readers.Length];
            var keys = new long[readers.Length];
            for (int i = 0; i < readers.Length; i++) Advance(i);
            while (true)
            {
                int best = -1;
                for (int i = 0; i < readers.Length; i++)
                    if (heads[i] != null && (best < 0 || keys[i] < keys[best])) best = i;
                if (best < 0) break;
                long key = keys[best];
                // every line of this channel at this cycle, then the next channel's
                while (heads[best] != null && keys[best] == key)
                {
                    output.WriteLine(heads[best]);
                    Advance(best);
                }
            }

            void Advance(int i)
            {
                heads[i] = readers[i].ReadLine();
                if (heads[i] is { } l)
                {
                    int end = 0;
                    while (end < l.Length && char.IsAsciiDigit(l[end])) end++;
                    keys[i] = long.Parse(l.AsSpan(0, end), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        finally { foreach (var r in readers) r.Dispose(); }
    }
}
