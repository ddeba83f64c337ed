namespace HwModel.Cli.Regress;

/// <summary>Shell-style name matching: <c>*</c> any run of characters, <c>?</c> one character.</summary>
public static class Glob
{
    public static bool Matches(string pattern, string name) => Match(pattern, 0, name, 0);

    private static bool Match(string p, int i, string s, int j)
    {
        while (i < p.Length)
        {
            if (p[i] == '*')
            {
                for (int k = j; k <= s.Length; k++) if (Match(p, i + 1, s, k)) return true;
                return false;
            }
            if (j >= s.Length || (p[i] != '?' && p[i] != s[j])) return false;
            i++; j++;
        }
        return j == s.Length;
    }
}
