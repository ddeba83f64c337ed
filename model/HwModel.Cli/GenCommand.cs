using System.CommandLine;
using HwModel.Spec.Codegen;

namespace HwModel.Cli;

/// <summary><c>hwmodel gen</c>: rewrites the RTL's generated headers from the command table.</summary>
public static class GenCommand
{
    public static Command Build()
    {
        var root = new Option<string>("--root")
        {
            Description = "the HwModel checkout to write into (default: the current folder)",
            DefaultValueFactory = _ => ".",
        };
        var check = new Option<bool>("--check") { Description = "only compare; exit 1 when a header is out of date" };
        var cmd = new Command("gen",
            "write rtl/src/hbm_commands.vh and rtl/server/hbm_commands.h from the command table, " +
            "rtl/include/hbm_pc_contract.vh from the DUT contract")
        {
            root, check,
        };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            string dir = pr.GetValue(root)!;
            if (!Directory.Exists(Path.Combine(dir, "rtl")))
                throw new IOException($"--root {dir}: no rtl/ folder there (expected a HwModel checkout)");
            int stale = 0;
            foreach (var (path, text) in new[] { (CommandHeaders.VerilogPath, CommandHeaders.Verilog()),
                         (CommandHeaders.CppPath, CommandHeaders.Cpp()),
                         (Bridge.Dut.DutContract.HeaderPath, Bridge.Dut.DutContract.Header()) })
            {
                string full = Path.Combine(dir, path);
                bool same = File.Exists(full) && File.ReadAllText(full) == text;
                if (same) { Console.WriteLine($"{path}: up to date"); continue; }
                stale++;
                if (pr.GetValue(check)) { Console.WriteLine($"{path}: out of date"); continue; }
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
                Console.WriteLine($"{path}: written");
            }
            return pr.GetValue(check) && stale > 0 ? 1 : 0;
        }));
        return cmd;
    }
}
