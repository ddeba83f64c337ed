namespace HwModel.Stats;

/// <summary>This process's peak resident memory as the OS counts it (VmHWM of /proc/self/status).</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set in MiB, or the runtime's own peak working set where /proc is absent.</summary>
    public static double PeakResidentMB()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(),
                        System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }
}
