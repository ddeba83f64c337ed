using Tomlyn.Parsing;
using Tomlyn.Syntax;
using HwModel.Config;

namespace HwModel.Cli.Regress;

/// <summary>A TOML document as plain values that remember their line, read from Tomlyn's syntax tree.</summary>
/// <remarks>The table model Tomlyn deserialises to forgets where a value was written; a suite error must name its
/// line, so the loader walks the syntax tree instead (no reflection, so the ahead-of-time compiled CLI reads it).
/// </remarks>
public sealed class TomlNode
{
    public int Line { get; init; }
    /// <summary>A string, long, double, bool, a list of nodes (array) or a <see cref="TomlTableNode"/>.</summary>
    public object Value { get; init; } = "";

    public static TomlTableNode Parse(string text, string origin)
    {
        var doc = SyntaxParser.Parse(text, origin, true);
        foreach (var d in doc.Diagnostics)
            if (d.Kind == DiagnosticMessageKind.Error)
                throw new ConfigException($"{origin}:{d.Span.Start.Line + 1}", "syntax", null, d.Message);
        var root = new TomlTableNode { Line = 1 };
        foreach (var kv in doc.KeyValues) Put(root, kv, origin);
        foreach (var t in doc.Tables)
        {
            var path = KeyPath(t.Name!);
            int line = t.Span.Start.Line + 1;
            TomlTableNode table;
            if (t is TableArraySyntax)
            {
                var parent = Descend(root, path[..^1], line, origin);
                var arr = parent.Find(path[^1]);
                if (arr == null) parent.Add(path[^1], arr = new TomlNode { Line = line, Value = new List<TomlNode>() });
                if (arr.Value is not List<TomlNode> list)
                    throw new ConfigException($"{origin}:{line}", string.Join('.', path), null,
                        "is already a value or a table, not an array of tables");
                list.Add(new TomlNode { Line = line, Value = table = new TomlTableNode { Line = line } });
            }
            else table = Descend(root, path, line, origin);
            foreach (var kv in t.Items) Put(table, kv, origin);
        }
        return root;
    }

    private static TomlTableNode Descend(TomlTableNode from, string[] path, int line, string origin)
    {
        var t = from;
        foreach (var p in path)
        {
            var n = t.Find(p);
            if (n == null) t.Add(p, n = new TomlNode { Line = line, Value = new TomlTableNode { Line = line } });
            t = n.Value switch
            {
                TomlTableNode tt => tt,
                // [scenario.workload] after [[scenario]] belongs to the last scenario
                List<TomlNode> { Count: > 0 } l when l[^1].Value is TomlTableNode last => last,
                _ => throw new ConfigException($"{origin}:{line}", string.Join('.', path), null,
                    $"{p} is already a value, not a table"),
            };
        }
        return t;
    }

    private static void Put(TomlTableNode table, KeyValueSyntax kv, string origin)
    {
        var path = KeyPath(kv.Key!);
        int line = kv.Span.Start.Line + 1;
        var t = Descend(table, path[..^1], line, origin);
        if (t.Find(path[^1]) != null)
            throw new ConfigException($"{origin}:{line}", string.Join('.', path), null, "is given twice");
        t.Add(path[^1], Convert(kv.Value!, origin));
    }

    private static TomlNode Convert(ValueSyntax v, string origin)
    {
        int line = v.Span.Start.Line + 1;
        object value = v switch
        {
            StringValueSyntax s => s.Value!,
            IntegerValueSyntax i => i.Value,
            FloatValueSyntax f => f.Value,
            BooleanValueSyntax b => b.Value,
            ArraySyntax a => a.Items.Select(item => Convert(item.Value!, origin)).ToList(),
            InlineTableSyntax it => Inline(it, line, origin),
            _ => throw new ConfigException($"{origin}:{line}", "value", null,
                "expected a string, number, boolean, array or inline table"),
        };
        return new TomlNode { Line = line, Value = value };
    }

    private static TomlTableNode Inline(InlineTableSyntax it, int line, string origin)
    {
        var t = new TomlTableNode { Line = line };
        foreach (var item in it.Items) Put(t, item.KeyValue!, origin);
        return t;
    }

    private static string[] KeyPath(KeySyntax k)
    {
        var parts = new List<string> { Name(k.Key!) };
        foreach (var d in k.DotKeys) parts.Add(Name(d.Key!));
        return [.. parts];
    }

    private static string Name(BareKeyOrStringValueSyntax k) => k switch
    {
        BareKeySyntax b => b.Key!.Text!,
        StringValueSyntax s => s.Value!,
        _ => k.ToString()!,
    };
}
