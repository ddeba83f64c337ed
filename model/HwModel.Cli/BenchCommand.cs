namespace HwModel.Cli; public static class BenchCommand { public static System.CommandLine.Command Build() => new("bench", "todo"); }
