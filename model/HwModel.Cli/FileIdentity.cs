using System.Runtime.InteropServices;

namespace HwModel.Cli;

/// <summary>What makes two paths the same file: device and inode from stat(2), so symlinks and hard links
/// count.</summary>
/// <remarks>A path that does not exist yet is known by its full path with symlinks resolved.</remarks>
public static class FileIdentity
{
    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat(byte[] path, byte[] buffer);

    /// <summary>"dev:ino" of an existing file, else its resolved full path.</summary>
    public static string Of(string path)
    {
        string full = Resolve(path);
        if (OperatingSystem.IsLinux() && File.Exists(full))
        {
            try
            {
                var buf = new byte[256];
                var name = System.Text.Encoding.UTF8.GetBytes(full + "\0");
                // struct stat on Linux (x86-64 and arm64) begins with st_dev, then st_ino, both 64-bit
                if (Stat(name, buf) == 0)
                    return $"{BitConverter.ToUInt64(buf, 0)}:{BitConverter.ToUInt64(buf, 8)}";
            }
            catch (EntryPointNotFoundException) { }
            catch (DllNotFoundException) { }
        }
        return full;
    }

    /// <summary>The full path with every symlink in it followed (as far as the links exist).</summary>
    public static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget != null && info.ResolveLinkTarget(returnFinalTarget: true) is { } t) full = t.FullName;
        string? dir = Path.GetDirectoryName(full);
        if (dir == null) return full;
        var d = new DirectoryInfo(dir);
        string resolvedDir = d.Exists && d.LinkTarget != null && d.ResolveLinkTarget(true) is { } dt ? dt.FullName
            : dir == Path.GetPathRoot(dir) ? dir : Resolve(dir);
        return Path.Combine(resolvedDir, Path.GetFileName(full));
    }
}
