using System.CommandLine;
using HwModel.Checker;
using HwModel.Config;
using HwModel.Traces;

namespace HwModel.Cli;

/// <summary><c>hwmodel check</c>: runs the independent timing checker over a command trace file.</summary>
public static class CheckCommand
{
    public static Command Build()
    {
        var commands = new Option<string>("--commands") { Description = "command trace: cycle[.5] COMMAND channel pseudoChannel bank row column", Required = true };
        var cmd = new Command("check", "check a command trace against the timing table") { RunCommand.Config, commands, RunCommand.Set };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            var cfg = ConfigLoader.Load(pr.GetValue(RunCommand.Config)!, pr.GetValue(RunCommand.Set));
            var checker = new TimingChecker(cfg) { MaxKept = int.MaxValue };
            long last = 0;
            foreach (var c in CommandTrace.Read(pr.GetValue(commands)!, cfg)) { checker.OnCommand(c); last = c.Cycle; }
            checker.Finish(last);
            foreach (var v in checker.Violations) Console.WriteLine(v);
            Console.WriteLine($"{checker.CommandsChecked} commands checked, {checker.ViolationCount} violations");
            return checker.ViolationCount > 0 ? 1 : 0;
        }));
        return cmd;
    }
}
