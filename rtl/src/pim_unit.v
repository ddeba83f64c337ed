// HBM-PIM processing unit for one bank pair: CRF (32 x 32 bit), GRF_A / GRF_B (8 x 16 FP16 lanes), SRF_M / SRF_A
// (8 FP16 scalars), a program counter and one loop counter per CRF entry. Mirrors
// model/HwModel.Core/Pim/HbmPim/PimUnit.cs; instruction format in PimInstruction.cs.
/* verilator lint_off UNUSEDSIGNAL */
module pim_unit (
    input  wire         clk,
    input  wire         rst,
    // broadcast register write (AB mode), column of the configuration row
    input  wire         reg_we,
    input  wire [4:0]   reg_col,
    input  wire [255:0] reg_data,
    // entering AB-PIM: validate the CRF program and restart at CRF[0]
    input  wire         start,
    // a PIMRD / PIMWR trigger with the open row's data of the pair
    input  wire         trig,
    input  wire         trig_write,
    input  wire [15:0]  row,
    input  wire [4:0]   col,
    input  wire [255:0] even_in,
    input  wire [255:0] odd_in,
    output reg  [255:0] bank_out,
    output reg          we_even,
    output reg          we_odd,
    output reg  [3:0]   error,      // 0 ok, 1 no EXIT, 2 JUMP past EXIT, 3 JUMP not backwards or onto a JUMP, 4 JUMP count 0,
                                    // 5 bank read by a PIMWR trigger, 6 bank write by a PIMRD trigger, 7 bad operands
    output reg          exited,
    output reg  [31:0]  executed
);
    `include "fp16.vh"

    localparam OP_NOP = 4'd0, OP_ADD = 4'd1, OP_MUL = 4'd2, OP_MAC = 4'd3, OP_MAD = 4'd4, OP_MOV = 4'd5,
               OP_FILL = 4'd6, OP_JUMP = 4'd7, OP_EXIT = 4'd8;
    localparam T_EVEN = 3'd0, T_ODD = 3'd1, T_GRFA = 3'd2, T_GRFB = 3'd3, T_SRFM = 3'd4; // 5 = SRF_A (the default)

    reg [1023:0] crf;
    reg [2047:0] grfa, grfb;
    reg [127:0]  srfm, srfa;
    reg [255:0]  jleft;
    reg [4:0]    pc;
    reg [5:0]    plen;          // program length: up to the last non-zero CRF word

    function automatic [31:0] ins_at(input [1023:0] c, input integer i); ins_at = c[i*32 +: 32]; endfunction

    // ---- follow JUMPs and EXIT (they take no trigger) ----
    task automatic settle(input [4:0] pc_in, input [255:0] jl_in, input [5:0] len,
                          output reg [4:0] s_pc, output reg [255:0] s_jl, output reg s_exit);
        integer n;
        reg [31:0] w;
        reg done;
        begin
            s_pc = pc_in; s_jl = jl_in; s_exit = 1'b0; done = 1'b0;
            // each step follows one JUMP; a JUMP's target is never a JUMP, so a chain is at most the CRF long
            for (n = 0; n < 40; n = n + 1) begin
                if (!done) begin
                    w = ins_at(crf, {27'd0, s_pc});
                    if ({1'b0, s_pc} >= len) begin s_exit = 1'b1; done = 1'b1; end
                    else if (w[31:28] == OP_EXIT) begin s_exit = 1'b1; done = 1'b1; end
                    else if (w[31:28] != OP_JUMP) done = 1'b1;
                    else if (s_jl[{27'd0, s_pc}*8 +: 8] != 8'd0) begin s_jl[{27'd0, s_pc}*8 +: 8] = s_jl[{27'd0, s_pc}*8 +: 8] - 8'd1; s_pc = w[19:15]; end
                    else begin s_jl[{27'd0, s_pc}*8 +: 8] = w[27:20]; s_pc = s_pc + 5'd1; end
                end
            end
        end
    endtask

    // ---- program validation on start ----
    reg [3:0] v_err;
    reg [5:0] v_len;
    reg [255:0] v_jl;
    always @* begin : validate
        integer i, ex;
        reg [31:0] w;
        v_len = 6'd0;
        for (i = 0; i < 32; i = i + 1) if (ins_at(crf, i) != 32'd0) v_len = i[5:0] + 6'd1;
        ex = -1;
        for (i = 31; i >= 0; i = i - 1) begin
            w = ins_at(crf, i);
            if ({26'd0, i[5:0]} < {26'd0, v_len} && w[31:28] == OP_EXIT) ex = i;
        end
        v_err = (ex < 0) ? 4'd1 : 4'd0;
        v_jl = 256'd0;
        for (i = 0; i < 32; i = i + 1) begin
            w = ins_at(crf, i);
            v_jl[i*8 +: 8] = w[27:20];
            if ({26'd0, i[5:0]} < {26'd0, v_len} && w[31:28] == OP_JUMP && v_err == 4'd0) begin
                if (i > ex) v_err = 4'd2;
                else if ({27'd0, w[19:15]} >= i) v_err = 4'd3;
                else if (ins_at(crf, {27'd0, w[19:15]}) >> 28 == {28'd0, OP_JUMP}) v_err = 4'd3;
                else if (w[27:20] == 8'd0) v_err = 4'd4;
            end
        end
    end

    // ---- operand fetch ----
    function automatic [255:0] operand(input [2:0] t, input [2:0] idx, input [255:0] ev, input [255:0] od,
                                       input [2047:0] ga, input [2047:0] gb, input [127:0] sm, input [127:0] sa);
        integer l;
        begin
            case (t)
                T_EVEN: operand = ev;
                T_ODD:  operand = od;
                T_GRFA: operand = ga[idx*256 +: 256];
                T_GRFB: operand = gb[idx*256 +: 256];
                T_SRFM: for (l = 0; l < 16; l = l + 1) operand[l*16 +: 16] = sm[idx*16 +: 16];
                default: for (l = 0; l < 16; l = l + 1) operand[l*16 +: 16] = sa[idx*16 +: 16];
            endcase
        end
    endfunction

    // ---- one instruction on the current trigger ----
    reg [31:0]  w_cur;
    reg [3:0]   op;
    reg [2:0]   tdst, ts0, ts1, idst, is0, is1;
    reg         aam, relu;
    reg [255:0] s0, s1, d, res;
    reg [2:0]   ia, ib;
    reg [15:0]  madd;
    reg [3:0]   t_err;
    always @* begin : execute
        integer l;
        // only a trigger evaluates the datapath (simulation speed; the hardware is the same)
        w_cur = 32'd0; op = OP_NOP; tdst = 3'd0; ts0 = 3'd0; ts1 = 3'd0; aam = 1'b0; relu = 1'b0;
        ia = 3'd0; ib = 3'd0; idst = 3'd0; is0 = 3'd0; is1 = 3'd0;
        s0 = 256'd0; s1 = 256'd0; d = 256'd0; res = 256'd0; madd = 16'd0; t_err = 4'd0;
        bank_out = 256'd0; we_even = 1'b0; we_odd = 1'b0;
        if (trig && !exited) begin
            w_cur = ins_at(crf, {27'd0, pc});
            op = w_cur[31:28];
            tdst = w_cur[27:25]; ts0 = w_cur[24:22]; ts1 = w_cur[21:19];
            aam = w_cur[9]; relu = w_cur[8];
            ia = col[2:0];
            ib = {row[0], col[4:3]};
            idst = aam ? (tdst == T_GRFB ? ib : ia) : w_cur[18:16];
            is0  = aam ? (ts0 == T_GRFB ? ib : ia) : w_cur[15:13];
            is1  = aam ? (ts1 == T_GRFB ? ib : ia) : w_cur[12:10];
            s0 = operand(ts0, is0, even_in, odd_in, grfa, grfb, srfm, srfa);
            s1 = operand(ts1, is1, even_in, odd_in, grfa, grfb, srfm, srfa);
            d  = operand(tdst, idst, even_in, odd_in, grfa, grfb, srfm, srfa);
            madd = srfa[{29'd0, (aam ? ia : w_cur[12:10])}*16 +: 16];
            res = d;
            for (l = 0; l < 16; l = l + 1)
                case (op)
                    OP_ADD: res[l*16 +: 16] = fp16_add(s0[l*16 +: 16], s1[l*16 +: 16]);
                    OP_MUL: res[l*16 +: 16] = fp16_mul(s0[l*16 +: 16], s1[l*16 +: 16]);
                    OP_MAC: res[l*16 +: 16] = fp16_add(fp16_mul(s0[l*16 +: 16], s1[l*16 +: 16]), d[l*16 +: 16]);
                    OP_MAD: res[l*16 +: 16] = fp16_add(fp16_mul(s0[l*16 +: 16], s1[l*16 +: 16]), madd);
                    OP_MOV, OP_FILL: res[l*16 +: 16] = relu ? fp16_relu(s0[l*16 +: 16]) : s0[l*16 +: 16];
                    default: res[l*16 +: 16] = d[l*16 +: 16];
                endcase
            // a bank source needs a read trigger, a bank destination (FILL) a write trigger
            if (op == OP_FILL && !trig_write) t_err = 4'd6;
            else if (op != OP_FILL && op != OP_NOP && trig_write &&
                     (ts0 == T_EVEN || ts0 == T_ODD || (op != OP_MOV && (ts1 == T_EVEN || ts1 == T_ODD)))) t_err = 4'd5;
            bank_out = res;
            we_even = t_err == 4'd0 && op == OP_FILL && tdst == T_EVEN;
            we_odd  = t_err == 4'd0 && op == OP_FILL && tdst == T_ODD;
        end
        error = start ? v_err : t_err;
    end

    // next state after a start or an executed trigger, following JUMPs / EXIT
    reg [4:0] st_pc, tr_pc;
    reg [255:0] st_jl, tr_jl;
    reg st_exit, tr_exit;
    always @* begin
        // evaluated only when used (simulation speed)
        st_pc = 5'd0; st_jl = v_jl; st_exit = 1'b1;
        tr_pc = pc; tr_jl = jleft; tr_exit = exited;
        if (start) settle(5'd0, v_jl, v_len, st_pc, st_jl, st_exit);
        if (trig && !exited) settle(pc + 5'd1, jleft, plen, tr_pc, tr_jl, tr_exit);
    end

    always @(posedge clk) begin
        if (rst) begin
            crf <= 1024'd0; grfa <= 2048'd0; grfb <= 2048'd0; srfm <= 128'd0; srfa <= 128'd0;
            jleft <= 256'd0; pc <= 5'd0; plen <= 6'd0; exited <= 1'b1; executed <= 32'd0;
        end else if (reg_we) begin
            if (reg_col == 5'd4) begin srfm <= reg_data[127:0]; srfa <= reg_data[255:128]; end
            else if (reg_col >= 5'd8 && reg_col < 5'd12) crf[{29'd0, reg_col[1:0]}*256 +: 256] <= reg_data;
            else if (reg_col >= 5'd16 && reg_col < 5'd24) grfa[{29'd0, reg_col[2:0]}*256 +: 256] <= reg_data;
            else if (reg_col >= 5'd24) grfb[{29'd0, reg_col[2:0]}*256 +: 256] <= reg_data;
        end else if (start) begin
            plen <= v_len;
            if (v_err == 4'd0) begin pc <= st_pc; jleft <= st_jl; exited <= st_exit; end
            else exited <= 1'b1;
        end else if (trig && !exited && t_err == 4'd0) begin
            executed <= executed + 32'd1;
            if (op != OP_NOP && op != OP_FILL) begin
                if (tdst == T_GRFA) grfa[idst*256 +: 256] <= res;
                else if (tdst == T_GRFB) grfb[idst*256 +: 256] <= res;
            end
            pc <= tr_pc; jleft <= tr_jl; exited <= tr_exit;
        end
    end
endmodule
/* verilator lint_on UNUSEDSIGNAL */
