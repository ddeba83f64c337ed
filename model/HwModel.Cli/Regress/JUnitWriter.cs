using System.Globalization;
using System.Xml;

namespace HwModel.Cli.Regress;

/// <summary>Writes a summary as JUnit XML: a testsuite per suite, a testcase per scenario.</summary>
/// <remarks>Every failure's message carries the seed and the replay command, because some CI dashboards show
/// neither properties nor the body.</remarks>
public static class JUnitWriter
{
    public static void Write(RegressSummary s, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var x = XmlWriter.Create(path, settings);
        x.WriteStartDocument();
        x.WriteStartElement("testsuites");
        x.WriteAttributeString("name", "hwmodel regress");
        Counts(x, s.Scenarios, s.WallSeconds);
        foreach (var suite in s.Scenarios.GroupBy(c => c.Suite))
        {
            x.WriteStartElement("testsuite");
            x.WriteAttributeString("name", suite.Key);
            Counts(x, [.. suite], suite.Sum(c => c.WallSeconds));
            x.WriteStartElement("properties");
            Prop(x, "seed", s.Seed.ToString(CultureInfo.InvariantCulture));
            Prop(x, "shard", s.Shard);
            x.WriteEndElement();
            foreach (var c in suite)
            {
                x.WriteStartElement("testcase");
                x.WriteAttributeString("classname", c.Suite);
                x.WriteAttributeString("name", c.Name);
                x.WriteAttributeString("time", c.WallSeconds.ToString("F3", CultureInfo.InvariantCulture));
                x.WriteStartElement("properties");
                Prop(x, "seed", c.Seed.ToString(CultureInfo.InvariantCulture));
                Prop(x, "tags", string.Join(",", c.Tags));
                Prop(x, "config", c.Config);
                Prop(x, "workload", c.Workload);
                Prop(x, "golden", c.GoldenStatus);
                x.WriteEndElement();
                string tail = $" (seed {c.Seed}; replay: {c.Replay})";
                switch (c.Status)
                {
                    case "failed":
                        x.WriteStartElement("failure");
                        x.WriteAttributeString("message", c.Failures[0] + tail);
                        x.WriteAttributeString("type", "check");
                        x.WriteString(string.Join("\n", c.Failures) + "\n" + tail.Trim());
                        x.WriteEndElement();
                        break;
                    case "error":
                        x.WriteStartElement("error");
                        x.WriteAttributeString("message", c.Error + tail);
                        x.WriteAttributeString("type", "error");
                        x.WriteString(c.Error + "\n" + tail.Trim());
                        x.WriteEndElement();
                        break;
                    case "skipped":
                        x.WriteStartElement("skipped");
                        x.WriteAttributeString("message", "interrupted before it started");
                        x.WriteEndElement();
                        break;
                }
                x.WriteElementString("system-out", string.Join("\n",
                    c.Metrics.Select(kv => $"{kv.Key} = {ScenarioRunner.Fmt(kv.Value)}")));
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        x.WriteEndElement();
    }

    private static void Counts(XmlWriter x, IReadOnlyList<ScenarioResult> c, double seconds)
    {
        x.WriteAttributeString("tests", c.Count.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("failures", c.Count(r => r.Status == "failed").ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("errors", c.Count(r => r.Status == "error").ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("skipped", c.Count(r => r.Status == "skipped").ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("time", seconds.ToString("F3", CultureInfo.InvariantCulture));
    }

    private static void Prop(XmlWriter x, string name, string value)
    {
        x.WriteStartElement("property");
        x.WriteAttributeString("name", name);
        x.WriteAttributeString("value", value);
        x.WriteEndElement();
    }
}
