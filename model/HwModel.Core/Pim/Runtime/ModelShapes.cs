namespace HwModel.Pim.Runtime;

/// <summary>A decoder-only transformer's shape (one token of decode, batch 1).</summary>
public sealed record ModelShape(string Name, int Layers, int Hidden, int Ffn, int Heads, int KvHeads, int KvLength)
{
    public int HeadDim => Hidden / Heads;

    /// <summary>The matrix-vector products of one layer: (name, rows M, columns N, how many).</summary>
    public IEnumerable<(string Name, int M, int N, int Count)> Gemvs()
    {
        int kv = KvHeads * HeadDim;
        yield return ("q_proj", Hidden, Hidden, 1);
        yield return ("k_proj", kv, Hidden, 1);
        yield return ("v_proj", kv, Hidden, 1);
        // attention over the KV cache: every query head against its KV head's cache (scores), then the weighted sum
        yield return ("attn_scores", Heads * KvLength, HeadDim, 1);
        yield return ("attn_context", Heads * HeadDim, KvLength, 1);
        yield return ("o_proj", Hidden, Hidden, 1);
        yield return ("ffn_gate", Ffn, Hidden, 1);
        yield return ("ffn_up", Ffn, Hidden, 1);
        yield return ("ffn_down", Hidden, Ffn, 1);
    }

    public long WeightElements => (long)Layers * Gemvs().Where(g => !g.Name.StartsWith("attn")).Sum(g => (long)g.M * g.N * g.Count);
    public long KvElements => (long)Layers * 2 * KvHeads * HeadDim * KvLength;

    public static readonly Dictionary<string, ModelShape> Builtin = new(StringComparer.OrdinalIgnoreCase)
    {
        // LLaMA-2-7B-class: 32 layers, d 4096, SwiGLU FFN 11008, 32 heads (multi-head attention)
        ["llama-7b"] = new("llama-7b", 32, 4096, 11008, 32, 32, 2048),
        // LLaMA-2-13B-class
        ["llama-13b"] = new("llama-13b", 40, 5120, 13824, 40, 40, 2048),
        // LLaMA-2-70B-class: 80 layers, d 8192, FFN 28672, 64 query heads, 8 KV heads (grouped-query attention)
        ["llama-70b"] = new("llama-70b", 80, 8192, 28672, 64, 8, 2048),
    };

    /// <summary>Parses "layers,hidden,ffn,heads,kvHeads,kvLength".</summary>
    public static ModelShape Parse(string s)
    {
        var f = s.Split(',');
        if (f.Length != 6 || f.Any(x => !int.TryParse(x, out var v) || v <= 0))
            throw new Config.ConfigException("--shape", "--shape", s, "expected six positive integers: layers,hidden,ffn,heads,kvHeads,kvLength");
        var v = f.Select(int.Parse).ToArray();
        if (v[1] % v[3] != 0 || v[3] % v[4] != 0)
            throw new Config.ConfigException("--shape", "--shape", s, "hidden must be a multiple of heads, and heads a multiple of kvHeads");
        return new ModelShape("custom", v[0], v[1], v[2], v[3], v[4], v[5]);
    }
}
