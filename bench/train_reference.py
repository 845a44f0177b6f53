#!/usr/bin/env python3
"""PyTorch reference for `npm run bench:train` (issues #5 and #9).

Mirrors the studio's TensorFlow.js GLM model (main/model/) and its training step: tied word embeddings plus
inter- and intra-position tables, pre-LayerNorm blocks with a fused QKV projection, the Part A bidirectional /
Part B causal attention mask, tanh GELU, a final LayerNorm, cross-entropy on Part B rows only, AdamW with
decoupled weight decay on 2-D weights and global gradient-norm clipping. It trains on random batches of the bench
shape on the CPU and prints one stdout line, `pytorch <N> tokens/s`, which bench/train.ts sets beside the studio's.

Run it with OPENBLAS_NUM_THREADS=1 (see bench/README.md): torch's threads call OpenBLAS, and OpenBLAS's own thread
pool on top of them oversubscribes the cores.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import torch

# Debian's python3-torch installs for the system interpreter only; a pyenv or venv `python3` first on PATH lacks it.
SYSTEM_PYTHON = "/usr/bin/python3"
REEXEC_GUARD = "TRAIN_REFERENCE_REEXEC"
FIRST_REAL_TOKEN = 7  # ids 0..6 are the special tokens of main/model/types.ts
SPAN = 4  # Part B of a bench row: spans of 4 tokens, each with one inter position and intra 1..4
WARMUP_STEPS = 3
MIN_TIMED_SECONDS = 5.0


@dataclass(frozen=True)
class Preset:
    """A bench shape of issue #5 (PRESETS in main/model/types.ts plus the bench's batch size)."""

    layers: int
    width: int
    heads: int
    ffn: int
    vocab: int
    context: int
    batch: int
    dropout: float = 0.1


PRESETS: dict[str, Preset] = {
    "small": Preset(layers=2, width=128, heads=4, ffn=512, vocab=4000, context=64, batch=16),
    "base": Preset(layers=4, width=256, heads=4, ffn=1024, vocab=8000, context=128, batch=16),
}


def import_torch() -> None:
    """Imports torch, re-running under the system Python when only it has Debian's package; exits 3 if none has."""
    try:
        import torch  # noqa: F401
    except ImportError as error:
        here = os.path.realpath(sys.executable)
        other = os.path.exists(SYSTEM_PYTHON) and here != os.path.realpath(SYSTEM_PYTHON)
        if other and os.environ.get(REEXEC_GUARD) != "1":
            os.environ[REEXEC_GUARD] = "1"
            os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, *sys.argv])
        print(f"pytorch unavailable: {error}")
        sys.exit(3)


def build_model(p: Preset) -> "torch.nn.Module":
    """The GLM model of main/model/, in plain torch.nn, initialised as the studio initialises it."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    def weight(*shape: int) -> nn.Parameter:
        return nn.Parameter(torch.randn(*shape) * 0.02)

    def bias(n: int) -> nn.Parameter:
        return nn.Parameter(torch.zeros(n))

    class Block(nn.Module):
        """x + Dropout(Attn(LN1 x)·Wo + bo), then x + Dropout(GELU(LN2 x·W1 + b1)·W2 + b2); weights are [in, out]."""

        def __init__(self) -> None:
            super().__init__()
            d = p.width
            self.ln1 = nn.LayerNorm(d, eps=1e-5)
            self.w_qkv, self.b_qkv = weight(d, 3 * d), bias(3 * d)
            self.w_o, self.b_o = weight(d, d), bias(d)
            self.ln2 = nn.LayerNorm(d, eps=1e-5)
            self.w_1, self.b_1 = weight(d, p.ffn), bias(p.ffn)
            self.w_2, self.b_2 = weight(p.ffn, d), bias(d)

        def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            b, t, d = x.shape
            h, hd = p.heads, d // p.heads
            rate = p.dropout if self.training else 0.0
            qkv = torch.addmm(self.b_qkv, self.ln1(x).reshape(b * t, d), self.w_qkv)
            q, k, v = qkv.view(b, t, 3, h, hd).permute(2, 0, 3, 1, 4)  # each [b, h, t, hd]
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd) + mask
            probs = F.dropout(torch.softmax(scores, dim=-1), rate, self.training)
            ctx = torch.matmul(probs, v).transpose(1, 2).reshape(b * t, d)
            x = x + F.dropout(torch.addmm(self.b_o, ctx, self.w_o), rate, self.training).view(b, t, d)
            up = F.gelu(torch.addmm(self.b_1, self.ln2(x).reshape(b * t, d), self.w_1), approximate="tanh")
            return x + F.dropout(torch.addmm(self.b_2, up, self.w_2), rate, self.training).view(b, t, d)

    class Glm(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            d = p.width
            self.word = weight(p.vocab, d)
            self.inter = weight(p.context + 1, d)
            self.intra = weight(p.context + 1, d)
            self.blocks = nn.ModuleList(Block() for _ in range(p.layers))
            self.ln_f = nn.LayerNorm(d, eps=1e-5)

        def forward(self, batch: "BenchBatch") -> torch.Tensor:
            """Mean cross-entropy over the positions whose loss mask is 1."""
            h = self.word[batch.tokens] + self.inter[batch.inter] + self.intra[batch.intra]
            h = F.dropout(h, p.dropout, self.training)
            for block in self.blocks:
                h = block(h, batch.mask)
            # Gather the Part B rows before the vocabulary-wide product, so it runs on those tokens only.
            picked = self.ln_f(h.reshape(-1, p.width)).index_select(0, batch.rows)
            return F.cross_entropy(picked @ self.word.t(), batch.targets)

    return Glm()


class BenchBatch(NamedTuple):
    tokens: torch.Tensor  # [B, T] int64
    inter: torch.Tensor
    intra: torch.Tensor
    mask: torch.Tensor  # [B, 1, T, T] additive: 0 where query i may see key j, -1e9 elsewhere
    rows: torch.Tensor  # flat indices b·T + i where the loss mask is 1
    targets: torch.Tensor  # the labels at those rows


def attention_mask(sep: torch.Tensor, t: int) -> torch.Tensor:
    """Query i of row r sees key j iff j < sep[r] or j <= i (types.ts `Batch`)."""
    import torch

    i = torch.arange(t).view(1, t, 1)
    j = torch.arange(t).view(1, 1, t)
    allowed = (j < sep.view(-1, 1, 1)) | (j <= i)
    return torch.where(allowed, 0.0, -1e9).unsqueeze(1)


def bench_batch(p: Preset, gen: torch.Generator) -> BenchBatch:
    """Every row: T tokens, sep = T/2, Part B in spans of 4 that each point at one Part A position."""
    import torch

    b, t = p.batch, p.context
    sep = t // 2
    part_b = t - sep
    tokens = torch.randint(FIRST_REAL_TOKEN, p.vocab, (b, t), generator=gen)
    span_pos = torch.randint(0, sep, (b, math.ceil(part_b / SPAN)), generator=gen)
    inter = torch.cat([torch.arange(sep).expand(b, sep), span_pos.repeat_interleave(SPAN, dim=1)[:, :part_b]], dim=1)
    cycle = torch.arange(part_b) % SPAN + 1
    intra = torch.cat([torch.zeros(b, sep, dtype=torch.long), cycle.expand(b, part_b)], dim=1)
    loss_mask = torch.zeros(b, t, dtype=torch.bool)
    loss_mask[:, sep:] = True
    rows = loss_mask.reshape(-1).nonzero().squeeze(1)
    targets = torch.randint(FIRST_REAL_TOKEN, p.vocab, (rows.numel(),), generator=gen)
    return BenchBatch(tokens, inter.contiguous(), intra, attention_mask(torch.full((b,), sep), t), rows, targets)


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """AdamW, decaying the 2-D weights (embeddings included) and leaving biases and LayerNorm alone."""
    import torch

    params = list(model.parameters())
    return torch.optim.AdamW(
        [
            {"params": [w for w in params if w.dim() == 2], "weight_decay": 0.01},
            {"params": [w for w in params if w.dim() != 2], "weight_decay": 0.0},
        ],
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="PyTorch CPU reference for the studio's training bench.")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="small")
    parser.add_argument("--steps", type=int, default=20, help="timed steps at least (and at least 5 s)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="parameter count and loss per step on stderr")
    parser.add_argument("--overfit", action="store_true", help="repeat one fixed batch; exit 4 unless the loss falls")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    import_torch()
    import random

    import torch

    if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
        warning = "warning: OPENBLAS_NUM_THREADS is not 1; OpenBLAS's threads will fight torch's (bench/README.md)"
        print(warning, file=sys.stderr)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)

    p = PRESETS[args.preset]
    model = build_model(p)
    model.train()
    optimizer = make_optimizer(model)
    if args.verbose:
        count = sum(w.numel() for w in model.parameters())
        about = f"torch {torch.__version__}, {torch.get_num_threads()} threads"
        print(f"{args.preset}: {count} parameters, {about}", file=sys.stderr)

    def step(batch: BenchBatch) -> float:
        optimizer.zero_grad(set_to_none=True)
        loss = model(batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return float(loss)

    fixed = bench_batch(p, gen) if args.overfit else None
    losses: list[float] = []
    timed_steps, timed_seconds = 0, 0.0
    n = 0
    while n < WARMUP_STEPS or timed_steps < args.steps or timed_seconds < MIN_TIMED_SECONDS:
        batch = fixed if fixed is not None else bench_batch(p, gen)  # made outside the timed region
        start = time.perf_counter()
        loss = step(batch)
        elapsed = time.perf_counter() - start
        if n >= WARMUP_STEPS:
            timed_steps += 1
            timed_seconds += elapsed
        losses.append(loss)
        if args.verbose:
            print(f"step {n + 1} loss {loss:.4f}", file=sys.stderr)
        n += 1

    print(f"pytorch {round(p.batch * p.context * timed_steps / timed_seconds)} tokens/s")
    if args.overfit:
        first, last = losses[0], sum(losses[-3:]) / 3
        print(f"overfit: loss {first:.4f} -> {last:.4f} (mean of the last 3) over {n} steps", file=sys.stderr)
        if not last < first - 1.0:
            sys.exit(4)


if __name__ == "__main__":
    main()
