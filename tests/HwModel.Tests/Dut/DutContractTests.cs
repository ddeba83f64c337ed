using HwModel.Bridge.Dut;
using HwModel.Config;
using Xunit;

namespace HwModel.Tests.Dut;

/// <summary>The DUT contract: its header, the port check, lint errors, the generated wrapper, option checks.</summary>
public class DutContractTests
{
    private static string Module(string name, string text) => Paths.Temp(name, text);

    [Fact]
    public void The_committed_header_is_what_the_contract_gives()
    {
        var path = Path.Combine(Paths.Root, DutContract.HeaderPath);
        Assert.Equal(DutContract.Header(), File.ReadAllText(path));
        Assert.All(File.ReadAllLines(path), l => Assert.True(l.Length <= 120, l));
    }

    [Fact]
    public void The_projects_own_pseudo_channel_follows_the_contract()
    {
        var d = RtlDesign.Resolve([Path.Combine(Paths.Root, "rtl", "src")], "hbm_pc");
        var top = VerilatorFrontEnd.Elaborate(d, []);
        Assert.Empty(DesignWrapper.Problems(top));
        Assert.Equal(64, top.Parameters["MAX_BANKS"]);
        var narrowed = VerilatorFrontEnd.Elaborate(d, ["-GMAX_BANKS=32"]);
        Assert.Equal(32, narrowed.Parameters["MAX_BANKS"]);
    }

    [Fact]
    public void Every_port_problem_is_listed_with_the_expected_and_found_shape()
    {
        // bank one bit short, viol an input, rvalid missing, mode (optional) missing: three problems
        var ports = DutContract.Ports.Where(p => p.Name is not ("rvalid" or "mode")).Select(p => p.Name switch
        {
            "bank" => "input wire [4:0] bank",
            "viol" => "input wire [127:0] viol",
            _ => p.Declaration,
        });
        var f = Module("bad_pc.v", $"module bad_pc (\n{string.Join(",\n", ports)}\n);\n" +
            string.Join("", DutContract.Ports.Where(p => !p.Input && p.Name is not ("rvalid" or "mode" or "viol"))
                .Select(p => $"assign {p.Name} = '0;\n")) + "endmodule\n");
        var top = VerilatorFrontEnd.Elaborate(RtlDesign.Resolve([f], "bad_pc"), []);
        var problems = DesignWrapper.Problems(top);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("port bank (") && p.EndsWith("expected input [5:0], found 5 bits"));
        Assert.Contains(problems, p => p.StartsWith("port viol (") && p.Contains("found an input"));
        Assert.Contains(problems, p => p.StartsWith("port rvalid: expected output [0:0]"));
        var e = Assert.Throws<ConfigException>(() => DesignWrapper.Check(top));
        Assert.Contains("DUT contract v1", e.Message);
        Assert.Contains("bad_pc.v:", e.Message);
    }

    [Fact]
    public void A_lint_error_names_its_file_and_line()
    {
        var f = Module("broken.v", "module broken (input wire clk);\n  wire a;\n  assign a = b +;\nendmodule\n");
        var e = Assert.Throws<ConfigException>(() => VerilatorFrontEnd.Lint(RtlDesign.Resolve([f], "broken"), []));
        Assert.Contains("broken.v:3", e.Message);
        Assert.Contains("Verilator lint failed", e.Message);
    }

    [Fact]
    public void The_wrapper_ties_missing_optional_outputs_and_extra_inputs_to_zero()
    {
        var ports = DutContract.Ports.Where(p => p.Name != "mode")
            .Select(p => new DesignPort(p.Name, p.Input, p.Width, "x.v:1"))
            .Append(new DesignPort("scan_en", true, 1, "x.v:2"))
            .Append(new DesignPort("debug", false, 8, "x.v:3")).ToList();
        var top = new DesignTop("my_pc", "x.v:1", ports, new Dictionary<string, long>());
        Assert.Empty(DesignWrapper.Problems(top));
        var v = DesignWrapper.Verilog(top, [new("DEPTH", "8")]);
        Assert.Contains("assign mode = 2'd0;", v);
        Assert.Contains(".scan_en(1'd0)", v);
        Assert.Contains(".debug()", v);
        Assert.Contains("my_pc #(.DEPTH(8)) dut", v);
        Assert.Contains($"module {DesignWrapper.Module} (", v);
    }

    [Theory]
    [InlineData("--rtl", "/no/such/file.v", "hbm_pc", null, "no such file or folder")]
    [InlineData("--top", "rtl/src", "", null, "expected the design's top module")]
    [InlineData("--top", "rtl/src", "1bad", null, "expected a module name")]
    [InlineData("--rtl-param", "rtl/src", "hbm_pc", "MAX_BANKS", "expected NAME=VALUE")]
    [InlineData("--rtl-param", "rtl/src", "hbm_pc", "X=1;$finish", "expected NAME=VALUE")]
    [InlineData("--rtl", "README.md", "hbm_pc", null, "expected a .v or .sv file")]
    public void Bad_design_options_are_refused_before_any_tool_runs(string option, string rtl, string top,
        string? param, string expected)
    {
        string path = Path.IsPathRooted(rtl) ? rtl : Path.Combine(Paths.Root, rtl);
        var e = Assert.Throws<ConfigException>(() => RtlDesign.Resolve([path], top, null, null,
            param == null ? null : [param]));
        Assert.StartsWith(option, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("32'sh40", 64)]
    [InlineData("32'h1f", 31)]
    [InlineData("8'd200", 200)]
    [InlineData("5", 5)]
    [InlineData("4'b1010", 10)]
    public void Verilator_constants_are_read(string text, long value) =>
        Assert.Equal(value, VerilatorFrontEnd.Number(text));

    [Fact]
    public void The_build_hash_follows_sources_options_and_extra_inputs()
    {
        var f = Module("a.v", "module a (input wire clk); endmodule\n");
        var d = RtlDesign.Resolve([f], "a");
        string h = d.Hash(["x"]);
        Assert.Equal(h, RtlDesign.Resolve([f], "a").Hash(["x"]));
        Assert.NotEqual(h, d.Hash(["y"]));
        Assert.NotEqual(h, RtlDesign.Resolve([f], "a", null, ["FAST"]).Hash(["x"]));
        Assert.NotEqual(h, RtlDesign.Resolve([f], "a", null, null, ["W=2"]).Hash(["x"]));
        File.AppendAllText(f, "// changed\n");
        Assert.NotEqual(h, RtlDesign.Resolve([f], "a").Hash(["x"]));
    }
}
