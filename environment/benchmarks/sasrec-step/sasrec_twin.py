"""PyTorch eager twin of SeqRecLab's SASRec training step, for the same-GPU comparison in README.md.

Same architecture and ops as lib/Models/SasRec.cs + SasRecBlock.cs (√d-scaled item embeddings + learned positions,
dropout, blocks of [LayerNorm(queries) → SDPA with causal+padding-key mask → residual → LayerNorm → FFN(ReLU) with
residual], final LayerNorm), the same on-device batch sampling (rows of a [U, L+1] table drawn with replacement),
full-softmax cross-entropy over items 1..N, Adam. Prints one JSON line with the median ms/step.
"""
import argparse, json, math, statistics, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, p):
        super().__init__()
        self.heads, self.p = heads, p
        self.attn_norm, self.ffn_norm = nn.LayerNorm(d, eps=1e-8), nn.LayerNorm(d, eps=1e-8)
        self.q, self.k, self.v = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.ffn1, self.ffn2 = nn.Linear(d, d), nn.Linear(d, d)
        self.drop = nn.Dropout(p)

    def forward(self, x, mask):
        b, l, d = x.shape
        q = self.attn_norm(x)
        split = lambda t: t.view(b, l, self.heads, d // self.heads).transpose(1, 2)
        a = F.scaled_dot_product_attention(split(self.q(q)), split(self.k(x)), split(self.v(x)),
                                           attn_mask=mask, dropout_p=self.p if self.training else 0.0)
        h = self.ffn_norm(q + a.transpose(1, 2).reshape(b, l, d))
        return h + self.drop(self.ffn2(self.drop(F.relu(self.ffn1(h)))))


class SASRec(nn.Module):
    def __init__(self, n_items, L, d, blocks, heads, p):
        super().__init__()
        self.items, self.pos = nn.Embedding(n_items + 1, d, padding_idx=0), nn.Embedding(L, d)
        self.blocks = nn.ModuleList([Block(d, heads, p) for _ in range(blocks)])
        self.final_norm, self.drop, self.scale, self.L = nn.LayerNorm(d, eps=1e-8), nn.Dropout(p), math.sqrt(d), L
        for name, w in self.named_parameters():
            if w.dim() >= 2: nn.init.xavier_uniform_(w)
            elif name.endswith("bias"): nn.init.zeros_(w)
        with torch.no_grad(): self.items.weight[0].zero_()

    def forward(self, x):
        l = x.shape[1]
        keep = (x != 0).unsqueeze(-1)
        h = self.drop(self.items(x) * self.scale + self.pos(torch.arange(self.L - l, self.L, device=x.device))) * keep
        causal = torch.ones(l, l, dtype=torch.bool, device=x.device).tril()
        eye = torch.eye(l, dtype=torch.bool, device=x.device)
        mask = (causal & (keep.transpose(1, 2) | eye)).unsqueeze(1)
        for blk in self.blocks: h = blk(h, mask) * keep
        return self.final_norm(h)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True); ap.add_argument("--steps", type=int, default=100); ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--length", type=int, default=200); ap.add_argument("--dim", type=int, default=64); ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--heads", type=int, default=1); ap.add_argument("--dropout", type=float, default=0.2); ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--device", default="cuda")
    a = ap.parse_args()
    seqs = [[int(t) for t in line.split()] for line in open(a.data) if line.strip()]
    train = [s[:-2] for s in seqs if len(s) >= 3]          # leave-one-out: the last two items are held out
    n_items = max(max(s) for s in seqs)
    L = a.length
    table = torch.zeros(len(train), L + 1, dtype=torch.long)
    for u, s in enumerate(train):
        w = s[-(L + 1):]
        table[u, L + 1 - len(w):] = torch.tensor(w)
    dev = torch.device(a.device)
    table = table.to(dev)
    torch.manual_seed(1)
    model = SASRec(n_items, L, a.dim, a.blocks, a.heads, a.dropout).to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    times = []
    for step in range(a.warmup + a.steps):
        sync(); t0 = time.perf_counter()
        rows = table[torch.randint(0, table.shape[0], (a.batch,), device=dev)]
        x = rows[:, :-1]; y = rows[:, 1:] * (x != 0)
        h = model(x)
        logits = h.reshape(-1, a.dim) @ model.items.weight[1:].t()
        loss = F.cross_entropy(logits, y.reshape(-1) - 1, ignore_index=-1)
        opt.zero_grad(); loss.backward(); opt.step()
        sync(); t1 = time.perf_counter()
        if step >= a.warmup: times.append((t1 - t0) * 1000)
    print(json.dumps({"impl": "pytorch-eager", "torch": torch.__version__, "device": str(dev),
                      "gpu": torch.cuda.get_device_name(0) if dev.type == "cuda" else None,
                      "median_ms_per_step": statistics.median(times), "steps": a.steps, "warmup": a.warmup,
                      "batch": a.batch, "length": L, "dim": a.dim, "blocks": a.blocks, "items": n_items,
                      "last_loss": float(loss)}))


if __name__ == "__main__":
    main()
