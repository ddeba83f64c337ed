namespace HwModel.Fuzz;

/// <summary>One parser under fuzzing: its name, the testbenches/ folders its seeds come from, and the function that
/// feeds it one input.</summary>
/// <remarks><see cref="Run"/> returns normally for any input the parser accepts or refuses with its own error
/// (a <c>ConfigException</c>, <c>TraceFormatException</c>, <c>PimProtocolException</c>); any other exception is a
/// crash.</remarks>
public sealed record FuzzTarget(string Name, string[] SeedFolders, Action<byte[]> Run);
