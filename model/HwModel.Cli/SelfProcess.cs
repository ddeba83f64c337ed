using System.Diagnostics;

namespace HwModel.Cli;

/// <summary>Start information for a child process of this same program, native or run by <c>dotnet</c>.</summary>
/// <remarks>The bench runs its measurements in fresh processes; the native image is its own executable, while the
/// JIT build is <c>dotnet hwmodel.dll</c>.</remarks>
public static class SelfProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, bool redirectError = false)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true, RedirectStandardError = redirectError, UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hwmodel.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }
}
