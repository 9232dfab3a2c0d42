using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeqRecLab.Models;

/// <summary>
/// One BERT encoder layer (post-LayerNorm, as in BERT and Sun et al.'s code): bidirectional multi-head
/// self-attention with an output projection, dropout, residual, LayerNorm; then a feed-forward layer
/// (Linear d→I, GELU, Linear I→d), dropout, residual, LayerNorm. LayerNorm ε = 1e-12 (BERT's).
/// </summary>
public sealed class Bert4RecBlock : Module<Tensor, Tensor?, Tensor>
{
    readonly Linear q, k, v, attnOut, ffn1, ffn2;
    readonly LayerNorm attnNorm, ffnNorm;
    readonly Dropout dropout;
    readonly int heads;
    readonly double attnDropout;

    /// <summary>Creates a layer of hidden size <paramref name="d"/>, <paramref name="heads"/> heads and feed-forward width <paramref name="intermediate"/>.</summary>
    public Bert4RecBlock(int d, int heads, int intermediate, double dropoutRate, double attentionDropoutRate) : base(nameof(Bert4RecBlock))
    {
        this.heads = heads;
        attnDropout = attentionDropoutRate;
        q = Linear(d, d); k = Linear(d, d); v = Linear(d, d); attnOut = Linear(d, d);
        ffn1 = Linear(d, intermediate); ffn2 = Linear(intermediate, d);
        attnNorm = LayerNorm(d, eps: 1e-12);
        ffnNorm = LayerNorm(d, eps: 1e-12);
        dropout = Dropout(dropoutRate);
        RegisterComponents();
    }

    /// <summary>
    /// <paramref name="x"/>: [B, L, d]; <paramref name="keyMask"/>: boolean [B, 1, 1, L] (true = may be attended to),
    /// or null to attend to every position. Returns [B, L, d].
    /// </summary>
    public override Tensor forward(Tensor x, Tensor? keyMask)
    {
        long b = x.shape[0], l = x.shape[1], d = x.shape[2];
        Tensor Split(Tensor t) => t.view(b, l, heads, d / heads).transpose(1, 2);
        var attn = functional.scaled_dot_product_attention(
            Split(q.forward(x)), Split(k.forward(x)), Split(v.forward(x)),
            attn_mask: keyMask, p: training ? attnDropout : 0.0, is_casual: false);
        var h = attnNorm.forward(x + dropout.forward(attnOut.forward(attn.transpose(1, 2).reshape(b, l, d))));
        return ffnNorm.forward(h + dropout.forward(ffn2.forward(functional.gelu(ffn1.forward(h)))));
    }
}
