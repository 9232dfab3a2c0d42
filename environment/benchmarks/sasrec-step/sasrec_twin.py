"""PyTorch eager twin of SeqRecLab's SASRec training step, for the same-GPU comparison in README.md.

Same architecture and ops as lib/Models/SasRec.cs + SasRecBlock.cs (√d-scaled item embeddings + learned positions,
dropout, blocks of [LayerNorm(queries) → SDPA with causal+padding-key mask → residual → LayerNorm → FFN(ReLU) with
residual], final LayerNorm), the same on-device batch sampling (rows of a [U, L+1] table drawn with replacement),
Adam, and the same losses: full-softmax cross-entropy over items 1..N (SoftmaxLoss), or BCE / gBCE with k uniform
negatives per position (SampledBceLoss / GbceLoss: β-weighted positive column of BCE-with-logits, logits by gathering
[B, L, 1+k, d] output embeddings or by scoring all items and gathering 1+k columns, as SampledLogits does).
Prints one JSON line with the median ms/step and, on CUDA, the peak memory allocated over the timed steps.
"""
import argparse, json, math, os, statistics, subprocess, time
import torch
import torch.nn as nn
import torch.nn.functional as F


def _math_sdpa(q, k, v, attn_mask, dropout_p=0.0):
    """Attention as libtorch's math backend computes it, for PyTorch < 2.0 (no F.scaled_dot_product_attention)."""
    w = (q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])).masked_fill(~attn_mask, float("-inf")).softmax(-1)
    return F.dropout(w, dropout_p) @ v


sdpa = getattr(F, "scaled_dot_product_attention", _math_sdpa)


def process_memory_mib():
    """GPU memory nvidia-smi charges to this process (context + caching allocator), as the .NET side reads it."""
    try:
        out = subprocess.run(["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=10).stdout
        mine = [float(f[1]) for f in (line.split(",") for line in out.splitlines()) if len(f) == 2 and f[0].strip() == str(os.getpid())]
        return sum(mine) if mine else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


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
        a = sdpa(split(self.q(q)), split(self.k(x)), split(self.v(x)),
                 attn_mask=mask, dropout_p=self.p if self.training else 0.0)
        h = self.ffn_norm(q + a.transpose(1, 2).reshape(b, l, d))
        return h + self.drop(self.ffn2(self.drop(F.relu(self.ffn1(h)))))


class SASRec(nn.Module):
    def __init__(self, n_items, L, d, blocks, heads, p, separate_output=False):
        super().__init__()
        self.items, self.pos = nn.Embedding(n_items + 1, d, padding_idx=0), nn.Embedding(L, d)
        self.blocks = nn.ModuleList([Block(d, heads, p) for _ in range(blocks)])
        self.final_norm, self.drop, self.scale, self.L = nn.LayerNorm(d, eps=1e-8), nn.Dropout(p), math.sqrt(d), L
        self.out = nn.Embedding(n_items + 1, d, padding_idx=0) if separate_output else None
        for name, w in self.named_parameters():
            if w.dim() >= 2: nn.init.xavier_uniform_(w)
            elif name.endswith("bias"): nn.init.zeros_(w)
        with torch.no_grad():
            self.items.weight[0].zero_()
            if self.out is not None: self.out.weight[0].zero_()

    def output_embeddings(self):
        return (self.out if self.out is not None else self.items).weight

    def forward(self, x):
        l = x.shape[1]
        keep = (x != 0).unsqueeze(-1)
        h = self.drop(self.items(x) * self.scale + self.pos(torch.arange(self.L - l, self.L, device=x.device))) * keep
        causal = torch.ones(l, l, dtype=torch.bool, device=x.device).tril()
        eye = torch.eye(l, dtype=torch.bool, device=x.device)
        mask = (causal & (keep.transpose(1, 2) | eye)).unsqueeze(1)
        for blk in self.blocks: h = blk(h, mask) * keep
        return self.final_norm(h)


def sampled_loss(model, h, y, k, beta, path, n_items):
    """BCE (beta = 1) / gBCE with k uniform negatives per position, as SampledLogits + GbceLoss.FromLogits."""
    negs = torch.randint(1, n_items + 1, (y.shape[0], y.shape[1], k), device=y.device)
    ids = torch.cat([y.unsqueeze(-1), negs], -1)                                   # [B, L, 1+k]
    emb = model.output_embeddings()
    if path == "scoreall":
        logits = (h @ emb.t()).gather(-1, ids)                                      # [B, L, N+1] -> [B, L, 1+k]
    else:
        logits = (emb[ids] @ h.unsqueeze(-1)).squeeze(-1)                           # [B, L, 1+k, d] -> [B, L, 1+k]
    labels = torch.zeros_like(logits); labels[..., 0] = 1
    weight = torch.ones(k + 1, device=logits.device, dtype=logits.dtype); weight[0] = beta
    per_pos = F.binary_cross_entropy_with_logits(logits, labels, weight=weight, reduction="none").mean(-1)
    mask = (y != 0).to(h.dtype)
    return (per_pos * mask).sum() / mask.sum().clamp_min(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True); ap.add_argument("--steps", type=int, default=100); ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--length", type=int, default=200); ap.add_argument("--dim", type=int, default=64); ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--heads", type=int, default=1); ap.add_argument("--dropout", type=float, default=0.2); ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--device", default="cuda"); ap.add_argument("--loss", choices=["softmax", "bce", "gbce"], default="softmax")
    ap.add_argument("--negatives", type=int, default=None); ap.add_argument("--t", type=float, default=0.75)
    ap.add_argument("--logits", choices=["auto", "gather", "scoreall"], default="auto")
    ap.add_argument("--separate-output", choices=["true", "false"], default="false")
    ap.add_argument("--foreach", choices=["auto", "true", "false"], default="auto",
                    help="Adam's multi-tensor path (PyTorch's default on CUDA) or a loop over parameters, as TorchSharp's Adam")
    ap.add_argument("--phases", choices=["true", "false"], default="false",
                    help="after the timed steps, time forward+loss, backward and the optimizer step separately")
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
    model = SASRec(n_items, L, a.dim, a.blocks, a.heads, a.dropout, a.separate_output == "true").to(dev)
    k = a.negatives if a.negatives is not None else (1 if a.loss == "bce" else 256)
    t = a.t if a.loss == "gbce" else 0.0
    alpha = k / (n_items - 1)
    beta = t * (alpha - 1) + 1
    path = a.logits if a.logits != "auto" else ("scoreall" if n_items + 1 <= (1 + k) * a.dim else "gather")
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, foreach={"auto": None, "true": True, "false": False}[a.foreach])
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)

    def forward():
        rows = table[torch.randint(0, table.shape[0], (a.batch,), device=dev)]
        x = rows[:, :-1]; y = rows[:, 1:] * (x != 0)
        h = model(x)
        if a.loss == "softmax":
            logits = h.reshape(-1, a.dim) @ model.output_embeddings()[1:].t()
            return F.cross_entropy(logits, y.reshape(-1) - 1, ignore_index=-1)
        return sampled_loss(model, h, y, k, beta, path, n_items)

    times, memory_after_warmup = [], None
    for step in range(a.warmup + a.steps):
        if step == a.warmup and dev.type == "cuda":
            torch.cuda.reset_peak_memory_stats(dev)
            memory_after_warmup = process_memory_mib()
        sync(); t0 = time.perf_counter()
        loss = forward()
        opt.zero_grad(); loss.backward(); opt.step()
        sync(); t1 = time.perf_counter()
        if step >= a.warmup: times.append((t1 - t0) * 1000)
    memory_after_steps = process_memory_mib() if dev.type == "cuda" else None
    phases = {"forward_and_loss": [], "backward": [], "optimizer": []}
    for step in range(a.steps if a.phases == "true" else 0):
        sync(); t0 = time.perf_counter()
        loss = forward()
        sync(); t1 = time.perf_counter()
        opt.zero_grad(); loss.backward()
        sync(); t2 = time.perf_counter()
        opt.step()
        sync(); t3 = time.perf_counter()
        for name, ms in zip(phases, ((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000)): phases[name].append(ms)
    print(json.dumps({"impl": "pytorch-eager", "torch": torch.__version__, "device": str(dev),
                      "gpu": torch.cuda.get_device_name(0) if dev.type == "cuda" else None,
                      "median_ms_per_step": statistics.median(times),
                      "peak_memory_mib": torch.cuda.max_memory_allocated(dev) / 2**20 if dev.type == "cuda" else None,
                      "peak_reserved_mib": torch.cuda.max_memory_reserved(dev) / 2**20 if dev.type == "cuda" else None,
                      "process_memory_mib_after_warmup": memory_after_warmup, "process_memory_mib_after_steps": memory_after_steps,
                      "loss": a.loss if a.loss == "softmax" else f"{a.loss} (k={k}, t={t})", "logits_path": None if a.loss == "softmax" else path,
                      "separate_output": a.separate_output == "true", "steps": a.steps, "warmup": a.warmup,
                      "batch": a.batch, "length": L, "dim": a.dim, "blocks": a.blocks, "items": n_items,
                      "adam_foreach": a.foreach, "parameter_tensors": len(list(model.parameters())),
                      "phases_median_ms": {n: statistics.median(v) for n, v in phases.items()} if a.phases == "true" else None,
                      "last_loss": float(loss.detach())}))


if __name__ == "__main__":
    main()
