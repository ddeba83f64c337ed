namespace HwModel.Tests;

public static class Paths
{
    /// <summary>The repository root (found from the test assembly's folder).</summary>
    public static string Root
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "HwModel.sln"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static string Testbench(params string[] parts) => Path.Combine([Root, "testbenches", .. parts]);

    public static string Temp(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "hwmodel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var p = Path.Combine(dir, name);
        File.WriteAllText(p, content);
        return p;
    }
}
