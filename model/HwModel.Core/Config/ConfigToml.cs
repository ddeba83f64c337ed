using Tomlyn.Model;
using Tomlyn.Serialization;

namespace HwModel.Config;

/// <summary>The source-generated TOML reader of config files (a plain table model, read field by field).</summary>
/// <remarks>Generated at build time so that the ahead-of-time compiled CLI reads TOML without reflection.</remarks>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ConfigToml : TomlSerializerContext;
