// SEEDED BUG (wr-last-column-dropped): a write to the last column of a row is dropped.
// A copy of rtl/src/hbm_pc.v with one bug, for `hwmodel verify` to catch (testbenches/rtl/README.md).
// One HBM pseudo-channel slice: banks with row buffers and a data array (rows reduced to STORED_ROWS for
// simulation), a command decoder driven by the command table (hbm_commands.vh: which bus, which banks, what it does
// to their rows, what state it needs; generated from model/HwModel.Core/Spec/CommandTable.cs), the
// HBM-PIM mode machine and register writes through reserved rows, one pim_unit per bank pair, and a timing monitor
// driven by the C# timing table. One command per clock, each carrying its cycle: in check mode the command
// issues at that cycle and every broken rule is flagged; in schedule mode it issues at the earliest legal cycle at
// or after it. The command is presented before the falling edge, which evaluates the timing and bank-state rules
// against the current state (registered); the rising edge issues it: state, data, and the registered results
// (issue cycle, read data, `viol`), all valid after that edge. Command codes and traits come from the generated
// header; rule records and reserved rows follow model/HwModel.Core (Spec/TimingTable.cs, Pim/PimMode.cs).
module hbm_pc #(
    parameter MAX_BANKS   = 64,   // up to 64: HBM4's 2 bank groups x 8 banks x 4 stack IDs
    parameter STORED_ROWS = 256,
    parameter COLS        = 32,
    parameter PIM_UNITS   = 1,    // 0 builds the slice without HBM-PIM units (plain DRAM traffic simulates faster)
    parameter MAX_PER     = 24    // timing rules one command may follow or precede (the server checks the table)
) (
    input  wire         clk,
    input  wire         rst,
    // configuration: addresses 0..127 timing rules, 128 organisation
    input  wire         cfg_we,
    input  wire [7:0]   cfg_addr,
    input  wire [87:0]  cfg_data,
    // backdoor preload of one burst (no timing)
    input  wire         bd_we,
    input  wire [5:0]   bd_bank,
    input  wire [15:0]  bd_row,
    input  wire [4:0]   bd_col,
    input  wire [255:0] bd_data,
    // command
    input  wire         cmd_valid,
    input  wire [4:0]   cmd,
    input  wire [5:0]   bank,
    input  wire [15:0]  row,
    input  wire [4:0]   col,
    input  wire [63:0]  cycle,
    input  wire         half,
    input  wire         schedule,
    input  wire [255:0] wdata,
    output reg  [63:0]  issue_cycle,
    output reg          issue_half,
    output reg  [255:0] rdata,
    output reg          rvalid,
    output wire [127:0] viol,      // rules broken by the last command (registered at its rising edge)
    output reg  [7:0]   pim_error,
    output reg  [1:0]   mode
);
    // command codes, per-command trait masks (CMD_*) and the protocol rule ids (R_*)
    /* verilator lint_off UNUSEDPARAM */
    `include "hbm_commands.vh"
    /* verilator lint_on UNUSEDPARAM */
    localparam M_SB = 2'd0, M_AB = 2'd1, M_PIM = 2'd2;
    localparam NUNITS = MAX_BANKS / 2;
    localparam WORDS = MAX_BANKS * STORED_ROWS * COLS;

    // ---- organisation (configuration address 128) ----
    reg [6:0]  banks;
    reg [2:0]  bg_shift, sid_shift, act_halves, row_halves;
    reg        pim_on;
    reg [15:0] rows_total;

    // ---- state ----
    reg [255:0] mem [0:WORDS-1];
    reg [15:0]  open_row [0:MAX_BANKS-1];
    reg [MAX_BANKS-1:0] is_open;
    reg [63:0]  row_free_half;
    reg [63:0]  col_last;
    reg         col_seen;

    function automatic integer widx(input [5:0] b, input [15:0] r, input [4:0] c);
        widx = ({26'd0, b} * STORED_ROWS + ({16'd0, r} % STORED_ROWS)) * COLS + {27'd0, c};
    endfunction

    // the bank address as an index of this slice's arrays
    localparam BW = $clog2(MAX_BANKS);
    wire [BW-1:0] bk = bank[BW-1:0];
    wire is_col = CMD_COLUMN[cmd];
    wire is_act = CMD_ACTIVATE[cmd];
    wire pc_wide = CMD_PC_WIDE[cmd];
    // the command acts on more than the addressed bank (a bank group, a stack ID or the pseudo-channel)
    wire multi = CMD_PC_WIDE[cmd] || CMD_TGT_SID[cmd] || CMD_TGT_BG[cmd];
    // whether bank b is one the command acts on
    function automatic targets(input integer b);
        targets = CMD_PC_WIDE[cmd]
            || (CMD_TGT_SID[cmd] && (b >> sid_shift) == ({26'd0, bank} >> sid_shift))
            || (CMD_TGT_BG[cmd] && (b >> bg_shift) == ({26'd0, bank} >> bg_shift))
            || (!multi && b == {26'd0, bank});
    endfunction
    wire [15:0] r_sbmr = rows_total - 16'd1, r_abmr = rows_total - 16'd2, r_conf = rows_total - 16'd3;

    // ---- timing ----
    wire [63:0] earliest;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [127:0] tviol;  // the table's rules: below 120
    /* verilator lint_on UNUSEDSIGNAL */
    reg  [63:0] t_issue;
    reg         t_half;
    reg         bus_viol_col, bus_viol_row;
    reg  [63:0] start_half;
    always @* begin
        t_issue = cycle;
        t_half = half;
        bus_viol_col = 1'b0;
        bus_viol_row = 1'b0;
        start_half = 64'd0;
        if (schedule) begin
            if (earliest > t_issue) t_issue = earliest;
            if (is_col) begin
                if (col_seen && col_last >= t_issue) t_issue = col_last + 64'd1;
                t_half = 1'b0;
            end else begin
                if (row_free_half > 2 * t_issue + 64'd1) t_issue = row_free_half >> 1;
                start_half = (row_free_half > 2 * t_issue) ? row_free_half : 2 * t_issue;
                t_half = start_half != 2 * t_issue;
            end
        end else begin
            if (is_col) bus_viol_col = col_seen && col_last == cycle;
            else begin
                start_half = 2 * cycle + {63'd0, half};
                bus_viol_row = start_half < row_free_half;
            end
        end
        if (!is_col && !schedule) start_half = (start_half < row_free_half) ? row_free_half : start_half;
    end

    timing_monitor #(.MAX_RULES(128), .MAX_NODES(MAX_BANKS), .MAX_WIN(4), .MAX_PER(MAX_PER)) monitor (
        .clk(clk), .rst(rst),
        .cfg_we(cfg_we && !cfg_addr[7]), .cfg_rule(cfg_addr[6:0]), .cfg_data(cfg_data),
        .bg_shift(bg_shift), .sid_shift(sid_shift), .banks(banks),
        .cmd_valid(cmd_valid), .cmd(cmd), .bank(bank), .pc_wide(pc_wide),
        .check_cycle(t_issue), .issue_cycle(t_issue),
        .earliest(earliest), .viol(tviol));

    // ---- bank state rules (evaluated on the falling edge, against the state before the command) ----
    reg st_actopen, st_colclosed, st_colrow, st_refopen, unsupported;
    /* verilator lint_off BLKSEQ */
    always @(negedge clk) begin : state_rules
        integer b;
        st_actopen = 1'b0; st_colclosed = 1'b0; st_colrow = 1'b0; st_refopen = 1'b0;
        unsupported = !CMD_KNOWN[cmd];
        if (!multi) begin
            // one bank: look only at it
            if ({1'b0, bank} < banks) begin
                if (CMD_NEEDS_CLOSED[cmd] && is_open[bk]) begin
                    if (CMD_OPENS[cmd]) st_actopen = 1'b1; else st_refopen = 1'b1;
                end
                if (CMD_NEEDS_OPEN[cmd]) begin
                    if (!is_open[bk]) st_colclosed = 1'b1;
                    else if (open_row[bk] != row) st_colrow = 1'b1;
                end
            end
        end else if (CMD_NEEDS_CLOSED[cmd] || CMD_NEEDS_OPEN[cmd])
        for (b = 0; b < MAX_BANKS; b = b + 1) begin
            if (b < {25'd0, banks} && targets(b)) begin
                if (CMD_NEEDS_CLOSED[cmd] && is_open[b]) begin
                    if (CMD_OPENS[cmd]) st_actopen = 1'b1; else st_refopen = 1'b1;
                end
                if (CMD_NEEDS_OPEN[cmd]) begin
                    if (!is_open[b]) st_colclosed = 1'b1;
                    else if (open_row[b] != row) st_colrow = 1'b1;
                end
            end
        end
    end
    /* verilator lint_on BLKSEQ */

    // ---- HBM-PIM units ----
    /* verilator lint_off UNUSEDSIGNAL */
    reg  [255:0] even_in [0:NUNITS-1];
    reg  [255:0] odd_in  [0:NUNITS-1];
    /* verilator lint_on UNUSEDSIGNAL */
    wire [255:0] unit_out [0:NUNITS-1];
    wire [NUNITS-1:0] we_even, we_odd;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [NUNITS-1:0] exited;
    /* verilator lint_on UNUSEDSIGNAL */
    wire [3:0] unit_err [0:NUNITS-1];
    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0] unit_exec [0:NUNITS-1];
    /* verilator lint_on UNUSEDSIGNAL */
    wire reg_write = cmd_valid && pim_on && mode == M_AB && (cmd == WR) && row == r_conf && col != 5'd0;
    wire pim_start = cmd_valid && pim_on && mode == M_AB && cmd == WR && row == r_conf && col == 5'd0 && wdata[0];
    wire pim_trig  = cmd_valid && pim_on && mode == M_PIM && (cmd == PIMRD || cmd == PIMWR);

    // the units are clocked only when they have something to do (register write, start, trigger, reset):
    // the same behaviour, far less simulation work for ordinary DRAM traffic
    wire unit_clk_en = rst || reg_write || pim_start || pim_trig;
    reg  unit_en_q;
    always @(negedge clk) unit_en_q <= unit_clk_en;
    /* verilator lint_off UNUSEDSIGNAL */
    wire unit_clk = clk & unit_en_q;
    /* verilator lint_on UNUSEDSIGNAL */

    genvar u;
    generate
        if (PIM_UNITS == 0) begin : no_units
            for (u = 0; u < NUNITS; u = u + 1) begin : tie
                always @* begin even_in[u] = 256'd0; odd_in[u] = 256'd0; end
                assign unit_out[u] = 256'd0;
                assign we_even[u] = 1'b0;
                assign we_odd[u] = 1'b0;
                assign unit_err[u] = 4'd0;
                assign exited[u] = 1'b1;
                assign unit_exec[u] = 32'd0;
            end
        end else
        for (u = 0; u < NUNITS; u = u + 1) begin : units
            always @* begin
                even_in[u] = pim_trig ? mem[widx(2 * u, row, col)] : 256'd0;
                odd_in[u]  = pim_trig ? mem[widx(2 * u + 1, row, col)] : 256'd0;
            end
            pim_unit unit (
                .clk(unit_clk), .rst(rst),
                .reg_we(reg_write && u < {25'd0, banks} / 2), .reg_col(col), .reg_data(wdata),
                .start(pim_start && u < {25'd0, banks} / 2),
                .trig(pim_trig && u < {25'd0, banks} / 2), .trig_write(cmd == PIMWR), .row(row), .col(col),
                .even_in(even_in[u]), .odd_in(odd_in[u]),
                .bank_out(unit_out[u]), .we_even(we_even[u]), .we_odd(we_odd[u]), .error(unit_err[u]),
                .exited(exited[u]), .executed(unit_exec[u]));
        end
    endgenerate

    // ---- PIM protocol (codes: 1..7 unit errors as pim_unit, 16.. protocol) ----
    reg [7:0] proto_err;
    always @* begin
        proto_err = 8'd0;
        if (pim_on && cmd_valid) begin
            if ((cmd == PIMRD || cmd == PIMWR) && mode != M_PIM) proto_err = mode == M_SB ? 8'd16 : 8'd17;  // PIM op in SB / AB mode
            else if (cmd == ACTAB && mode == M_SB) proto_err = 8'd18;                                           // all-bank activate in SB
            else if (cmd == WR && row == r_abmr && mode != M_SB) proto_err = 8'd19;                             // ABMR outside SB
            else if (cmd == WR && row == r_sbmr && mode != M_AB) proto_err = 8'd20;                             // SBMR outside AB
            else if (cmd == WR && row == r_conf && col != 5'd0 && mode != M_AB) proto_err = 8'd21;               // register write outside AB
            else if (cmd == WR && row == r_conf && col >= 5'd12 && col < 5'd16) proto_err = 8'd22;              // CRF overflow
            else if (cmd == WR && row == r_conf && col == 5'd0 && wdata[0] && mode != M_AB) proto_err = 8'd23;  // enter AB-PIM outside AB
            else if (cmd == WR && row == r_conf && col == 5'd0 && !wdata[0] && mode != M_PIM) proto_err = 8'd24; // leave AB-PIM outside it
            else if ((cmd == RD || cmd == WR || cmd == RDA || cmd == WRA) && mode == M_PIM && row != r_conf) proto_err = 8'd25; // plain column command in AB-PIM
            else if (pim_start || pim_trig) proto_err = {4'd0, unit_err[0]};
        end
    end

    // rules 120..127 (R_COLUMN_BUS .. R_UNSUPPORTED) beyond the table's (which stay below 120), registered at the
    // rising edge
    reg [7:0] xviol;
    assign viol = {xviol, tviol[119:0]};

    // ---- effects ----
    /* verilator lint_off BLKSEQ */
    always @(posedge clk) begin : effects
        integer b;
        reg [7:0] xv;
        rvalid <= 1'b0;
        xv = 8'd0;
        if (cmd_valid && !rst && !cfg_we && !bd_we) begin
            xv[R_COLUMN_BUS - R_COLUMN_BUS] = bus_viol_col;
            xv[R_ROW_BUS - R_COLUMN_BUS] = bus_viol_row;
            xv[R_ACT_OPEN - R_COLUMN_BUS] = st_actopen;
            xv[R_COLUMN_CLOSED - R_COLUMN_BUS] = st_colclosed;
            xv[R_COLUMN_ROW - R_COLUMN_BUS] = st_colrow;
            xv[R_REFRESH_OPEN - R_COLUMN_BUS] = st_refopen;
            xv[R_PIM_PROTOCOL - R_COLUMN_BUS] = proto_err != 8'd0;
            xv[R_UNSUPPORTED - R_COLUMN_BUS] = unsupported;
        end
        xviol <= xv;
        if (rst) begin
            is_open <= {MAX_BANKS{1'b0}};
            row_free_half <= 64'd0; col_last <= 64'd0; col_seen <= 1'b0;
            mode <= M_SB; pim_error <= 8'd0;
            issue_cycle <= 64'd0; issue_half <= 1'b0; rdata <= 256'd0;
        end else if (cfg_we && cfg_addr == 8'd128) begin
            banks <= cfg_data[6:0]; bg_shift <= cfg_data[9:7]; sid_shift <= cfg_data[12:10];
            act_halves <= cfg_data[15:13]; row_halves <= cfg_data[18:16]; pim_on <= cfg_data[19];
            rows_total <= cfg_data[35:20];
        end else if (bd_we) begin
            mem[widx(bd_bank, bd_row, bd_col)] = bd_data;
        end else if (cmd_valid) begin
            issue_cycle <= t_issue;
            issue_half <= t_half;
            pim_error <= proto_err;
            if (is_col) begin col_last <= t_issue; col_seen <= 1'b1; end
            else row_free_half <= (schedule ? start_half : start_half) + {61'd0, is_act ? act_halves : row_halves};
            if (proto_err == 8'd0) begin
                // row effects, from the command table: one bank directly, several by a loop
                if (!multi && CMD_OPENS[cmd]) begin open_row[bk] <= row; is_open[bk] <= 1'b1; end
                else if (!multi && CMD_CLOSES[cmd]) is_open[bk] <= 1'b0;
                else if (CMD_OPENS[cmd] || CMD_CLOSES[cmd])
                    for (b = 0; b < MAX_BANKS; b = b + 1)
                        if (b < {25'd0, banks} && targets(b)) begin
                            if (CMD_OPENS[cmd]) begin open_row[b] = row; is_open[b] <= 1'b1; end
                            else is_open[b] <= 1'b0;
                        end
            end
            if (proto_err == 8'd0)
            case (cmd)
                RD, RDA: begin
                    rdata <= mem[widx(bank, row, col)];
                    rvalid <= 1'b1;
                    if (CMD_AUTO_PRE[cmd]) is_open[bk] <= 1'b0;
                end
                WR, WRA: begin
                    if (pim_on && row == r_abmr) mode <= M_AB;
                    else if (pim_on && row == r_sbmr) mode <= M_SB;
                    else if (pim_on && row == r_conf && col == 5'd0) mode <= wdata[0] ? M_PIM : M_AB;
                    else if (pim_on && row == r_conf) ;               // register write: the units take it
                    else if (pim_on && mode == M_AB) begin
                        for (b = 0; b < MAX_BANKS; b = b + 1)
                            if (b < {25'd0, banks}) mem[widx(b[5:0], row, col)] = wdata;
                    end
                    else if (col != 5'd31) mem[widx(bank, row, col)] = wdata;  // BUG: the last column is lost
                    if (CMD_AUTO_PRE[cmd]) is_open[bk] <= 1'b0;
                end
                PIMRD, PIMWR: begin
                    for (b = 0; b < NUNITS; b = b + 1) begin
                        if (we_even[b]) mem[widx(2 * b[5:0], row, col)] = unit_out[b];
                        if (we_odd[b]) mem[widx(2 * b[5:0] + 6'd1, row, col)] = unit_out[b];
                    end
                end
                default: ;
            endcase
        end
    end
    /* verilator lint_on BLKSEQ */
endmodule
