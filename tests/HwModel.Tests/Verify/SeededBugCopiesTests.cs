using Xunit;

namespace HwModel.Tests.Verify;

/// <summary>The seeded-bug designs stay copies of rtl/src/hbm_pc.v plus their bug: when the pseudo-channel
/// changes, this fails until the copies are made again from it.</summary>
public class SeededBugCopiesTests
{
    [Theory]
    [MemberData(nameof(SeededBugTests.Bugs), MemberType = typeof(SeededBugTests))]
    public void A_copy_differs_from_the_pseudo_channel_only_by_its_bug(string bug)
    {
        var original = File.ReadAllLines(Path.Combine(Paths.Root, "rtl", "src", "hbm_pc.v"));
        var copy = File.ReadAllLines(Path.Combine(Paths.Root, "testbenches", "rtl", bug, "hbm_pc.v"));
        // lines of each that the other lacks, counted as multisets
        static List<string> Minus(string[] a, string[] b)
        {
            var left = b.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            var extra = new List<string>();
            foreach (var l in a)
                if (left.TryGetValue(l, out int n) && n > 0) left[l] = n - 1; else extra.Add(l);
            return extra;
        }
        var removed = Minus(original, copy);
        var added = Minus(copy, original);
        Assert.True(removed.Count <= 3, $"{bug}: lines of rtl/src/hbm_pc.v missing: {string.Join(" | ", removed)}");
        Assert.InRange(added.Count, 1, 16);
        Assert.Contains(added, l => l.Contains("BUG"));
        Assert.StartsWith($"// SEEDED BUG ({bug})", copy[0]);
    }
}
