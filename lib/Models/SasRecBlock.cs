using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeqRecLab.Models;

/// <summary>
/// One SASRec block as in the authors' code: queries are layer-normalised, keys and values are not;
/// the attention output is added to the normalised queries; then LayerNorm → point-wise feed-forward
/// (Linear, ReLU, dropout, Linear, dropout) with its own residual. No output projection after attention
/// (the original has none).
/// </summary>
public sealed class SasRecBlock : Module<Tensor, Tensor, Tensor>
{
    readonly LayerNorm attnNorm, ffnNorm;
    readonly Linear q, k, v, ffn1, ffn2;
    readonly Dropout dropout;
    readonly int heads;
    readonly double attnDropout;

    /// <summary>Creates a block of hidden size <paramref name="d"/>.</summary>
    public SasRecBlock(int d, int heads, double dropoutRate) : base(nameof(SasRecBlock))
    {
        this.heads = heads;
        attnDropout = dropoutRate;
        attnNorm = LayerNorm(d, eps: 1e-8);
        ffnNorm = LayerNorm(d, eps: 1e-8);
        q = Linear(d, d); k = Linear(d, d); v = Linear(d, d);
        ffn1 = Linear(d, d); ffn2 = Linear(d, d);
        dropout = Dropout(dropoutRate);
        RegisterComponents();
    }

    /// <summary>
    /// <paramref name="x"/>: [B, L, d]; <paramref name="attnMask"/>: boolean [B, 1, L, L] (true = may attend) or null for causal only.
    /// </summary>
    public override Tensor forward(Tensor x, Tensor attnMask)
    {
        long b = x.shape[0], l = x.shape[1], d = x.shape[2];
        var queries = attnNorm.forward(x);
        Tensor Split(Tensor t) => t.view(b, l, heads, d / heads).transpose(1, 2);
        var attn = functional.scaled_dot_product_attention(
            Split(q.forward(queries)), Split(k.forward(x)), Split(v.forward(x)),
            attn_mask: attnMask, p: training ? attnDropout : 0.0, is_casual: attnMask is null);
        var h = queries + attn.transpose(1, 2).reshape(b, l, d);
        h = ffnNorm.forward(h);
        return h + dropout.forward(ffn2.forward(dropout.forward(functional.relu(ffn1.forward(h)))));
    }
}
