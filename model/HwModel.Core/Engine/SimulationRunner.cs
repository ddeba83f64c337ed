using System.Diagnostics;
using HwModel.Traces;

namespace HwModel.Engine;

/// <summary>Feeds a request stream into a <see cref="MemorySystem"/> as fast as its front-end accepts (each request
/// no earlier than its own cycle) and runs until every request has completed.</summary>
public static class SimulationRunner
{
    /// <param name="progress">Called about every 65536 requests with the number submitted so far.</param>
    public static double Run(MemorySystem sys, ITraceSource source, Action<long>? progress = null)
    {
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (source.TryRead(out var r))
        {
            while (sys.TrySubmit(r.Address, r.IsWrite, r.Size, r.Cycle, r.Data.Span) < 0)
                if (!sys.Step()) throw new InvalidOperationException("front-end full and nothing can make progress");
            if ((++n & 0xFFFF) == 0) progress?.Invoke(n);
        }
        sys.RunToCompletion();
        progress?.Invoke(n);
        return sw.Elapsed.TotalSeconds;
    }
}
