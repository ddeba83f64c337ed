using System.Diagnostics;

namespace HwModel.Bridge;

/// <summary>Builds the Verilated RTL server (CMake, Release) when it is missing or older than its sources.</summary>
public static class RtlBuild
{
    /// <summary>Longest a build step may take before it counts as hung (the full build takes about 5
    /// minutes).</summary>
    public const int BuildMinutes = 30;

    /// <summary>The repository root: HWMODEL_ROOT, or the nearest folder above the program holding HwModel.sln.</summary>
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("HWMODEL_ROOT") is { Length: > 0 } r) return r;
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "HwModel.sln"))) return d.FullName;
            throw new RtlException("cannot find the repository (HwModel.sln) above " + AppContext.BaseDirectory + "; set HWMODEL_ROOT");
        }
    }

    public static string ServerPath => Path.Combine(Root, "rtl", "build", "hwmodel-rtl-server");

    private static IEnumerable<string> Sources()
    {
        var root = Root;
        foreach (var dir in new[] { "rtl/src", "rtl/server" })
            foreach (var f in Directory.EnumerateFiles(Path.Combine(root, dir)))
                yield return f;
        yield return Path.Combine(root, "bridge", "proto", "cosim.proto");
    }

    public static bool UpToDate()
    {
        var bin = ServerPath;
        if (!File.Exists(bin)) return false;
        var t = File.GetLastWriteTimeUtc(bin);
        return Sources().All(s => File.GetLastWriteTimeUtc(s) <= t);
    }

    private static readonly object Lock = new();

    /// <summary>Returns the server binary, building it first if needed (about 1.5 minutes on 2 cores).</summary>
    public static string EnsureBuilt(TextWriter? log = null)
    {
        lock (Lock)
        {
            if (UpToDate()) return ServerPath;
            log ??= Console.Error;
            foreach (var tool in new[] { "verilator", "cmake", "protoc", "grpc_cpp_plugin", "pkg-config" })
                if (!OnPath(tool))
                    throw new RtlException($"building the RTL server needs '{tool}'; install: apt-get install -y verilator libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler pkg-config cmake ninja-build");
            string build = Path.Combine(Root, "rtl", "build");
            Directory.CreateDirectory(build);
            log.WriteLine("hwmodel: building the RTL server (Verilator + gRPC, Release) in rtl/build ...");
            var gen = OnPath("ninja") ? new[] { "-G", "Ninja" } : [];
            if (!File.Exists(Path.Combine(build, "CMakeCache.txt")))
                Run("cmake", [.. gen, "-DCMAKE_BUILD_TYPE=Release", Path.Combine(Root, "rtl", "server")], build, log);
            Run("cmake", ["--build", ".", "--parallel", Environment.ProcessorCount.ToString()], build, log);
            if (!File.Exists(ServerPath)) throw new RtlException("the RTL build finished without producing " + ServerPath);
            File.SetLastWriteTimeUtc(ServerPath, DateTime.UtcNow);
            return ServerPath;
        }
    }

    internal static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    internal static void Run(string exe, string[] args, string dir, TextWriter log)
    {
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        int code;
        string text;
        try
        {
            var (c, o, e) = ChildProcess.Run(psi, TimeSpan.FromMinutes(BuildMinutes));
            code = c; text = o + e;
        }
        catch (TimeoutException e) { throw new RtlException($"{exe} {string.Join(' ', args)}: {e.Message}"); }
        if (code != 0)
        {
            throw new RtlException($"{exe} {string.Join(' ', args)} failed (exit {code}):\n" +
                (text.Length > 4000 ? text[^4000..] : text));
        }
    }
}

/// <summary>A co-simulation failure: the RTL server could not be built, started, reached, or it died or hung.</summary>
public sealed class RtlException(string message, Exception? inner = null) : Exception(message, inner);
