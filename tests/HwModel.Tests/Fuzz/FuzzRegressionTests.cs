using HwModel.Fuzz;
using Xunit;

namespace HwModel.Tests.Fuzz;

/// <summary>Every fuzz target replays its seeds and every input the fuzzers ever crashed on
/// (testbenches/fuzz/&lt;target&gt;/), uninstrumented: each must be accepted or refused with the parser's own error.
/// </summary>
public class FuzzRegressionTests
{
    public static IEnumerable<object[]> Targets => FuzzTargets.All.Select(t => new object[] { t.Name });

    [Theory]
    [MemberData(nameof(Targets))]
    public void SeedsAndFoundCrashesRunCleanly(string name)
    {
        var t = FuzzTargets.Get(name);
        var files = t.SeedFolders.Append($"fuzz/{name}")
            .Select(f => Paths.Testbench(f.Split('/'))).Where(Directory.Exists).Distinct()
            .SelectMany(d => Directory.GetFiles(d)).ToList();
        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            var bytes = File.ReadAllBytes(f);
            var e = Record.Exception(() => t.Run(bytes));
            Assert.True(e == null, $"{name} on {f}: {e}\nreplay: dotnet HwModel.Fuzz.dll {name} {f}");
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void SeededMutationsRunCleanly(string name)
    {
        // a few hundred byte-flipped, cut and spliced variants of the seeds, fixed by a seed: a fuzzer's first
        // minute in miniature, so a parser regression shows up in the unit tests too
        var t = FuzzTargets.Get(name);
        var seeds = t.SeedFolders.Append($"fuzz/{name}").Select(f => Paths.Testbench(f.Split('/')))
            .Where(Directory.Exists).SelectMany(Directory.GetFiles).Select(File.ReadAllBytes)
            .Where(b => b.Length < 1 << 16).ToList();
        var rng = new Random(1234);
        for (int i = 0; i < 300; i++)
        {
            var b = (byte[])seeds[rng.Next(seeds.Count)].Clone();
            if (b.Length == 0) b = [0];
            switch (rng.Next(4))
            {
                case 0: b[rng.Next(b.Length)] = (byte)rng.Next(256); break;
                case 1: b = b[..rng.Next(b.Length + 1)]; break;
                case 2: b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8)); break;
                default:
                    var o = seeds[rng.Next(seeds.Count)];
                    b = [.. b[..rng.Next(b.Length + 1)], .. o[rng.Next(o.Length + 1)..]];
                    break;
            }
            var e = Record.Exception(() => t.Run(b));
            Assert.True(e == null, $"{name}, mutation {i} ({Convert.ToHexString(b[..Math.Min(64, b.Length)])}): {e}");
        }
    }
}
