using System.Globalization;
using System.Xml;
using HwModel.Bridge.Verify;

namespace HwModel.Cli.Verify;

/// <summary>Writes a campaign as JUnit XML: a testcase per case, each failure with its seed, shrunk sequence and
/// the replay command in its message.</summary>
public static class VerifyJUnit
{
    public static void Write(CampaignResult r, string path, string config, ulong seed, string shard,
        Func<long, string> replay)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var x = XmlWriter.Create(path, settings);
        x.WriteStartDocument();
        x.WriteStartElement("testsuites");
        x.WriteAttributeString("name", "hwmodel verify");
        x.WriteStartElement("testsuite");
        x.WriteAttributeString("name", $"verify {config}");
        x.WriteAttributeString("tests", r.Cases.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("failures", r.Failed.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("errors", "0");
        x.WriteAttributeString("time", r.Seconds.ToString("F3", CultureInfo.InvariantCulture));
        x.WriteStartElement("properties");
        Prop(x, "seed", seed.ToString(CultureInfo.InvariantCulture));
        Prop(x, "shard", shard);
        Prop(x, "coverage", r.Coverage.Percent.ToString("F1", CultureInfo.InvariantCulture));
        x.WriteEndElement();
        var shrunk = r.Failures.ToDictionary(f => f.Original.Index);
        foreach (var (index, passed, seconds, fault) in r.PerCase)
        {
            x.WriteStartElement("testcase");
            x.WriteAttributeString("classname", $"verify.{config}");
            x.WriteAttributeString("name", $"case-{index}{(fault != null ? " (illegal)" : "")}");
            x.WriteAttributeString("time", seconds.ToString("F4", CultureInfo.InvariantCulture));
            if (!passed)
            {
                x.WriteStartElement("failure");
                string msg = $"seed {seed} case {index}; replay: {replay(index)}";
                if (shrunk.TryGetValue(index, out var f)) msg = $"{f.Outcome.Detail} ({msg})";
                x.WriteAttributeString("message", msg);
                if (f != null) x.WriteString(string.Join("\n", f.Lines()));
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void Prop(XmlWriter x, string name, string value)
    {
        x.WriteStartElement("property");
        x.WriteAttributeString("name", name);
        x.WriteAttributeString("value", value);
        x.WriteEndElement();
    }
}
