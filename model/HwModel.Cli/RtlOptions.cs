using System.CommandLine;
using HwModel.Bridge.Dut;

namespace HwModel.Cli;

/// <summary>The options that bring a team's design (<c>--rtl --top --rtl-include --rtl-define --rtl-param</c>),
/// shared by <c>cosim</c> and <c>verify</c>.</summary>
public static class RtlOptions
{
    public static readonly Option<string[]> Rtl = new("--rtl")
    {
        Description = "your design: Verilog/SystemVerilog files or a folder of them (built into the RTL server, " +
            "cached; docs/rtl-contract.md)",
        AllowMultipleArgumentsPerToken = true,
    };
    public static readonly Option<string?> Top = new("--top") { Description = "with --rtl: the design's top module" };
    public static readonly Option<string[]> Include = new("--rtl-include")
    {
        Description = "with --rtl: an include folder (repeatable)",
    };
    public static readonly Option<string[]> Define = new("--rtl-define")
    {
        Description = "with --rtl: a define NAME or NAME=VALUE (repeatable)",
    };
    public static readonly Option<string[]> Param = new("--rtl-param")
    {
        Description = "with --rtl: a parameter of the top, NAME=VALUE (repeatable)",
    };

    public static IEnumerable<Option> All => [Rtl, Top, Include, Define, Param];

    /// <summary>The design the options name, checked (files, names, values), or null without <c>--rtl</c>.</summary>
    public static RtlDesign? Parse(ParseResult pr)
    {
        var rtl = pr.GetValue(Rtl) ?? [];
        if (rtl.Length == 0)
        {
            foreach (var o in new Option[] { Top, Include, Define, Param })
                if (pr.GetResult(o) is { Implicit: false })
                    throw new Config.ConfigException(o.Name, o.Name, null, "applies only with --rtl");
            return null;
        }
        return RtlDesign.Resolve(rtl, pr.GetValue(Top), pr.GetValue(Include), pr.GetValue(Define),
            pr.GetValue(Param));
    }
}
