// Timing monitor / scheduler driven by the C# model's declarative timing table, loaded at start-up through the
// configuration port (one record per rule: scope, preceding and following command masks, latency, window, sibling).
// A command is presented before the falling edge. On the falling edge the monitor evaluates the rules the command
// follows against the history (registered: each rule's earliest cycle and the maximum, `earliest`); on the rising
// edge it flags the rules that the issue cycle breaks (registered `viol`, valid after that edge) and records the
// cycle in every rule whose preceding set holds the command. Registering both halves means the history is read once
// per command instead of being re-evaluated whenever it changes (half the simulation work).
// Scopes: 0 channel, 1 pseudo-channel, 2 stack ID, 3 bank group, 4 bank (as HwModel.Spec.Scope).
module timing_monitor #(
    parameter MAX_RULES = 128,
    parameter MAX_NODES = 32,
    parameter MAX_WIN   = 4,
    parameter MAX_PER   = 24   // rules one command may follow or precede (the server refuses a table with more)
) (
    input  wire                  clk,
    input  wire                  rst,
    input  wire                  cfg_we,
    input  wire [6:0]            cfg_rule,
    input  wire [87:0]           cfg_data,   // {latency[15:0], window[2:0], sibling, scope[2:0], valid, pre[31:0], fol[31:0]} low to high: fol[31:0], pre[63:32], valid[64], scope[67:65], sibling[68], window[71:69], latency[87:72]
    input  wire [2:0]            bg_shift,   // log2(banks per bank group)
    input  wire [2:0]            sid_shift,  // log2(banks per stack ID)
    input  wire [6:0]            banks,
    input  wire                  cmd_valid,
    input  wire [4:0]            cmd,
    input  wire [5:0]            bank,
    input  wire                  pc_wide,    // CMD_PC_WIDE: the bank field is not an address
    input  wire [63:0]           check_cycle,
    input  wire [63:0]           issue_cycle,
    output reg  [63:0]           earliest,
    output reg  [MAX_RULES-1:0]  viol
);
    localparam NW = MAX_RULES * MAX_NODES * MAX_WIN;
    localparam NN = MAX_RULES * MAX_NODES;

    reg [2:0]  scope [0:MAX_RULES-1];
    reg        sib  [0:MAX_RULES-1];
    reg [2:0]  win  [0:MAX_RULES-1];
    reg [15:0] lat  [0:MAX_RULES-1];
    reg [63:0] hist [0:NW-1];
    // per command: the rules whose following set (fol) or preceding set (pre) holds it, so that a command visits only
    // its own rules (built as the rules are loaded; at most MAX_PER rules per command)
    reg [6:0] fol_list [0:32*MAX_PER-1];
    reg [6:0] pre_list [0:32*MAX_PER-1];
    reg [5:0] fol_cnt [0:31];
    reg [5:0] pre_cnt [0:31];
    reg [2:0]  cnt  [0:NN-1];
    reg [1:0]  ptr  [0:NN-1];

    function automatic integer node_of(input [2:0] sc, input [5:0] b, input [2:0] bgs, input [2:0] sds, input pw);
        begin
            if (pw || sc <= 3'd1) node_of = 0;
            else if (sc == 3'd2) node_of = {26'd0, b >> sds};
            else if (sc == 3'd3) node_of = {26'd0, b >> bgs};
            else node_of = {26'd0, b};
        end
    endfunction

    function automatic integer parent_of(input [2:0] sc, input integer n, input [2:0] bgs, input [2:0] sds);
        begin
            if (sc == 3'd3) parent_of = n >> (sds - bgs);
            else if (sc == 3'd4) parent_of = n >> bgs;
            else parent_of = 0;
        end
    endfunction

    function automatic integer nodes_at(input [2:0] sc, input [6:0] nb, input [2:0] bgs, input [2:0] sds);
        begin
            if (sc <= 3'd1) nodes_at = 1;
            else if (sc == 3'd2) nodes_at = {25'd0, nb >> sds};
            else if (sc == 3'd3) nodes_at = {25'd0, nb >> bgs};
            else nodes_at = {25'd0, nb};
        end
    endfunction

    // per slot of the command's rule list: the rule and the earliest cycle it allows; nrt slots are valid
    reg [63:0] rt  [0:MAX_PER-1];
    reg [6:0]  rid [0:MAX_PER-1];
    integer    nrt;

    // written with blocking assignments (Verilator 5.006 cannot delay array writes inside loops); read only on the
    // other edge, by the record block
    /* verilator lint_off BLKSEQ */
    always @(negedge clk) begin : evaluate
        integer r, n, m, w, k, nf, nn;
        reg [63:0] t, tr, e;
        e = 64'd0;
        // only the command's own rules (a variable-length loop: most commands follow a handful)
        nf = (cmd_valid && !rst && !cfg_we) ? {26'd0, fol_cnt[cmd]} : 0;
        for (k = 0; k < nf; k = k + 1) begin
            r = {25'd0, fol_list[{27'd0, cmd} * MAX_PER + k]};
            rid[k] = r[6:0];
            n = node_of(scope[r], bank, bg_shift, sid_shift, pc_wide);
            w = {29'd0, win[r]};
            tr = 64'd0;
            if (sib[r]) begin
                nn = nodes_at(scope[r], banks, bg_shift, sid_shift);
                for (m = 0; m < nn; m = m + 1)
                    if (m != n && parent_of(scope[r], m, bg_shift, sid_shift) == parent_of(scope[r], n, bg_shift, sid_shift)
                        && cnt[r * MAX_NODES + m] != 3'd0) begin
                        t = hist[(r * MAX_NODES + m) * MAX_WIN + ({30'd0, ptr[r * MAX_NODES + m]} + w - 1) % w] + {48'd0, lat[r]};
                        if (t > tr) tr = t;
                    end
            end else if ({29'd0, cnt[r * MAX_NODES + n]} >= w) begin
                // the window-th most recent issue is the oldest in the ring, where the pointer stands
                tr = hist[(r * MAX_NODES + n) * MAX_WIN + {30'd0, ptr[r * MAX_NODES + n]}] + {48'd0, lat[r]};
            end
            rt[k] = tr;
            if (tr > e) e = tr;
        end
        nrt = nf;
        earliest = e;
    end
    /* verilator lint_on BLKSEQ */

    // The history arrays are written with blocking assignments (Verilator 5.006 cannot delay array writes inside
    // loops); this block is their only writer and only the combinational block above reads them.
    /* verilator lint_off BLKSEQ */
    always @(posedge clk) begin : record
        integer r, n, i, w, k, np;
        reg [MAX_RULES-1:0] v;
        v = {MAX_RULES{1'b0}};
        if (cmd_valid && !rst && !cfg_we)
            for (k = 0; k < nrt; k = k + 1)
                if (rt[k] > check_cycle) v[rid[k]] = 1'b1;
        viol <= v;
        if (rst) begin
            for (r = 0; r < 32; r = r + 1) begin fol_cnt[r] = 6'd0; pre_cnt[r] = 6'd0; end
            for (i = 0; i < NN; i = i + 1) begin cnt[i] = 3'd0; ptr[i] = 2'd0; end
        end else if (cfg_we) begin
            scope[cfg_rule] = cfg_data[67:65];
            sib[cfg_rule] = cfg_data[68];
            win[cfg_rule] = (cfg_data[71:69] == 3'd0) ? 3'd1 : cfg_data[71:69];
            lat[cfg_rule] = cfg_data[87:72];
            if (cfg_data[64])
                for (r = 0; r < 32; r = r + 1) begin
                    if (cfg_data[r] && fol_cnt[r] < MAX_PER) begin fol_list[r * MAX_PER + {26'd0, fol_cnt[r]}] = cfg_rule; fol_cnt[r] = fol_cnt[r] + 6'd1; end
                    if (cfg_data[32 + r] && pre_cnt[r] < MAX_PER) begin pre_list[r * MAX_PER + {26'd0, pre_cnt[r]}] = cfg_rule; pre_cnt[r] = pre_cnt[r] + 6'd1; end
                end
        end else if (cmd_valid) begin
            np = {26'd0, pre_cnt[cmd]};
            for (i = 0; i < np; i = i + 1) begin
                r = {25'd0, pre_list[{27'd0, cmd} * MAX_PER + i]};
                n = node_of(scope[r], bank, bg_shift, sid_shift, pc_wide);
                w = {29'd0, win[r]};
                hist[(r * MAX_NODES + n) * MAX_WIN + {30'd0, ptr[r * MAX_NODES + n]}] = issue_cycle;
                ptr[r * MAX_NODES + n] = ({30'd0, ptr[r * MAX_NODES + n]} + 1 == w) ? 2'd0 : ptr[r * MAX_NODES + n] + 2'd1;
                if ({29'd0, cnt[r * MAX_NODES + n]} < w) cnt[r * MAX_NODES + n] = cnt[r * MAX_NODES + n] + 3'd1;
            end
        end
    end
    /* verilator lint_on BLKSEQ */
endmodule
