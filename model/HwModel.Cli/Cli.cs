using HwModel.Config;
using HwModel.Traces;

namespace HwModel.Cli;

public static class Cli
{
    /// <summary>Runs a command body; bad input becomes a one-line error and exit code 2.</summary>
    public static int Guard(Func<int> body)
    {
        try { return body(); }
        catch (ConfigException e) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
        catch (TraceFormatException e) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
        catch (IOException e) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
        catch (UnauthorizedAccessException e) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
    }
}
