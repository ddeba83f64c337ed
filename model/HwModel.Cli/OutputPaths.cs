using HwModel.Config;

namespace HwModel.Cli;

/// <summary>Checks every file a command will write before any work: writable, not a directory, not one of the
/// inputs, not another output (symlinks and hard links resolved).</summary>
/// <remarks>An unwritable --stats-json found after an hour of simulation loses the hour; a --command-trace naming the
/// input trace would empty it before it is read.</remarks>
public sealed class OutputPaths
{
    private readonly List<(string Option, string Path)> _inputs = [];
    private readonly List<(string Option, string Path)> _outputs = [];

    /// <summary>Adds a file the command reads (ignored when null or not a file, such as a preset name).</summary>
    public OutputPaths Input(string option, string? path)
    {
        if (path != null && File.Exists(path)) _inputs.Add((option, path));
        return this;
    }

    /// <summary>Adds a file the command writes (ignored when null).</summary>
    public OutputPaths Output(string option, string? path)
    {
        if (path != null) _outputs.Add((option, path));
        return this;
    }

    /// <summary>Throws a <see cref="ConfigException"/> naming the option, the path and what is wrong.</summary>
    public void Check()
    {
        var seen = new Dictionary<string, string>();
        foreach (var (opt, path) in _inputs) seen.TryAdd(FileIdentity.Of(path), opt);
        foreach (var (opt, path) in _outputs)
        {
            if (path.Length == 0) throw new ConfigException(opt, opt, path, "expected a file name");
            if (Directory.Exists(path)) throw new ConfigException(opt, opt, path, "is a directory; expected a file");
            string full = FileIdentity.Resolve(path);
            string? dir = Path.GetDirectoryName(full);
            if (dir != null && !Directory.Exists(dir))
                throw new ConfigException(opt, opt, path, $"directory {dir} does not exist");
            string id = FileIdentity.Of(path);
            if (seen.TryGetValue(id, out var other))
                throw new ConfigException(opt, opt, path, other == opt || _outputs.Any(o => o.Option == other)
                    ? $"is also the output of {other}; give each output its own file"
                    : $"is the input of {other}; writing it would destroy the input");
            seen[id] = opt;
            Probe(opt, path, full);
        }
    }

    /// <summary>Opens the file for writing without changing it (an existing file keeps its content; a new one is
    /// removed again).</summary>
    private static void Probe(string opt, string path, string full)
    {
        bool existed = File.Exists(full);
        const UnixFileMode anyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        // a file nobody may write is refused even for root, who could open it but would fail at the end (/proc)
        if (existed && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & anyWrite) == 0)
            throw new ConfigException(opt, opt, path, "cannot be written (read-only: no write permission)");
        try
        {
            using (new FileStream(full, existed ? FileMode.Open : FileMode.CreateNew, FileAccess.Write,
                       FileShare.ReadWrite)) { }
            if (!existed) File.Delete(full);
        }
        catch (UnauthorizedAccessException)
        {
            throw new ConfigException(opt, opt, path, "cannot be written (permission denied)");
        }
        catch (IOException e)
        {
            throw new ConfigException(opt, opt, path, $"cannot be written ({e.Message})");
        }
    }
}
