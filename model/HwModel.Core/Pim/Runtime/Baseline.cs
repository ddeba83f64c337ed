using HwModel.Config;
using HwModel.Engine;
using HwModel.Stats;
using HwModel.Traces;

namespace HwModel.Pim.Runtime;

/// <summary>The same HBM without PIM: the host moves every operand across the interface through the timed memory
/// controller; its compute is assumed to keep up (the kernels are memory bound).</summary>
public sealed record BaselineResult(long Cycles, double EnergyPj, double BandwidthGBps, long Bytes, bool Extrapolated, string Note);

public static class Baseline
{
    /// <summary>Largest request count simulated in full; longer transfers are extrapolated from a run of this size.</summary>
    public const long SimulatedRequestLimit = 2_000_000;

    public static MemoryConfig Plain(MemoryConfig c)
    {
        var p = c.Clone();
        p.Pim.Architecture = PimArchitecture.None;
        return p;
    }

    /// <summary>Reads <paramref name="readBytes"/> and writes <paramref name="writeBytes"/>, interleaved in proportion,
    /// over consecutive addresses.</summary>
    public static BaselineResult Transfer(MemoryConfig pimConfig, long readBytes, long writeBytes)
    {
        var c = Plain(pimConfig);
        int burst = c.Org.AccessBytes;
        long reads = (readBytes + burst - 1) / burst, writes = (writeBytes + burst - 1) / burst;
        long total = reads + writes;
        double scale = 1;
        if (total > SimulatedRequestLimit)
        {
            scale = (double)total / SimulatedRequestLimit;
            reads = (long)Math.Round(reads / scale);
            writes = SimulatedRequestLimit - reads;
        }
        var sys = new MemorySystem(c);
        double wall = SimulationRunner.Run(sys, new ReadWriteStream(reads, writes, burst, c.Org.CapacityBytes));
        var rep = ReportBuilder.Build(sys, "baseline", wall);
        long bytes = (reads + writes) * burst;
        double energy = rep.Energy.TotalPj + bytes * 8.0 * pimConfig.Pim.IoPjPerBit;
        long cycles = (long)Math.Ceiling(sys.Now * scale);
        return new BaselineResult(cycles, energy * scale, rep.BandwidthGBps, (long)(bytes * scale), scale > 1,
            scale > 1 ? $"extrapolated from a simulated transfer of {SimulatedRequestLimit:N0} bursts ({rep.BandwidthPercentOfPeak:F1} % of peak)" : $"simulated in full ({rep.BandwidthPercentOfPeak:F1} % of peak)");
    }

    /// <summary>Sequential reads and writes, interleaved so that writes are spread evenly among the reads.</summary>
    private sealed class ReadWriteStream(long reads, long writes, int burst, long capacity) : ITraceSource
    {
        private long _r, _w;
        public string Description => $"{reads} reads + {writes} writes";
        public long Count => reads + writes;
        public bool TryRead(out TraceRecord rec)
        {
            rec = default;
            if (_r >= reads && _w >= writes) return false;
            bool write = _w < writes && (_r >= reads || _w * reads < _r * writes);
            long i = write ? _w++ : _r++;
            rec.Address = (write ? (capacity / 2 + i * burst) : i * burst) % capacity;
            rec.IsWrite = write;
            rec.Size = burst;
            return true;
        }
        public void Dispose() { }
    }
}
