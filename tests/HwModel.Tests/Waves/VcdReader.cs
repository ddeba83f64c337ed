using System.Globalization;

namespace HwModel.Tests.Waves;

/// <summary>A strict reader of the VCD subset hwmodel writes, for tests: it fails on anything malformed.</summary>
public sealed class VcdReader
{
    public readonly Dictionary<string, (string Name, int Width)> Vars = [];
    public readonly Dictionary<string, string> Final = [];
    public readonly Dictionary<string, string> AtStart = [];
    public readonly List<long> Times = [];
    public string Timescale = "";

    public VcdReader(string path)
    {
        var scope = new List<string>();
        using var r = new StreamReader(path);
        string? line;
        bool defs = true, dump = false;
        while ((line = r.ReadLine()) != null)
        {
            if (line.Length == 0) continue;
            if (defs)
            {
                var w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                switch (w[0])
                {
                    case "$scope": scope.Add(w[2]); break;
                    case "$upscope": scope.RemoveAt(scope.Count - 1); break;
                    case "$timescale": Timescale = string.Join(" ", w[1..^1]); break;
                    case "$var":
                        if (w[1] != "wire" || w[^1] != "$end") throw new FormatException(line);
                        Vars.Add(w[3], (string.Join(".", scope) + "." + w[4],
                            int.Parse(w[2], CultureInfo.InvariantCulture)));
                        break;
                    case "$enddefinitions":
                        if (scope.Count != 0) throw new FormatException("unbalanced $scope");
                        defs = false;
                        break;
                    default:
                        if (!w[0].StartsWith('$') || w[^1] != "$end") throw new FormatException(line);
                        break;
                }
                continue;
            }
            if (line[0] == '#')
            {
                long t = long.Parse(line.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);
                if (Times.Count > 0 && t <= Times[^1]) throw new FormatException($"time {t} after {Times[^1]}");
                Times.Add(t);
                continue;
            }
            if (line == "$dumpvars") { dump = true; continue; }
            if (line == "$end") { dump = false; continue; }
            if (Times.Count == 0) throw new FormatException("a value before the first time: " + line);
            string id, value;
            if (line[0] == 'b')
            {
                int sp = line.IndexOf(' ');
                value = line[1..sp];
                id = line[(sp + 1)..];
                if (!Vars.TryGetValue(id, out var v)) throw new FormatException("undeclared " + id);
                if (value != "x" && (value.Length > v.Width || value.Any(c => c is not ('0' or '1'))))
                    throw new FormatException($"{line}: width {v.Width}");
            }
            else
            {
                if (line[0] is not ('0' or '1' or 'x')) throw new FormatException(line);
                value = line[..1];
                id = line[1..];
                if (!Vars.TryGetValue(id, out var v) || v.Width != 1) throw new FormatException("bad scalar " + line);
            }
            Final[id] = value;
            if (dump) AtStart[id] = value;
        }
        if (defs) throw new FormatException("no $enddefinitions");
    }

    /// <summary>The last value of the signal with this dotted name (hbm.ch0.pc1.sid0_bg1_bank2.row).</summary>
    public string? Last(string name) =>
        Vars.FirstOrDefault(kv => kv.Value.Name == name) is { Key: { } id } && Final.TryGetValue(id, out var v)
            ? v : null;
}
