using System.CommandLine;
using HwModel.Cli;

var root = new RootCommand("HwModel: a cycle-approximate HBM2/HBM2E/HBM3 memory-system model")
{
    RunCommand.Build(),
    PresetsCommand.Build(),
    BenchCommand.Build(),
    CheckCommand.Build(),
    PimCommand.Build(),
    CosimCommand.Build(),
    GenCommand.Build(),
    RegressCommand.Build(),
    HwModel.Cli.Verify.VerifyCommand.Build(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // a command line that does not parse is bad input like any other: one line each, exit 2
    foreach (var e in parsed.Errors) Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("`hwmodel --help` lists the commands, `hwmodel <command> --help` their options");
    return Cli.BadInput;
}
return parsed.Invoke();
