using HwModel.Fuzz;

// AFL++ entry: `dotnet HwModel.Fuzz.dll <target>` under afl-fuzz (SharpFuzz forkserver, persistent mode);
// `dotnet HwModel.Fuzz.dll <target> FILE...` replays inputs once each (a crash prints its exception).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: HwModel.Fuzz <target> [FILE...]; targets: " +
        string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return 2;
}
if (args[0] == "--list")
{
    // for scripts/fuzz: name and seed folders, tab-separated
    foreach (var t in FuzzTargets.All) Console.WriteLine($"{t.Name}\t{string.Join(',', t.SeedFolders)}");
    return 0;
}
var target = FuzzTargets.Get(args[0]);
if (args.Length > 1)
{
    foreach (var f in args.Skip(1)) target.Run(File.ReadAllBytes(f));
    return 0;
}
SharpFuzz.Fuzzer.Run(stream =>
{
    using var ms = new MemoryStream();
    stream.CopyTo(ms);
    target.Run(ms.ToArray());
});
return 0;
