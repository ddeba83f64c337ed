using System.Globalization;
using HwModel.Config;
using HwModel.Traces;

namespace HwModel.Cli;

/// <summary>What every command shares: its exit codes, its error messages and its checks of option values.</summary>
public static class Cli
{
    /// <summary>Exit code of bad input: an option, a file, a line or a field.</summary>
    public const int BadInput = 2;
    /// <summary>Exit code of a bug in this program (an exception no check foresaw).</summary>
    public const int InternalError = 70;

    /// <summary>Runs a command body; bad input becomes a one-line error and exit code 2, anything unforeseen a
    /// one-line internal error and exit code 70 (HWMODEL_DEBUG=1 shows its stack).</summary>
    public static int Guard(Func<int> body)
    {
        try { return body(); }
        catch (Exception e) when (Unwrap(e) is ConfigException or TraceFormatException or IOException
                                      or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {Unwrap(e).Message}");
            return BadInput;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("HWMODEL_DEBUG") != "1")
        {
            var u = Unwrap(e);
            Console.Error.WriteLine($"internal error: {u.GetType().Name}: {u.Message}");
            Console.Error.WriteLine("this is a bug in hwmodel; HWMODEL_DEBUG=1 shows where it happened");
            return InternalError;
        }
    }

    /// <summary>The exception a wrapper (a worker thread's failure) carries.</summary>
    private static Exception Unwrap(Exception e)
    {
        while (e is InvalidOperationException or AggregateException
               && e.InnerException is ConfigException or TraceFormatException or IOException) e = e.InnerException!;
        return e;
    }

    /// <summary>An integer option within min..max, or a <see cref="ConfigException"/> stating the range.</summary>
    public static void Range(string option, long value, long min, long max)
    {
        if (value < min || value > max)
            throw new ConfigException(option, option, value.ToString(CultureInfo.InvariantCulture),
                $"expected an integer in {min}..{max}");
    }

    /// <summary>A number option, finite and within min..max.</summary>
    public static void Range(string option, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
            throw new ConfigException(option, option, value.ToString(CultureInfo.InvariantCulture),
                $"expected a finite number in {min.ToString(CultureInfo.InvariantCulture)}.." +
                max.ToString(CultureInfo.InvariantCulture));
    }
}
