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
};
return root.Parse(args).Invoke();
