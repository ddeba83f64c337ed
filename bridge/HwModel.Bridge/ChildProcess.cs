using System.Diagnostics;
using System.Text;

namespace HwModel.Bridge;

/// <summary>Runs a child process to its end under a deadline: a hung child is killed and reported, never waited on
/// forever.</summary>
public static class ChildProcess
{
    /// <summary>Starts <paramref name="psi"/> (its output redirected here), waits at most
    /// <paramref name="deadline"/>, and returns its exit code, standard output and standard error.</summary>
    /// <exception cref="TimeoutException">The child did not end in time; it and its children were killed.</exception>
    public static (int ExitCode, string Out, string Err) Run(ProcessStartInfo psi, TimeSpan deadline)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var output = new StringBuilder();
        var error = new StringBuilder();
        using var p = Start(psi);
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (error) error.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(deadline))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{Path.GetFileName(psi.FileName)} did not finish within " +
                $"{deadline.TotalSeconds:0} s; it was killed");
        }
        p.WaitForExit(); // drains the asynchronous readers
        lock (output) lock (error) return (p.ExitCode, output.ToString(), error.ToString());
    }

    /// <summary>Starts a process; a file that is missing or not executable is an <see cref="RtlException"/> naming
    /// it instead of a system error.</summary>
    public static Process Start(ProcessStartInfo psi)
    {
        try
        {
            return Process.Start(psi) ?? throw new RtlException($"cannot start {psi.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RtlException($"cannot start {psi.FileName}: {e.Message} (expected an executable file)");
        }
    }
}
