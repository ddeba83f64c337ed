namespace HwModel.Cli.Regress;

/// <summary>A TOML table whose entries keep their written order and line.</summary>
public sealed class TomlTableNode
{
    private readonly List<(string Key, TomlNode Value)> _entries = [];
    public int Line { get; init; }
    public IReadOnlyList<(string Key, TomlNode Value)> Entries => _entries;
    public TomlNode? Find(string key) => _entries.FirstOrDefault(e => e.Key == key).Value;
    public void Add(string key, TomlNode value) => _entries.Add((key, value));
}
