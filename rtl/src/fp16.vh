// IEEE-754 binary16 in integer logic: round to nearest even, subnormals kept, canonical quiet NaN 16'h7E00.
// A line-by-line mirror of model/HwModel.Core/Pim/Numerics/SoftFloat.cs (expBits 5, fracBits 10).

// Rounds s x sig x 2^(exp - point) to binary16.
function automatic [15:0] fp16_round(input s, input integer exp_in, input [63:0] sig, input integer point_in);
    integer lead, ex, shift, i, e;
    reg [63:0] kept, rem, halfway;
    begin
        if (sig == 64'd0) fp16_round = {s, 15'd0};
        else begin
            // binary16 significands stay below 2^24 (a 22-bit product, or 14 bits with guard bits for a sum)
            lead = 0;
            for (i = 0; i < 24; i = i + 1) if (sig[i]) lead = i;
            ex = exp_in + lead - point_in;
            shift = lead - 10;
            if (ex < -14) shift = shift + (-14 - ex);
            if (shift <= 0) kept = sig << (-shift);
            else if (shift >= 64) kept = 64'd0;
            else begin
                kept = sig >> shift;
                rem = sig & ((64'd1 << shift) - 64'd1);
                halfway = 64'd1 << (shift - 1);
                if (rem > halfway || (rem == halfway && kept[0])) kept = kept + 64'd1;
            end
            if (ex < -14) begin
                e = kept[10] ? 1 : 0;
                fp16_round = {s, e[4:0], kept[9:0]};
            end else begin
                e = ex + 15;
                if (kept[11]) begin kept = kept >> 1; e = e + 1; end
                if (e >= 31) fp16_round = {s, 5'h1f, 10'd0};
                else fp16_round = {s, e[4:0], kept[9:0]};
            end
        end
    end
endfunction

function automatic fp16_is_nan(input [15:0] a); fp16_is_nan = (a[14:10] == 5'h1f) && (a[9:0] != 10'd0); endfunction
function automatic fp16_is_inf(input [15:0] a); fp16_is_inf = (a[14:10] == 5'h1f) && (a[9:0] == 10'd0); endfunction
function automatic fp16_is_zero(input [15:0] a); fp16_is_zero = (a[14:0] == 15'd0); endfunction

// exponent of the leading significand position (subnormals: -14 without hidden bit)
function automatic integer fp16_exp(input [15:0] a); fp16_exp = (a[14:10] == 5'd0) ? -14 : {27'd0, a[14:10]} - 15; endfunction
function automatic [63:0] fp16_sig(input [15:0] a); fp16_sig = (a[14:10] == 5'd0) ? {54'd0, a[9:0]} : {53'd0, 1'b1, a[9:0]}; endfunction

function automatic [15:0] fp16_mul(input [15:0] a, input [15:0] b);
    reg s;
    begin
        s = a[15] ^ b[15];
        if (fp16_is_nan(a) || fp16_is_nan(b)) fp16_mul = 16'h7E00;
        else if (fp16_is_inf(a) || fp16_is_inf(b))
            fp16_mul = (fp16_is_zero(a) || fp16_is_zero(b)) ? 16'h7E00 : {s, 5'h1f, 10'd0};
        else if (fp16_is_zero(a) || fp16_is_zero(b)) fp16_mul = {s, 15'd0};
        else fp16_mul = fp16_round(s, fp16_exp(a) + fp16_exp(b), fp16_sig(a) * fp16_sig(b), 20);
    end
endfunction

function automatic [15:0] fp16_add(input [15:0] a, input [15:0] b);
    reg sa, sb, s, ts;
    integer ea, eb, d, te;
    reg [63:0] ma, mb, lost, sig, tm;
    begin
        sa = a[15]; sb = b[15];
        if (fp16_is_nan(a) || fp16_is_nan(b)) fp16_add = 16'h7E00;
        else if (fp16_is_inf(a) || fp16_is_inf(b)) begin
            if (fp16_is_inf(a) && fp16_is_inf(b)) fp16_add = (sa == sb) ? a : 16'h7E00;
            else fp16_add = fp16_is_inf(a) ? a : b;
        end
        else if (fp16_is_zero(a) && fp16_is_zero(b)) fp16_add = {sa & sb, 15'd0};
        else if (fp16_is_zero(a)) fp16_add = b;
        else if (fp16_is_zero(b)) fp16_add = a;
        else begin
            ea = fp16_exp(a); eb = fp16_exp(b);
            ma = fp16_sig(a) << 3; mb = fp16_sig(b) << 3;   // three guard positions
            if (ea < eb) begin
                te = ea; ea = eb; eb = te;
                tm = ma; ma = mb; mb = tm;
                ts = sa; sa = sb; sb = ts;
            end
            d = ea - eb;
            if (d > 0) begin
                if (d >= 63) mb = (mb != 64'd0) ? 64'd1 : 64'd0;
                else begin
                    lost = mb & ((64'd1 << d) - 64'd1);
                    mb = (mb >> d) | ((lost != 64'd0) ? 64'd1 : 64'd0);
                end
            end
            if (sa == sb) begin sig = ma + mb; s = sa; end
            else if (ma >= mb) begin sig = ma - mb; s = sa; end
            else begin sig = mb - ma; s = sb; end
            if (sig == 64'd0) fp16_add = 16'd0;
            else fp16_add = fp16_round(s, ea, sig, 13);
        end
    end
endfunction

function automatic [15:0] fp16_relu(input [15:0] a);
    fp16_relu = fp16_is_nan(a) ? 16'h7E00 : (a[15] ? 16'd0 : a);
endfunction
