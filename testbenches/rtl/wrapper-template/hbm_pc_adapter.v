// Template: adapts a design whose ports differ (here vendor_pc) to the HwModel DUT contract v1
// (docs/rtl-contract.md). Copy it, replace vendor_pc by your module and map each contract port to yours.
// Run: ./hwmodel verify --rtl <this folder> --top hbm_pc_adapter --rtl-include rtl/include [--rtl-include rtl/src]
`include "hbm_pc_contract.vh"
module hbm_pc_adapter #(
    // the harness sets these when the top declares them (64 banks, 256 stored rows without PIM)
    parameter MAX_BANKS   = 64,
    parameter STORED_ROWS = 256
) (`HBM_PC_CONTRACT_PORTS);
    vendor_pc #(.BANKS(MAX_BANKS), .ROWS_KEPT(STORED_ROWS)) u_pc (
        .i_clk(clk),
        .i_rst_n(!rst),                       // the contract's reset is active high
        .i_cfg_valid(cfg_we), .i_cfg_addr(cfg_addr), .i_cfg_data(cfg_data),
        .i_load_valid(bd_we), .i_load_addr({bd_bank, bd_row, bd_col}), .i_load_data(bd_data),
        .i_cmd_valid(cmd_valid), .i_cmd_code(cmd), .i_cmd_addr({bank, row, col}),
        .i_cmd_cycle(cycle), .i_cmd_half(half), .i_cmd_sched(schedule), .i_wr_data(wdata),
        .o_issue_cycle(issue_cycle), .o_issue_half(issue_half),
        .o_rd_data(rdata), .o_rd_valid(rvalid),
        .o_flags(viol));
    // outputs the design does not have: tie them off (or leave the ports out: the wrapper then ties them to 0)
    assign pim_error = 8'd0;
    assign mode = 2'd0;
endmodule
