using System.Diagnostics;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using HwModel.Bridge.Wire;
using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Bridge;

public static class Protocol
{
    /// <summary>The wire protocol this client speaks (bridge/proto/cosim.proto); the server refuses any other.</summary>
    public const uint Version = (uint)Wire.ProtocolVersion.Current;
}

/// <summary>How to start and talk to the RTL server.</summary>
public sealed class RtlServerOptions
{
    public string? ServerPath { get; set; }
    /// <summary>Listen on a fresh unix socket instead of 127.0.0.1:0.</summary>
    public bool UnixSocket { get; set; }
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Deadline of every unary call.</summary>
    public TimeSpan CallDeadline { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long a command batch may take before the server is probed (heartbeat) and declared hung.</summary>
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromSeconds(3);
    public string? VcdPath { get; set; }
    /// <summary>Verilator coverage data the server writes when it exits (a build with coverage only).</summary>
    public string? CoveragePath { get; set; }
    public long VcdFromCycle { get; set; }
    public long VcdToCycle { get; set; } = long.MaxValue;
    public int VcdPseudoChannel { get; set; }
    /// <summary>Test hook: the server stops answering after this many commands.</summary>
    public long DebugHangAfter { get; set; } = -1;
    /// <summary>The version announced in the handshake (tests announce a wrong one).</summary>
    public uint ProtocolVersion { get; set; } = Protocol.Version;
    public TextWriter? BuildLog { get; set; }
}

/// <summary>
/// Owns one RTL server process: spawns it, waits for its READY line, connects, checks the protocol version and
/// design parameters, configures the timing table, and shuts it down (close stdin, wait, kill). Every call has a
/// deadline; a dead or hung server becomes an <see cref="RtlException"/> naming what was last acknowledged.
/// </summary>
public sealed class RtlServer : IDisposable
{
    private readonly Process _proc;
    private readonly GrpcChannel _channel;
    private readonly string? _socketPath;
    public RtlSim.RtlSimClient Client { get; }
    public RtlServerOptions Options { get; }
    public HandshakeReply Design { get; }
    public string Address { get; }
    private readonly List<string> _stderr = [];

    private RtlServer(Process proc, GrpcChannel channel, string address, string? socket, RtlServerOptions o, HandshakeReply design)
    {
        _proc = proc; _channel = channel; Address = address; _socketPath = socket; Options = o; Design = design;
        Client = new RtlSim.RtlSimClient(channel);
    }

    public bool HasExited => _proc.HasExited;
    public int? ExitCode => _proc.HasExited ? _proc.ExitCode : null;
    public string StandardError { get { lock (_stderr) return string.Join(Environment.NewLine, _stderr); } }

    public static RtlServer Start(RtlServerOptions? options = null)
    {
        var o = options ?? new RtlServerOptions();
        string exe = o.ServerPath ?? RtlBuild.EnsureBuilt(o.BuildLog);
        string? socket = o.UnixSocket ? Path.Combine(Path.GetTempPath(), $"hwmodel-rtl-{Environment.ProcessId}-{Guid.NewGuid():N}.sock") : null;
        var psi = new ProcessStartInfo(exe) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--listen");
        psi.ArgumentList.Add(socket != null ? "unix:" + socket : "127.0.0.1:0");
        if (o.VcdPath != null)
        {
            psi.ArgumentList.Add("--vcd"); psi.ArgumentList.Add(o.VcdPath);
            psi.ArgumentList.Add("--vcd-window"); psi.ArgumentList.Add($"{o.VcdFromCycle}:{o.VcdToCycle}");
            psi.ArgumentList.Add("--vcd-pc"); psi.ArgumentList.Add(o.VcdPseudoChannel.ToString());
        }
        if (o.CoveragePath != null) { psi.ArgumentList.Add("--coverage"); psi.ArgumentList.Add(o.CoveragePath); }
        if (o.DebugHangAfter >= 0) { psi.ArgumentList.Add("--debug-hang-after"); psi.ArgumentList.Add(o.DebugHangAfter.ToString()); }
        var proc = ChildProcess.Start(psi);
        var errLines = new List<string>();
        proc.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (errLines) errLines.Add(e.Data); };
        proc.BeginErrorReadLine();
        var readLine = proc.StandardOutput.ReadLineAsync();
        if (!readLine.Wait(o.StartTimeout) || readLine.Result is not { } line || !line.StartsWith("READY ", StringComparison.Ordinal))
        {
            try { proc.Kill(true); } catch (InvalidOperationException) { }
            string err; lock (errLines) err = string.Join("; ", errLines);
            throw new RtlException($"the RTL server did not report READY within {o.StartTimeout.TotalSeconds:0} s{(err.Length > 0 ? ": " + err : "")}");
        }
        string address = line[6..].Trim();
        // result batches carry 32 bytes of read data per read: a stream window far above HTTP/2's 64 KB default keeps
        // the server from waiting for window updates in the middle of a batch
        var handler = new SocketsHttpHandler { InitialHttp2StreamWindowSize = 16 << 20 };
        if (socket != null)
            handler.ConnectCallback = async (_, ct) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                return new NetworkStream(s, ownsSocket: true);
            };
        var channel = GrpcChannel.ForAddress(socket != null ? "http://localhost" : "http://" + address,
            new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 256 << 20, MaxSendMessageSize = 256 << 20 });
        var client = new RtlSim.RtlSimClient(channel);
        HandshakeReply reply;
        try
        {
            reply = client.Handshake(new HandshakeRequest { ProtocolVersion = o.ProtocolVersion, Client = "HwModel.Bridge" }, deadline: DateTime.UtcNow + o.CallDeadline);
        }
        catch (RpcException e)
        {
            try { proc.Kill(true); } catch (InvalidOperationException) { }
            throw new RtlException($"handshake with the RTL server at {address} failed: {e.Status.Detail}", e);
        }
        var server = new RtlServer(proc, channel, address, socket, o, reply);
        lock (errLines) server._stderr.AddRange(errLines);
        proc.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (server._stderr) server._stderr.Add(e.Data); };
        if (!reply.Accepted)
        {
            server.Dispose();
            throw new RtlException("the RTL server refused the connection: " + reply.Message);
        }
        return server;
    }

    /// <summary>Whether the configuration runs on the RTL slice with HBM-PIM units.</summary>
    public static bool UsesPimSlice(MemoryConfig c) => c.Pim.Architecture == PimArchitecture.HbmPim;

    /// <summary>Banks per pseudo-channel the slice that runs <paramref name="c"/> holds.</summary>
    public uint MaxBanks(MemoryConfig c) => UsesPimSlice(c) && Design.PimMaxBanks > 0 ? Design.PimMaxBanks
        : Design.MaxBanks;

    /// <summary>Rows per bank the slice that runs <paramref name="c"/> stores (row addresses wrap modulo
    /// this).</summary>
    public uint StoredRows(MemoryConfig c) =>
        UsesPimSlice(c) && Design.PimStoredRows > 0 ? Design.PimStoredRows : Design.StoredRows;

    /// <summary>Loads the configuration's timing table and organisation into the RTL (resets its state). With
    /// <paramref name="instantiateAll"/> every pseudo-channel's RTL instance is built now (its data array allocated
    /// and cleared) instead of on its first command, so that a timed run measures commands, not set-up. With
    /// <paramref name="keepInstances"/> the instances already built are reset instead of discarded (their data
    /// arrays keep their contents): the cheap reset between verification cases.</summary>
    public void Configure(MemoryConfig c, bool instantiateAll = false, bool keepInstances = false)
    {
        var o = c.Org;
        if (o.AccessBytes * 8 != Design.BurstBits)
            throw new ConfigException("--config", "--config", c.Name,
                $"{c.Name}: a burst is {o.AccessBytes * 8} bits, the RTL's is {Design.BurstBits}; " +
                "co-simulation needs 256-bit bursts (pseudo-channel presets)");
        uint maxBanks = MaxBanks(c);
        if (o.BanksPerPseudoChannel > maxBanks)
            throw new ConfigException("--config", "--config", c.Name,
                $"{c.Name}: {o.BanksPerPseudoChannel} banks per pseudo-channel, the RTL " +
                $"{(UsesPimSlice(c) ? "HBM-PIM slice" : "slice")} holds {maxBanks}");
        if (o.Columns != Design.Columns)
            throw new ConfigException("--config", "--config", c.Name,
                $"{c.Name}: {o.Columns} columns per row, the RTL has {Design.Columns}");
        var req = new ConfigureRequest
        {
            Banks = (uint)o.BanksPerPseudoChannel,
            BankGroupShift = (uint)System.Numerics.BitOperations.Log2((uint)o.BanksPerGroup),
            StackIdShift = (uint)System.Numerics.BitOperations.Log2((uint)o.BanksPerStackId),
            ActHalfCycles = (uint)o.ActHalfCycles,
            RowHalfCycles = (uint)o.RowCmdHalfCycles,
            Pim = UsesPimSlice(c),
            Rows = (uint)o.Rows,
            PseudoChannels = (uint)o.PseudoChannelsTotal,
            InstantiateAll = instantiateAll,
            KeepInstances = keepInstances,
        };
        foreach (var r in TimingTable.For(c).Constraints) req.Rules.Add(ToWire(r));
        var rep = Call(() => Client.Configure(req, deadline: Deadline()), "configure");
        if (!rep.Ok) throw new RtlException("the RTL server rejected the configuration: " + rep.Message);
    }

    public static Rule ToWire(TimingConstraint r) => new()
    {
        Scope = (uint)r.Scope,
        PrecedingMask = r.Preceding.Aggregate(0u, (m, c) => m | 1u << (int)c),
        FollowingMask = r.Following.Aggregate(0u, (m, c) => m | 1u << (int)c),
        LatencyCycles = (uint)r.LatencyCycles,
        Window = (uint)r.Window,
        Sibling = r.Sibling,
        Name = r.Name,
    };

    public void Preload(IEnumerable<(int Pc, int Bank, int Row, int Col, byte[] Data)> bursts)
    {
        var req = new PreloadRequest();
        var data = new MemoryStream();
        void Send()
        {
            if (req.PseudoChannel.Count == 0) return;
            req.Data = Google.Protobuf.ByteString.CopyFrom(data.ToArray());
            Call(() => Client.Preload(req, deadline: Deadline()), "preload");
            req = new PreloadRequest();
            data.SetLength(0);
        }
        foreach (var (pc, bank, row, col, bytes) in bursts)
        {
            req.PseudoChannel.Add((uint)pc); req.Bank.Add((uint)bank); req.Row.Add((uint)row); req.Column.Add((uint)col);
            data.Write(bytes, 0, 32);
            if (req.PseudoChannel.Count == 65536) Send();
        }
        Send();
    }

    public Pong Heartbeat(TimeSpan? deadline = null) =>
        Call(() => Client.Heartbeat(new Ping { Nonce = 1 }, deadline: DateTime.UtcNow + (deadline ?? Options.CallDeadline)), "heartbeat");

    public DateTime Deadline() => DateTime.UtcNow + Options.CallDeadline;

    public T Call<T>(Func<T> f, string what)
    {
        try { return f(); }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            Kill();
            throw new RtlException($"the RTL server did not answer '{what}' within {Options.CallDeadline.TotalSeconds:0.#} s (deadline exceeded); it was killed", e);
        }
        catch (RpcException e)
        {
            throw new RtlException(HasExited ? $"the RTL server died (exit code {ExitCode}) during '{what}'{Tail()}" : $"'{what}' failed: {e.Status.Detail}", e);
        }
    }

    internal string Tail() { var s = StandardError; return s.Length > 0 ? ": " + (s.Length > 500 ? s[^500..] : s) : ""; }

    public void Kill()
    {
        try { if (!_proc.HasExited) _proc.Kill(true); } catch (InvalidOperationException) { }
    }

    /// <summary>Clean shutdown: close stdin (the server exits), wait up to 2 s, then kill.</summary>
    public void Dispose()
    {
        try { _proc.StandardInput.Close(); } catch (IOException) { }
        if (!_proc.WaitForExit(2000)) Kill();
        _channel.Dispose();
        _proc.Dispose();
        if (_socketPath != null) try { File.Delete(_socketPath); } catch (IOException) { }
    }
}
