using System.Globalization;
using HwModel.Config;

namespace HwModel.Spec;

/// <summary>
/// An integer formula over configuration fields, written once as text and evaluated against a configuration.
/// Grammar: numbers, field names (bare timing names such as nCL, or section.Name such as pim.nMACLAT or
/// org.StackIds), + - * /, comparisons (&gt; &gt;= &lt; &lt;= == !=, giving 1 or 0), parentheses and the functions
/// max(a, b, ...), min(a, b, ...) and dflt(a, b) (a when it is positive, else b: "0 means the default").
/// The text shown by `hwmodel presets --timing` is the text evaluated, so the two cannot disagree.
/// </summary>
public sealed class Formula
{
    private abstract record Node;
    private sealed record Num(long Value) : Node;
    private sealed record Field(ConfigField Target) : Node;
    private sealed record Binary(char Op, string Text, Node Left, Node Right) : Node;
    private sealed record Call(string Name, Node[] Args) : Node;

    private readonly Node _root;

    /// <summary>The formula as written.</summary>
    public string Text { get; }

    /// <summary>Every configuration field the formula reads (for documentation and tests).</summary>
    public IReadOnlyList<string> Fields { get; }

    private Formula(string text, Node root, List<string> fields)
    {
        Text = text;
        _root = root;
        Fields = fields;
    }

    /// <summary>Parses a formula; a syntax error or an unknown field throws <see cref="FormatException"/>.</summary>
    public static Formula Parse(string text)
    {
        var p = new Parser(text);
        var root = p.ParseComparison();
        p.SkipSpace();
        if (p.Pos != text.Length) throw p.Error("unexpected text");
        return new Formula(text, root, p.FieldNames);
    }

    /// <summary>The formula's value for a configuration (overflow is an error, not a wrap).</summary>
    public int Evaluate(MemoryConfig c) => checked((int)Eval(_root, c));

    public override string ToString() => Text;

    private static long Eval(Node n, MemoryConfig c) => n switch
    {
        Num v => v.Value,
        Field f => Convert.ToInt64(f.Target.Get(c), CultureInfo.InvariantCulture),
        Binary b => Apply(b.Op, Eval(b.Left, c), Eval(b.Right, c)),
        Call { Name: "max" } k => k.Args.Max(a => Eval(a, c)),
        Call { Name: "min" } k => k.Args.Min(a => Eval(a, c)),
        Call { Name: "dflt" } k => Eval(k.Args[0], c) is var v0 && v0 > 0 ? v0 : Eval(k.Args[1], c),
        _ => throw new InvalidOperationException(n.ToString()),
    };

    private static long Apply(char op, long a, long b) => op switch
    {
        '+' => checked(a + b),
        '-' => checked(a - b),
        '*' => checked(a * b),
        '/' => b == 0 ? throw new DivideByZeroException("formula divides by zero") : a / b,
        '>' => a > b ? 1 : 0,
        'g' => a >= b ? 1 : 0,
        '<' => a < b ? 1 : 0,
        'l' => a <= b ? 1 : 0,
        '=' => a == b ? 1 : 0,
        '!' => a != b ? 1 : 0,
        _ => throw new InvalidOperationException(op.ToString()),
    };

    private sealed class Parser(string s)
    {
        public int Pos;
        public readonly List<string> FieldNames = [];

        public FormatException Error(string what) =>
            new($"formula '{s}': {what} at position {Pos}");

        public void SkipSpace()
        {
            while (Pos < s.Length && char.IsWhiteSpace(s[Pos])) Pos++;
        }

        private bool Eat(string tok)
        {
            SkipSpace();
            if (string.CompareOrdinal(s, Pos, tok, 0, tok.Length) != 0) return false;
            Pos += tok.Length;
            return true;
        }

        public Node ParseComparison()
        {
            var left = ParseSum();
            (string Tok, char Op)[] ops = [(">=", 'g'), ("<=", 'l'), ("==", '='), ("!=", '!'), (">", '>'), ("<", '<')];
            foreach (var (tok, op) in ops)
                if (Eat(tok)) return new Binary(op, tok, left, ParseSum());
            return left;
        }

        private Node ParseSum()
        {
            var left = ParseProduct();
            while (true)
            {
                if (Eat("+")) left = new Binary('+', "+", left, ParseProduct());
                else if (Eat("-")) left = new Binary('-', "-", left, ParseProduct());
                else return left;
            }
        }

        private Node ParseProduct()
        {
            var left = ParseAtom();
            while (true)
            {
                if (Eat("*")) left = new Binary('*', "*", left, ParseAtom());
                else if (Eat("/")) left = new Binary('/', "/", left, ParseAtom());
                else return left;
            }
        }

        private Node ParseAtom()
        {
            SkipSpace();
            if (Pos >= s.Length) throw Error("expected a number, a field or '('");
            char ch = s[Pos];
            if (Eat("("))
            {
                var inner = ParseComparison();
                if (!Eat(")")) throw Error("expected ')'");
                return inner;
            }
            if (char.IsDigit(ch))
            {
                int start = Pos;
                while (Pos < s.Length && char.IsDigit(s[Pos])) Pos++;
                return new Num(long.Parse(s.AsSpan(start, Pos - start), CultureInfo.InvariantCulture));
            }
            if (!char.IsLetter(ch)) throw Error($"unexpected '{ch}'");
            int begin = Pos;
            while (Pos < s.Length && (char.IsLetterOrDigit(s[Pos]) || s[Pos] is '.' or '_')) Pos++;
            string name = s[begin..Pos];
            if (name is "max" or "min" or "dflt")
            {
                if (!Eat("(")) throw Error($"expected '(' after {name}");
                var args = new List<Node> { ParseComparison() };
                while (Eat(",")) args.Add(ParseComparison());
                if (!Eat(")")) throw Error("expected ')'");
                if (name == "dflt" && args.Count != 2) throw Error("dflt takes two arguments");
                return new Call(name, [.. args]);
            }
            ConfigField field;
            try
            {
                field = ConfigFields.Find(name.Contains('.') ? name : "timing." + name, "formula");
            }
            catch (ConfigException)
            {
                throw Error($"unknown field '{name}'");
            }
            var t = field.Property.PropertyType;
            if (t != typeof(int) && t != typeof(long))
                throw Error($"field '{name}' is not an integer");
            FieldNames.Add(field.Path);
            return new Field(field);
        }
    }
}
