using System.Runtime.InteropServices;

namespace HwModel.Cli;

/// <summary>Ctrl-C (SIGINT) and SIGTERM as a request to stop at the next safe point, not a kill.</summary>
/// <remarks>The first signal sets <see cref="Requested"/>: a run stops reading its input, finishes what is in
/// flight, writes the stats marked interrupted and exits 130 (SIGINT) or 143 (SIGTERM). A second signal ends the
/// process at once with the same code.</remarks>
public static class Interrupt
{
    private static volatile int _signal;
    private static PosixSignalRegistration? _int, _term;

    /// <summary>True once a stop was asked for.</summary>
    public static bool Requested => _signal != 0;

    /// <summary>The exit code for the signal received: 130 for SIGINT, 143 for SIGTERM, 0 if none.</summary>
    public static int ExitCode => _signal;

    /// <summary>Starts catching both signals (idempotent).</summary>
    public static void Install()
    {
        _int ??= PosixSignalRegistration.Create(PosixSignal.SIGINT, c => On(c, 130));
        _term ??= PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => On(c, 143));
    }

    private static void On(PosixSignalContext c, int code)
    {
        if (_signal != 0) { Environment.Exit(_signal); return; }
        c.Cancel = true;
        _signal = code;
        Console.Error.WriteLine($"{(code == 130 ? "SIGINT" : "SIGTERM")}: stopping at the next safe point " +
            "(a second signal stops at once)");
    }
}
