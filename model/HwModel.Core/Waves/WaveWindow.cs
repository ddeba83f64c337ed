using System.Globalization;
using HwModel.Config;

namespace HwModel.Waves;

/// <summary>Which part of a run a timeline or waveform keeps: a cycle window [From, To) and a set of
/// channels.</summary>
/// <remarks>Both filters exist so that files of long runs stay small; commands outside them are still seen (bank
/// state is tracked across the whole run) but not written.</remarks>
public sealed class WaveWindow
{
    /// <summary>Everything: every cycle of every channel.</summary>
    public static readonly WaveWindow All = new(0, long.MaxValue, null);

    public long From { get; }
    public long To { get; }
    private readonly HashSet<int>? _channels;

    public WaveWindow(long from, long to, IEnumerable<int>? channels)
    {
        if (from < 0 || to <= from)
            throw new ArgumentOutOfRangeException(nameof(to), $"window [{from}, {to}) is empty or negative");
        From = from;
        To = to;
        _channels = channels == null ? null : [.. channels];
    }

    /// <summary>The window's start in half-cycles.</summary>
    public long From2 => From * 2;

    /// <summary>The window's end in half-cycles (long.MaxValue when open).</summary>
    public long To2 => To >= long.MaxValue / 2 ? long.MaxValue : To * 2;

    public bool Includes(int channel) => _channels == null || _channels.Contains(channel);

    public bool Contains(long cycle) => cycle >= From && cycle < To;

    /// <summary>The channels kept, in order, or null for all.</summary>
    public IReadOnlyList<int>? Channels => _channels?.Order().ToList();

    /// <summary>Parses <c>--window FROM:TO</c> (cycles; either side may be empty) and <c>--channels 0,2-3</c>,
    /// refusing what the configuration does not have.</summary>
    public static WaveWindow Parse(string? window, string? channels, MemoryConfig cfg,
        string windowOption = "--window", string channelsOption = "--channels")
    {
        long from = 0, to = long.MaxValue;
        if (!string.IsNullOrWhiteSpace(window))
        {
            int colon = window.IndexOf(':');
            if (colon < 0)
                throw new ConfigException(windowOption, windowOption, window,
                    "expected FROM:TO in cycles, e.g. 0:20000");
            string a = window[..colon].Trim(), b = window[(colon + 1)..].Trim();
            if (a.Length > 0 && !long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out from))
                throw new ConfigException(windowOption, windowOption, window, "FROM must be a whole number of cycles");
            if (b.Length > 0 && !long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out to))
                throw new ConfigException(windowOption, windowOption, window, "TO must be a whole number of cycles");
            if (to <= from)
                throw new ConfigException(windowOption, windowOption, window, "TO must be greater than FROM");
        }
        List<int>? list = null;
        if (!string.IsNullOrWhiteSpace(channels))
        {
            list = [];
            foreach (var part in channels.Split(',', StringSplitOptions.TrimEntries))
            {
                int dash = part.IndexOf('-');
                string lo = dash < 0 ? part : part[..dash], hi = dash < 0 ? part : part[(dash + 1)..];
                if (!int.TryParse(lo, NumberStyles.None, CultureInfo.InvariantCulture, out int l)
                    || !int.TryParse(hi, NumberStyles.None, CultureInfo.InvariantCulture, out int h) || h < l)
                    throw new ConfigException(channelsOption, channelsOption, channels,
                        "expected channel numbers and ranges, e.g. 0,2-3");
                if (h >= cfg.Org.Channels)
                    throw new ConfigException(channelsOption, channelsOption, channels,
                        $"{cfg.Name} has channels 0-{cfg.Org.Channels - 1}");
                for (int c = l; c <= h; c++) list.Add(c);
            }
        }
        return new WaveWindow(from, to, list);
    }
}
