using System.CommandLine;
using System.Globalization;
using HwModel.Config;
using Spectre.Console;

namespace HwModel.Cli;

/// <summary><c>hwmodel presets</c>: lists presets with their sources; <c>--show NAME</c> prints every field; <c>--fields</c> documents fields.</summary>
public static class PresetsCommand
{
    public static Command Build()
    {
        var show = new Option<string?>("--show") { Description = "print every field of a preset or config file" };
        var fields = new Option<bool>("--fields") { Description = "list every configurable field with its unit" };
        var timing = new Option<string?>("--timing") { Description = "print the timing-constraint table of a preset or config file" };
        var cmd = new Command("presets", "list the built-in configurations") { show, fields, timing, RunCommand.Set };
        cmd.SetAction(pr => Cli.Guard(() =>
        {
            if (pr.GetValue(fields))
            {
                var t = new Table().AddColumns("field", "unit", "meaning");
                foreach (var f in ConfigFields.All) t.AddRow(f.Path, Markup.Escape(f.Unit), Markup.Escape(f.Description));
                AnsiConsole.Write(t);
                return 0;
            }
            if (pr.GetValue(timing) is { } tn)
            {
                var c = ConfigLoader.Load(tn, pr.GetValue(RunCommand.Set));
                var t = new Table().AddColumns("rule", "scope", "preceding", "following", "cycles", "window", "formula");
                foreach (var r in Spec.TimingTable.For(c).Constraints)
                    t.AddRow(r.Name, r.Scope + (r.Sibling ? " (other)" : ""), string.Join(" ", r.Preceding), string.Join(" ", r.Following),
                        r.LatencyCycles.ToString(CultureInfo.InvariantCulture), r.Window > 1 ? r.Window.ToString(CultureInfo.InvariantCulture) : "", Markup.Escape(r.Formula));
                if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
                AnsiConsole.Write(t);
                return 0;
            }
            if (pr.GetValue(show) is { } name)
            {
                var c = ConfigLoader.Load(name, pr.GetValue(RunCommand.Set));
                Console.WriteLine($"# {c.Name}: {c.Source}");
                string? section = null;
                foreach (var f in ConfigFields.All)
                {
                    if (f.Section != section) { section = f.Section; Console.WriteLine($"[{section}]"); }
                    var v = f.Get(c);
                    string s = v switch
                    {
                        string str => $"\"{str}\"",
                        bool b => b ? "true" : "false",
                        Enum e => $"\"{e}\"",
                        IFormattable fo => fo.ToString(null, CultureInfo.InvariantCulture),
                        _ => v?.ToString() ?? "",
                    };
                    Console.WriteLine($"{f.Name} = {s}  # {f.Unit}");
                }
                return 0;
            }
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
            // the sources are long prose: printed in full below the table as plain lines, since measuring wrapped
            // cells is most of this command's time
            var table = new Table().AddColumns("preset", "standard", "organisation", "peak GB/s");
            var sources = new List<string>();
            foreach (var n in Presets.Names)
            {
                var c = Presets.Get(n);
                var o = c.Org;
                table.AddRow(n, o.Standard.ToString(),
                    $"{o.Channels} ch x {o.PseudoChannels} pc x {o.StackIds} sid x "
                    + $"{o.BankGroups}x{o.BanksPerGroup} banks, "
                    + $"{o.BusWidthBits}-bit, {o.DataRateMbps / 1000:0.0} Gb/s, {o.CapacityBytes >> 30} GiB",
                    o.PeakBandwidthGBps.ToString("0.0", CultureInfo.InvariantCulture));
                sources.Add($"{n}: {c.Source}");
            }
            AnsiConsole.Write(table);
            Console.WriteLine("sources:");
            foreach (var line in sources) Console.WriteLine("  " + line);
            return 0;
        }));
        return cmd;
    }
}
