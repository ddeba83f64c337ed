using System.Text;
using HwModel.Config;
using HwModel.Controller;
using HwModel.Engine;
using HwModel.Spec;

namespace HwModel.Waves;

/// <summary>The timeline and waveform files of one run: a recorder per part (a channel's model, or one for a
/// whole PIM engine), and the files assembled from them when the run ends, however it ends.</summary>
/// <remarks>Timeline parts stream to temporary files beside the output, so a long run does not hold its events in
/// memory; <see cref="Finish"/> runs from a finally block, so an interrupted or failed run still leaves complete
/// files.</remarks>
public sealed class WaveOutputs : IDisposable
{
    private readonly MemoryConfig _cfg;
    private readonly WaveWindow _window;
    private readonly string? _timeline, _vcd;
    private readonly string[] _partFiles = [];
    private readonly StreamWriter?[] _writers = [];
    private readonly TimelineRecorder?[] _timelines;
    private readonly VcdRecorder?[] _vcds;
    private readonly VcdLayout? _layout;
    private bool _finished;

    /// <summary>What the files describe (the workload line of their headers).</summary>
    public string Workload { get; set; } = "";

    /// <param name="parts">How many independent command streams feed the files (their recorders are separate, so
    /// each may run on its own thread).</param>
    /// <param name="bucketCycles">Cycles per bandwidth sample on the timeline.</param>
    public WaveOutputs(MemoryConfig cfg, TimingTable table, WaveWindow window, string? timeline, string? vcd,
        int parts, long bucketCycles = 1000)
    {
        _cfg = cfg;
        _window = window;
        _timeline = timeline;
        _vcd = vcd;
        var spans = new CommandSpans(cfg, table);
        _timelines = new TimelineRecorder?[parts];
        _vcds = new VcdRecorder?[parts];
        if (timeline != null)
        {
            _partFiles = [.. Enumerable.Range(0, parts).Select(i => $"{timeline}.part{i}.tmp")];
            _writers = new StreamWriter?[parts];
            for (int i = 0; i < parts; i++)
            {
                _writers[i] = new StreamWriter(_partFiles[i], false, new UTF8Encoding(false), 1 << 16);
                _timelines[i] = new TimelineRecorder(cfg, spans, window, _writers[i]!, bucketCycles);
            }
        }
        if (vcd != null)
        {
            _layout = new VcdLayout(cfg, window);
            for (int i = 0; i < parts; i++) _vcds[i] = new VcdRecorder(_layout, spans, window, $"{vcd}.part{i}.tmp");
        }
    }

    public bool Any => _timeline != null || _vcd != null;

    /// <summary>The observer of one part (null when neither file is asked for).</summary>
    public ICommandObserver? For(int part)
    {
        ICommandObserver? t = _timelines[part], v = _vcds[part];
        return t != null && v != null ? new CommandFanOut(t, v) : t ?? v;
    }

    /// <summary>Adds this part's recorders to an observer already attached (a checker, a scoreboard).</summary>
    public ICommandObserver? With(int part, ICommandObserver? existing) =>
        For(part) is not { } mine ? existing : existing == null ? mine : new CommandFanOut(existing, mine);

    /// <summary>Lets the timeline show this part's queue depths and refresh debts.</summary>
    public void Controllers(int part, IReadOnlyList<PseudoChannelController> controllers)
    {
        if (_timelines[part] is { } t) t.Controllers = controllers;
    }

    /// <summary>Writes both files; safe to call more than once and from a finally block.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        if (_timeline != null)
        {
            try
            {
                for (int i = 0; i < _timelines.Length; i++)
                {
                    _timelines[i]?.Finish();
                    _writers[i]?.Dispose();
                }
                using var output = new StreamWriter(_timeline, false, new UTF8Encoding(false), 1 << 16);
                TimelineFile.Write(output, _cfg, _window, _partFiles, Workload);
            }
            finally
            {
                foreach (var f in _partFiles) File.Delete(f);
            }
        }
        if (_vcd != null)
        {
            try
            {
                using var output = new StreamWriter(_vcd, false, new UTF8Encoding(false), 1 << 16);
                VcdFile.Write(output, _cfg, _window, _layout!, [.. _vcds.OfType<VcdRecorder>()], Workload);
            }
            finally
            {
                foreach (var v in _vcds) v?.Dispose();
            }
        }
    }

    public void Dispose() => Finish();
}
