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
        bool runAhead = sys.RunAhead;
        sys.RunAhead = true; // identical results; off by itself when an observer is attached
        long n = 0;
        int got;
        // in chunks, so that the loop is a method called often enough for the JIT's final, profile-guided tier (a
        // loop run once per call would stay in on-stack-replacement code)
        while ((got = RunChunk(sys, source)) > 0)
        {
            long before = n;
            n += got;
            if (progress != null && (n >> 16) != (before >> 16)) progress(n);
        }
        sys.RunToCompletion();
        sys.RunAhead = runAhead;
        progress?.Invoke(n);
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>Submits up to 4,096 requests, stepping the model whenever the front-end is full; returns how many.</summary>
    private static int RunChunk(MemorySystem sys, ITraceSource source)
    {
        int n = 0;
        while (n < 4096 && source.TryRead(out var r))
        {
            while (sys.TrySubmit(r.Address, r.IsWrite, r.Size, r.Cycle, r.Data.Span) < 0)
                if (!sys.Step()) throw new InvalidOperationException("front-end full and nothing can make progress");
            n++;
        }
        return n;
    }
}
