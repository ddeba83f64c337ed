using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;

namespace HwModel.Config;

/// <summary>
/// Loads a configuration from a preset name or a file: TOML (.toml), JSON (.json) or a DRAMSim3 .ini. TOML and JSON
/// files name a preset (<c>preset = "hbm3-6400"</c>) and override any field in sections [org], [timing],
/// [controller], [energy]. Command-line <c>--set field=value</c> overrides come last. The result is validated.
/// </summary>
public static class ConfigLoader
{
    public static MemoryConfig Load(string presetOrFile, IEnumerable<string>? sets = null, List<string>? warnings = null)
    {
        MemoryConfig c;
        string origin;
        if (Directory.Exists(presetOrFile))
            throw new ConfigException(presetOrFile, "--config", presetOrFile,
                "is a directory; expected a preset name or a .toml/.json/.ini file");
        if (File.Exists(presetOrFile))
        {
            origin = presetOrFile;
            var ext = Path.GetExtension(presetOrFile).ToLowerInvariant();
            c = ext switch
            {
                ".toml" => FromToml(Util.BoundedText.ReadAll(presetOrFile), presetOrFile),
                ".json" => FromJson(Util.BoundedText.ReadAll(presetOrFile), presetOrFile),
                ".ini" => DramSim3Importer.Import(presetOrFile, warnings),
                _ => throw new ConfigException(presetOrFile, "file", ext, "expected a .toml, .json or DRAMSim3 .ini file"),
            };
        }
        else if (Presets.Exists(presetOrFile))
        {
            origin = $"preset {presetOrFile}";
            c = Presets.Get(presetOrFile);
        }
        else if (presetOrFile.Contains('/') || presetOrFile.Contains('.'))
            throw new ConfigException(presetOrFile, "--config", presetOrFile, "file not found");
        else
            throw new ConfigException("--config", "--config", presetOrFile, "unknown preset; expected one of " + string.Join(", ", Presets.Names) + ", or a .toml/.json/.ini file");

        bool any = false;
        foreach (var s in sets ?? [])
        {
            ConfigFields.ApplyAssignment(c, s, "--set");
            any = true;
        }
        ConfigValidator.Validate(c, any ? $"{origin} with --set overrides" : origin);
        return c;
    }

    public static MemoryConfig FromToml(string text, string origin)
    {
        TomlTable model;
        try
        {
            model = TomlSerializer.Deserialize(text, ConfigToml.Default.TomlTable)!;
        }
        catch (Exception e) when (e is not ConfigException)
        {
            // Tomlyn reports "(line,column) : error : what"; show it as file:line:column
            var m = System.Text.RegularExpressions.Regex.Match(e.Message, @"\((\d+),(\d+)\)\s*:\s*error\s*:\s*(.*)");
            if (m.Success)
                throw new ConfigException($"{origin}:{m.Groups[1].Value}:{m.Groups[2].Value}", "syntax", null,
                    m.Groups[3].Value.Trim());
            throw new ConfigException(origin, "syntax", null, e.Message);
        }
        string TomlText(string key, object? v) => v as string
            ?? throw new ConfigException(Where(text, origin, key), key, Convert.ToString(v,
                System.Globalization.CultureInfo.InvariantCulture), "expected a string in quotes");
        var c = BaseFrom(model.TryGetValue("preset", out var p) ? TomlText("preset", p) : null, origin);
        foreach (var (key, value) in model)
        {
            if (key == "preset") continue;
            if (key == "name") { c.Name = TomlText(key, value); continue; }
            if (key == "source") { c.Source = TomlText(key, value); continue; }
            if (value is not TomlTable section)
                throw new ConfigException(origin, key, value?.ToString(), "expected a section [org], [timing], [controller] or [energy], or preset/name/source");
            foreach (var (field, v) in section)
            {
                if (v is TomlTable or TomlArray or TomlTableArray)
                    throw new ConfigException(Where(text, origin, field), $"{key}.{field}", null,
                        "expected a single value, not a table or an array");
                SetField(c, key, field, Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "", origin, LineOf(text, field));
            }
        }
        return c;
    }

    public static MemoryConfig FromJson(string text, string origin)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new ConfigException($"{origin}:{(e.LineNumber ?? 0) + 1}", "syntax", null, e.Message); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ConfigException(origin, "root", null, "expected a JSON object");
            string? JsonText(JsonProperty prop) => prop.Value.ValueKind switch
            {
                JsonValueKind.String => prop.Value.GetString(),
                JsonValueKind.Null => null,
                _ => throw new ConfigException(Where(text, origin, "\"" + prop.Name + "\""), prop.Name,
                    prop.Value.GetRawText(), "expected a string"),
            };
            var preset = root.EnumerateObject().Where(q => q.Name == "preset").Select(JsonText).LastOrDefault();
            var c = BaseFrom(preset, origin);
            foreach (var prop in root.EnumerateObject())
            {
                if (prop.Name == "preset") continue;
                if (prop.Name == "name") { c.Name = JsonText(prop) ?? c.Name; continue; }
                if (prop.Name == "source") { c.Source = JsonText(prop) ?? c.Source; continue; }
                if (prop.Value.ValueKind != JsonValueKind.Object)
                    throw new ConfigException(origin, prop.Name, prop.Value.ToString(), "expected an object \"org\", \"timing\", \"controller\" or \"energy\", or preset/name/source");
                foreach (var f in prop.Value.EnumerateObject())
                    SetField(c, prop.Name, f.Name, f.Value.ValueKind == JsonValueKind.String ? f.Value.GetString()! : f.Value.GetRawText(), origin, LineOf(text, "\"" + f.Name + "\""));
            }
            return c;
        }
    }

    private static MemoryConfig BaseFrom(string? preset, string origin)
    {
        if (preset == null) return Presets.Get(Presets.Default);
        if (!Presets.Exists(preset)) throw new ConfigException(origin, "preset", preset, "unknown preset; expected one of " + string.Join(", ", Presets.Names));
        return Presets.Get(preset);
    }

    private static void SetField(MemoryConfig c, string section, string field, string value, string origin, int line)
    {
        string where = line > 0 ? $"{origin}:{line}" : origin;
        var f = ConfigFields.Find($"{section}.{field}", where);
        if (!string.Equals(f.Section, section, StringComparison.OrdinalIgnoreCase))
            throw new ConfigException(where, $"{section}.{field}", value, $"unknown field in [{section}]; did you mean {f.Path}?");
        f.Set(c, value, where);
    }

    private static string Where(string text, string origin, string key) =>
        LineOf(text, key) is > 0 and var n ? $"{origin}:{n}" : origin;

    /// <summary>Best-effort line number of a key in a text file (for error messages).</summary>
    private static int LineOf(string text, string key)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var l = lines[i].TrimStart();
            if (l.StartsWith(key, StringComparison.Ordinal) && l.Length > key.Length && (l[key.Length] is ' ' or '=' or ':' or '\t' or '"'))
                return i + 1;
        }
        return 0;
    }
}
