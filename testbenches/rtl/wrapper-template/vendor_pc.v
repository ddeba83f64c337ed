// A stand-in for a team's pseudo-channel whose ports differ from the DUT contract (active-low reset, a packed
// address, prefixed names, no PIM outputs): it wraps the project's hbm_pc so the example runs, but the adapter
// beside it sees only these ports. Replace it with your design.
module vendor_pc #(
    parameter BANKS = 64,
    parameter ROWS_KEPT = 256
) (
    input  wire         i_clk,
    input  wire         i_rst_n,
    input  wire         i_cfg_valid,
    input  wire [7:0]   i_cfg_addr,
    input  wire [87:0]  i_cfg_data,
    input  wire         i_load_valid,
    input  wire [26:0]  i_load_addr,   // {bank[5:0], row[15:0], col[4:0]}
    input  wire [255:0] i_load_data,
    input  wire         i_cmd_valid,
    input  wire [4:0]   i_cmd_code,
    input  wire [26:0]  i_cmd_addr,    // {bank[5:0], row[15:0], col[4:0]}
    input  wire [63:0]  i_cmd_cycle,
    input  wire         i_cmd_half,
    input  wire         i_cmd_sched,
    input  wire [255:0] i_wr_data,
    output wire [63:0]  o_issue_cycle,
    output wire         o_issue_half,
    output wire [255:0] o_rd_data,
    output wire         o_rd_valid,
    output wire [127:0] o_flags
);
    /* verilator lint_off PINCONNECTEMPTY */
    hbm_pc #(.MAX_BANKS(BANKS), .STORED_ROWS(ROWS_KEPT), .PIM_UNITS(0)) core (
        .clk(i_clk), .rst(!i_rst_n),
        .cfg_we(i_cfg_valid), .cfg_addr(i_cfg_addr), .cfg_data(i_cfg_data),
        .bd_we(i_load_valid), .bd_bank(i_load_addr[26:21]), .bd_row(i_load_addr[20:5]), .bd_col(i_load_addr[4:0]),
        .bd_data(i_load_data),
        .cmd_valid(i_cmd_valid), .cmd(i_cmd_code), .bank(i_cmd_addr[26:21]), .row(i_cmd_addr[20:5]),
        .col(i_cmd_addr[4:0]), .cycle(i_cmd_cycle), .half(i_cmd_half), .schedule(i_cmd_sched), .wdata(i_wr_data),
        .issue_cycle(o_issue_cycle), .issue_half(o_issue_half), .rdata(o_rd_data), .rvalid(o_rd_valid),
        .viol(o_flags), .pim_error(), .mode());
    /* verilator lint_on PINCONNECTEMPTY */
endmodule
