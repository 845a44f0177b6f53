#!/usr/bin/env python3
"""Trains a RecSys Studio run exported as a bundle, with PyTorch DistributedDataParallel.

    torchrun --nproc_per_node=N train.py [--steps S] [--out DIR]    train (gloo on CPUs, NCCL on GPUs)
    python3 train.py [--steps S] [--out DIR]                        the same in one process, without torchrun
    python3 train.py --parity                                        the studio's loss and gradients, checked

The model is the studio's GLM (main/model/ in RecSys Studio) at parity: word + inter-position + intra-position
embeddings, pre-LayerNorm blocks with a fused QKV projection, Part A bidirectional / Part B causal attention, tanh
GELU, a final LayerNorm, an output layer tied to the word table, cross-entropy on Part B only, LoRA where the run has
it, AdamW with decoupled decay on 2-D weights, global-norm clipping and linear warmup then cosine decay to 10%.
Parameters keep the studio's names and layouts (weights are [in, out]), so its safetensors load with no mapping.

Batches come from the bundle's shards, one per step, exactly as the studio draws them. Each process takes an even
share of a step's rows and scales its summed loss so that DDP's gradient average equals the gradient of the mean over
the whole batch: a run on N processes follows the one-process curve. Dropout masks are the studio's own (a hash of
the run seed, the step, the site and the element's index in the global batch), so they do not depend on N either;
--dropout torch uses PyTorch's generator instead, faster, the same in distribution only.

Checkpoints are safetensors, `step-0000120.safetensors` in --out (default checkpoints/ beside this file): every
parameter, the AdamW moments and the step. Started again with the same --out, the script resumes from the newest one
(what `torchrun --max-restarts` needs); --restart ignores them. A file named STOP in --out, SIGTERM or SIGINT stop
the run after the current step, with a checkpoint. Rank 0 prints one JSON object per line on stdout (start, step,
checkpoint, done) and appends the step lines to metrics.jsonl in --out.
"""

from __future__ import annotations

import os

# torch's threads call OpenBLAS; OpenBLAS's own pool on top of them oversubscribes the cores. Set before torch loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import math
import signal
import struct
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    import torch

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
REEXEC_GUARD = "STUDIO_BUNDLE_REEXEC"
LN_EPS = 1e-5
MASKED = -1e9
LOSS_TOLERANCE = 1e-4
GRAD_TOLERANCE = 1e-3
MOMENT1, MOMENT2 = "adamw.m/", "adamw.v/"
M32 = 0xFFFFFFFF
GOLDEN = 0x6D2B79F5


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
        print(f"PyTorch is not installed ({error}): apt-get install python3-torch, or pip install torch", file=sys.stderr)
        sys.exit(3)


# --- safetensors -------------------------------------------------------------------------------------------------


def read_safetensors(path: Path) -> tuple[dict[str, "torch.Tensor"], dict[str, str]]:
    """Every tensor of a safetensors file (in its stored dtype) and its metadata; bounds are checked."""
    import torch

    dtypes = {
        "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
        "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "U8": torch.uint8,
    }
    raw = bytearray(path.read_bytes())
    if len(raw) < 8:
        raise ValueError(f"{path}: not a safetensors file ({len(raw)} bytes)")
    (n,) = struct.unpack_from("<Q", raw, 0)
    if 8 + n > len(raw):
        raise ValueError(f"{path}: header length {n} does not fit in {len(raw)} bytes")
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None) or {}
    base, size = 8 + n, len(raw) - 8 - n
    out: dict[str, torch.Tensor] = {}
    for name, entry in header.items():
        dtype = dtypes.get(entry["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {entry['dtype']}")
        begin, end = entry["data_offsets"]
        shape = entry["shape"]
        count = math.prod(shape)
        itemsize = torch.tensor([], dtype=dtype).element_size()
        if not 0 <= begin <= end <= size or end - begin != count * itemsize:
            raise ValueError(f"{path}: tensor {name} has bytes {begin}..{end}, which do not fit {entry['dtype']} {shape}")
        flat = torch.frombuffer(raw, dtype=dtype, count=count, offset=base + begin) if count else torch.empty(0, dtype=dtype)
        out[name] = flat.reshape(shape)
    return out, metadata


def write_safetensors(path: Path, tensors: dict[str, "torch.Tensor"], metadata: dict[str, str]) -> None:
    """Writes float32 / int32 tensors in the order given, to a temporary file renamed over `path` (never half a file)."""
    import torch

    names = {torch.float32: "F32", torch.int32: "I32"}
    header: dict[str, Any] = {"__metadata__": metadata}
    blobs: list[bytes] = []
    offset = 0
    for name, tensor in tensors.items():
        t = tensor.detach().to("cpu").contiguous()
        blob = t.numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# --- the studio's seeds and dropout masks --------------------------------------------------------------------------


def mix_seed(a: int, b: int) -> int:
    """The studio's mixSeed (a murmur3 finalizer over two 32-bit integers)."""
    h = ((a & M32) * 0x9E3779B1 & M32) ^ (b & M32)
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & M32
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & M32
    return (h ^ (h >> 16)) & M32


def s32(x: int) -> int:
    """A 32-bit pattern as the signed int32 value with the same bits."""
    x &= M32
    return x - (1 << 32) if x >= 1 << 31 else x


def srl(t: "torch.Tensor", k: int) -> "torch.Tensor":
    """Logical right shift of int32 bit patterns (torch's >> on int32 is arithmetic)."""
    return (t >> k) & ((1 << (32 - k)) - 1)


def mulberry32_bits(seed: int, index: "torch.Tensor") -> "torch.Tensor":
    """The 32 bits of mulberry32(seed)'s draw number index+1, the studio's stream element by element, as int32 bit
    patterns: int32 products wrap mod 2^32 like Math.imul (an 18x faster mask than 64-bit arithmetic on CPUs)."""
    import torch

    t = (index + 1).to(torch.int32) * s32(GOLDEN) + s32(seed)
    t = (t ^ srl(t, 15)) * (t | 1)
    t = t ^ (t + (t ^ srl(t, 7)) * (t | 61))
    return t ^ srl(t, 14)


class Dropout:
    """Inverted dropout whose mask at each site is the studio's: element i of the global batch tensor is dropped iff
    the i-th draw of mulberry32(mixSeed(stepSeed, site)) is below the rate. A process holding rows row0… of the
    batch computes only its own elements' indices."""

    def __init__(self, rate: float, step_seed: int, row0: int, mode: str, generator: "torch.Generator | None") -> None:
        import torch

        self.rate, self.step_seed, self.row0, self.mode, self.generator = rate, step_seed, row0, mode, generator
        # keep iff bits >= ceil(rate·2^32) as unsigned; flipping the sign bit of both sides compares them as int32.
        self.limit = s32(min(M32, math.ceil(rate * 2**32)) ^ 0x80000000)
        self.keep = torch.tensor(1.0 / (1.0 - rate), dtype=torch.float32).item() if rate < 1 else 0.0

    def __call__(self, x: "torch.Tensor", site: int) -> "torch.Tensor":
        import torch

        if self.rate <= 0:
            return x
        if self.mode == "torch":
            keep = torch.rand(x.shape, device=x.device, generator=self.generator) >= self.rate
        else:
            per_row = x[0].numel() if x.shape[0] else 0
            start = self.row0 * per_row
            index = torch.arange(start, start + x.numel(), dtype=torch.int64, device=x.device).view(x.shape)
            keep = (mulberry32_bits(mix_seed(self.step_seed, site), index) ^ s32(0x80000000)) >= self.limit
        return x * (keep.to(x.dtype) * self.keep)


# --- the model -----------------------------------------------------------------------------------------------------


def learning_rate(step: int, o: dict[str, Any]) -> float:
    """The studio's schedule: linear warmup (step 0 gets lr/warmup), cosine decay to finalLrFraction at totalSteps."""
    if step < o["warmupSteps"]:
        return o["lr"] * (step + 1) / o["warmupSteps"]
    span = max(1, o["totalSteps"] - o["warmupSteps"])
    progress = min(1.0, (step - o["warmupSteps"]) / span)
    f = o["finalLrFraction"]
    return o["lr"] * (f + (1 - f) * 0.5 * (1 + math.cos(math.pi * progress)))


def build_model(manifest: dict[str, Any]) -> "torch.nn.Module":
    import torch
    import torch.nn.functional as F
    from torch import nn

    shape = manifest["model"]
    lora = manifest["lora"]

    class Glm(nn.Module):
        """Parameters in the studio's order and names (held in one ParameterList, since module names cannot hold dots)."""

        def __init__(self) -> None:
            super().__init__()
            specs = manifest["params"]
            self.names = [p["name"] for p in specs]
            self.index = {n: i for i, n in enumerate(self.names)}
            self.weights = nn.ParameterList(
                nn.Parameter(torch.zeros(p["shape"]), requires_grad=p["trainable"]) for p in specs
            )
            self.d, self.heads, self.layers = shape["width"], shape["heads"], shape["layers"]
            self.adapted = {f"layer{l}.{t}" for l in range(self.layers) for t in (lora["targets"] if lora else [])}
            self.scale = lora["alpha"] / lora["rank"] if lora else 0.0

        def p(self, name: str) -> torch.Tensor:
            return self.weights[self.index[name]]

        def project(self, x: torch.Tensor, name: str) -> torch.Tensor:
            """x·W + b, plus (α/r)·(x·Aᵀ)·Bᵀ on adapted projections."""
            y = torch.matmul(x, self.p(f"{name}.w")) + self.p(f"{name}.b")
            if name in self.adapted:
                y = y + torch.matmul(torch.matmul(x, self.p(f"{name}.lora.a").t()) * self.scale, self.p(f"{name}.lora.b").t())
            return y

        def norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
            return F.layer_norm(x, (self.d,), self.p(f"{name}.gamma"), self.p(f"{name}.beta"), LN_EPS)

        def forward(self, batch: dict[str, torch.Tensor], dropout: Callable[[torch.Tensor, int], torch.Tensor]) -> torch.Tensor:
            """Cross-entropy at each Part B position (the rows of batch['at']), in row-major order."""
            tokens = batch["tokens"]
            b, t = tokens.shape
            d, h = self.d, self.heads
            hd = d // h
            x = self.p("embed.word")[tokens] + self.p("embed.inter")[batch["inter"]] + self.p("embed.intra")[batch["intra"]]
            x = dropout(x, 0)
            i = torch.arange(t, device=tokens.device).view(1, t, 1)
            j = torch.arange(t, device=tokens.device).view(1, 1, t)
            allowed = (j < batch["sep"].view(-1, 1, 1)) | (j <= i)
            mask = torch.where(allowed, 0.0, MASKED).to(x.dtype).unsqueeze(1)
            for layer in range(self.layers):
                p = f"layer{layer}"
                qkv = self.project(self.norm(x, f"{p}.ln1"), f"{p}.qkv")
                q, k, v = (z.reshape(b, t, h, hd).transpose(1, 2) for z in qkv.split(d, dim=-1))
                probs = torch.softmax(torch.matmul(q * (1.0 / math.sqrt(hd)), k.transpose(-1, -2)) + mask, dim=-1)
                ctx = torch.matmul(dropout(probs, 1 + 3 * layer), v).transpose(1, 2).reshape(b, t, d)
                x = x + dropout(self.project(ctx, f"{p}.attnOut"), 2 + 3 * layer)
                up = F.gelu(self.project(self.norm(x, f"{p}.ln2"), f"{p}.ffnUp"), approximate="tanh")
                x = x + dropout(self.project(up, f"{p}.ffnDown"), 3 + 3 * layer)
            hidden = self.norm(x, "final.ln").reshape(b * t, d).index_select(0, batch["at"])
            logits = torch.matmul(hidden, self.p("embed.word").t())
            return F.cross_entropy(logits, batch["targets"], reduction="none")

    return Glm()


# --- the bundle ----------------------------------------------------------------------------------------------------


class Bundle:
    """bundle.json, the shards (read one at a time) and the starting weights."""

    def __init__(self, folder: Path) -> None:
        self.dir = folder
        with open(folder / "bundle.json", encoding="utf-8") as f:
            self.manifest: dict[str, Any] = json.load(f)
        if self.manifest.get("format") != "recsys-studio-bundle" or self.manifest.get("version") != 1:
            raise SystemExit(f"{folder / 'bundle.json'}: not a version 1 RecSys Studio bundle")
        self.start, self.end = self.manifest["startStep"], self.manifest["endStep"]
        self._shard: tuple[str, dict[str, torch.Tensor]] | None = None

    def batch(self, step: int) -> dict[str, "torch.Tensor"]:
        """The studio's batch of `step`: tokens, inter, intra, sep, labels, lossMask, rowLabel (int64 tensors)."""
        for shard in self.manifest["shards"]:
            if shard["firstStep"] <= step < shard["firstStep"] + shard["steps"]:
                if self._shard is None or self._shard[0] != shard["file"]:
                    self._shard = (shard["file"], read_safetensors(self.dir / shard["file"])[0])
                tensors = self._shard[1]
                fields = ("tokens", "inter", "intra", "sep", "labels", "lossMask", "rowLabel")
                return {f: tensors[f"{step}/{f}"].long() for f in fields}
        raise SystemExit(f"the bundle holds steps {self.start}..{self.end - 1}, not step {step}")


def local_batch(full: dict[str, "torch.Tensor"], lo: int, hi: int, device: "torch.device") -> dict[str, "torch.Tensor"]:
    """Rows lo..hi−1 of a step's batch on `device`, with the flat Part B positions and their labels."""
    import torch

    part = {k: v[lo:hi] for k, v in full.items()}
    at = (part["lossMask"].reshape(-1) > 0).nonzero().squeeze(1)
    out = {k: part[k].to(device) for k in ("tokens", "inter", "intra", "sep")}
    out["at"] = at.to(device)
    out["targets"] = part["labels"].reshape(-1).index_select(0, at).to(device)
    out["rows"] = torch.div(at, part["tokens"].shape[1], rounding_mode="floor")
    return out


def load_state(model: "torch.nn.Module", tensors: dict[str, "torch.Tensor"], what: str) -> tuple[dict[str, "torch.Tensor"], dict[str, "torch.Tensor"]]:
    """Copies every parameter from `tensors` (names and shapes must match) and returns the moments found there."""
    import torch

    problems = []
    for name in model.names:
        t = tensors.get(name)
        if t is None:
            problems.append(f"{name} missing")
        elif list(t.shape) != list(model.p(name).shape):
            problems.append(f"{name} is {list(t.shape)}, the model {list(model.p(name).shape)}")
    if problems:
        raise SystemExit(f"{what} does not fit the bundle's model: {'; '.join(problems)}")
    with torch.no_grad():
        for name in model.names:
            model.p(name).copy_(tensors[name].float())
    m = {n[len(MOMENT1) :]: t.float() for n, t in tensors.items() if n.startswith(MOMENT1)}
    v = {n[len(MOMENT2) :]: t.float() for n, t in tensors.items() if n.startswith(MOMENT2)}
    return m, v


def make_optimizer(model: "torch.nn.Module", manifest: dict[str, Any]) -> "torch.optim.Optimizer":
    """torch's AdamW (the studio's update exactly), decaying 2-D weights only, as the studio does."""
    import torch

    o = manifest["optimizer"]
    trainable = [model.p(n) for n in model.names if model.p(n).requires_grad]
    return torch.optim.AdamW(
        [
            {"params": [w for w in trainable if w.dim() == 2], "weight_decay": o["weightDecay"]},
            {"params": [w for w in trainable if w.dim() != 2], "weight_decay": 0.0},
        ],
        lr=o["lr"],
        betas=(o["beta1"], o["beta2"]),
        eps=o["eps"],
    )


def set_moments(model: "torch.nn.Module", opt: "torch.optim.Optimizer", m: dict, v: dict, adam_step: int) -> None:
    import torch

    if adam_step == 0:
        return
    for name in model.names:
        p = model.p(name)
        if not p.requires_grad:
            continue
        if name not in m or name not in v:
            raise SystemExit(f"the weights hold AdamW moments for step {adam_step} but none for {name}")
        opt.state[p] = {"step": torch.tensor(float(adam_step)), "exp_avg": m[name].to(p.device).clone(), "exp_avg_sq": v[name].to(p.device).clone()}


def checkpoint_tensors(model: "torch.nn.Module", opt: "torch.optim.Optimizer") -> dict[str, "torch.Tensor"]:
    out = {n: model.p(n) for n in model.names}
    for n in model.names:
        state = opt.state.get(model.p(n))
        if state:
            out[MOMENT1 + n] = state["exp_avg"]
            out[MOMENT2 + n] = state["exp_avg_sq"]
    return out


def adam_step_of(model: "torch.nn.Module", opt: "torch.optim.Optimizer") -> int:
    for n in model.names:
        state = opt.state.get(model.p(n))
        if state:
            return int(state["step"])
    return 0


def newest_checkpoint(out: Path) -> tuple[int, Path] | None:
    found = []
    for f in out.glob("step-*.safetensors"):
        digits = f.name[len("step-") : -len(".safetensors")]
        if digits.isdigit():
            found.append((int(digits), f))
    return max(found) if found else None


# --- entry points ----------------------------------------------------------------------------------------------------


def parity(bundle: Bundle, device: "torch.device") -> int:
    """The first bundled batch through the bundled weights, in training mode with the studio's dropout masks: loss
    and gradients against the studio's, which export wrote into the bundle."""
    import torch

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    manifest = bundle.manifest
    model = build_model(manifest).to(device)
    weights, _ = read_safetensors(bundle.dir / "weights.safetensors")
    load_state(model, weights, "weights.safetensors")
    p = manifest["parity"]
    full = bundle.batch(p["step"])
    batch = local_batch(full, 0, full["tokens"].shape[0], device)
    dropout = Dropout(manifest["model"]["dropout"], mix_seed(manifest["seed"], p["step"]), 0, "studio", None)
    model.train()
    ce = model(batch, dropout)
    loss = ce.mean()
    loss.backward()
    studio_grads, _ = read_safetensors(bundle.dir / p["gradients"])
    worst, worst_name = 0.0, ""
    for name in model.names:
        param = model.p(name)
        if not param.requires_grad:
            continue
        g, ref = param.grad.detach().cpu().double(), studio_grads[name].double()
        rel = float((g - ref).norm() / max(float(ref.norm()), 1e-12))
        if rel >= worst:
            worst, worst_name = rel, name
    torch_loss = float(loss)
    rel_diff = abs(torch_loss - p["studioLoss"]) / max(abs(p["studioLoss"]), 1e-12)
    line = {
        "studioLoss": p["studioLoss"],
        "torchLoss": torch_loss,
        "relDiff": rel_diff,
        "gradRelDiff": worst,
        "gradWorst": worst_name,
        "step": p["step"],
        "studioBackend": p["backend"],
        "torch": torch.__version__,
        "device": str(device),
    }
    print(json.dumps(line), flush=True)
    return 0 if rel_diff <= LOSS_TOLERANCE and worst <= GRAD_TOLERANCE else 1


def train(bundle: Bundle, args: argparse.Namespace) -> int:
    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel

    manifest = bundle.manifest
    under_torchrun = "RANK" in os.environ and "WORLD_SIZE" in os.environ
    rank = int(os.environ.get("RANK", "0"))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    local_world = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
    cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")
    if cuda:
        torch.cuda.set_device(device)
    else:
        torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) // local_world))
    backend = args.backend or ("nccl" if cuda else "gloo")
    if under_torchrun:
        dist.init_process_group(backend=backend)
    batch_size = manifest["batchSize"]
    if world > batch_size:
        raise SystemExit(f"{world} processes for a batch of {batch_size} rows: use at most {batch_size}")
    lo, hi = batch_size * rank // world, batch_size * (rank + 1) // world
    out = Path(args.out) if args.out else bundle.dir / "checkpoints"
    out.mkdir(parents=True, exist_ok=True)
    end = bundle.end if args.steps is None else min(bundle.end, bundle.start + args.steps)
    emit = print_json if rank == 0 else (lambda *_: None)

    model = build_model(manifest)
    weights, _ = read_safetensors(bundle.dir / "weights.safetensors")
    m, v = load_state(model, weights, "weights.safetensors")
    step, adam_step, resumed = bundle.start, manifest["adamStep"], None
    found = None if args.restart else newest_checkpoint(out)
    if found and found[0] > bundle.start:
        tensors, meta = read_safetensors(found[1])
        m, v = load_state(model, tensors, str(found[1]))
        step, adam_step, resumed = found[0], int(meta.get("adamStep", found[0])), str(found[1])
    model.to(device)
    if under_torchrun:
        # Every rank must resume from the same step; on several machines that needs an --out every node shares.
        span = torch.tensor([step, -step], dtype=torch.int64, device=device)
        dist.all_reduce(span, op=dist.ReduceOp.MAX)
        if int(span[0]) != -int(span[1]):
            raise SystemExit(f"the processes found checkpoints of different steps ({-int(span[1])} to {int(span[0])}) in {out}: "
                             "on several machines --out must be a folder every node shares")
    opt = make_optimizer(model, manifest)
    set_moments(model, opt, m, v, adam_step)
    ddp = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None) if under_torchrun else model

    stop = {"asked": False}

    def ask_stop(*_: Any) -> None:
        stop["asked"] = True

    signal.signal(signal.SIGTERM, ask_stop)
    signal.signal(signal.SIGINT, ask_stop)
    labels = manifest["rowLabels"]
    o = manifest["optimizer"]
    rate = manifest["model"]["dropout"]
    generator = torch.Generator(device=device).manual_seed(manifest["seed"] * 1000 + rank) if args.dropout == "torch" else None
    emit({"event": "start", "world": world, "backend": backend if under_torchrun else "none", "device": str(device),
          "torch": torch.__version__, "startStep": step, "endStep": end, "bundleStart": bundle.start, "resumedFrom": resumed,
          "dropout": args.dropout, "out": str(out)})
    metrics = open(out / "metrics.jsonl", "a", encoding="utf-8") if rank == 0 else None
    started = time.perf_counter()

    def save(done: int) -> None:
        if rank == 0:
            meta = {"format": "recsys-studio-weights", "step": str(done), "adamStep": str(adam_step_of(model, opt)),
                    "runId": str(manifest["run"]["id"]), "model": json.dumps(manifest["model"]),
                    "lora": json.dumps(manifest["lora"]), "producer": f"train.py, torch {torch.__version__}, {world} processes"}
            path = out / f"step-{done:07d}.safetensors"
            write_safetensors(path, checkpoint_tensors(model, opt), meta)
            for old in sorted(out.glob("step-*.safetensors"))[: -args.keep] if args.keep > 0 else []:
                old.unlink()
            emit({"event": "checkpoint", "step": done, "file": str(path), "bytes": path.stat().st_size})

    model.train()
    stopped = False
    while step < end:
        t0 = time.perf_counter()
        full = bundle.batch(step)
        per_row_count = full["lossMask"].sum(dim=1).double()
        count = float(per_row_count.sum())
        batch = local_batch(full, lo, hi, device)
        dropout = Dropout(rate, mix_seed(manifest["seed"], step), lo, args.dropout, generator)
        for group in opt.param_groups:
            group["lr"] = learning_rate(step, o)
        opt.zero_grad(set_to_none=True)
        ce = ddp(batch, dropout)
        # DDP averages gradients over processes: Σ_local·N/count averages to Σ_all/count, the whole batch's mean.
        (ce.sum() * (world / count)).backward()
        trainable = [p for p in model.parameters() if p.requires_grad]
        norm = float(torch.nn.utils.clip_grad_norm_(trainable, o["clipNorm"]))
        opt.step()
        sums = torch.zeros(2 + batch_size, dtype=torch.float64, device=device)
        sums[0] = ce.detach().double().sum()
        sums[1] = 1.0 if stop["asked"] or (rank == 0 and (out / "STOP").exists()) else 0.0
        sums[2 + lo : 2 + hi] = torch.zeros(hi - lo, dtype=torch.float64).index_add_(0, batch["rows"], ce.detach().double().cpu()).to(device)
        if under_torchrun:
            dist.all_reduce(sums)
        sums = sums.cpu()
        seconds = time.perf_counter() - t0
        by_family: dict[str, list[float]] = {}
        for r in range(batch_size):
            mean = float(sums[2 + r] / per_row_count[r]) if per_row_count[r] > 0 else 0.0
            by_family.setdefault(labels[int(full["rowLabel"][r])], []).append(mean)
        line = {"event": "step", "step": step, "loss": float(sums[0]) / count, "lr": learning_rate(step, o), "gradNorm": norm,
                "tokensPerSecond": float((full["tokens"] != 0).sum()) / seconds, "elapsed": time.perf_counter() - started,
                "byFamily": {k: sum(xs) / len(xs) for k, xs in by_family.items()}, "total": end}
        emit(line)
        if metrics:
            metrics.write(json.dumps(line) + "\n")
            metrics.flush()
        if not math.isfinite(line["loss"]):
            raise SystemExit(f"the loss became {line['loss']} at step {step}: lower the learning rate")
        step += 1
        stopped = bool(sums[1] > 0)
        if step % manifest["checkpointEvery"] == 0 or step == end or stopped:
            save(step)
        if stopped:
            break
    if rank == 0 and (out / "STOP").exists():
        (out / "STOP").unlink()
    emit({"event": "done", "step": step, "stopped": stopped})
    if metrics:
        metrics.close()
    if under_torchrun:
        dist.destroy_process_group()
    return 0


def launch(nproc: int, rest: list[str]) -> int:
    """`python3 train.py --nproc_per_node N …`: torchrun's own launcher (torch.distributed.run) on this machine, on a
    free port so that several runs can share it, with the bug of PyTorch 1.13 under Python 3.11 worked around."""
    import re
    import socket
    import uuid

    from torch.distributed import run as torchrun
    from torch.distributed.elastic.multiprocessing import Std

    # Python 3.11 no longer lists the zero flag when iterating an IntFlag, so 1.13's Std.from_str("0") gives None and
    # torchrun fails with "'NoneType' object has no attribute 'get'" before starting anything. Fixed in PyTorch 2.
    if Std.from_str("0") is not Std.NONE:

        def from_str(vm: str) -> Any:
            if re.fullmatch(r"[0123]", vm):
                return Std(int(vm))
            return {int(i): Std(int(v)) for i, v in (m.split(":") for m in vm.split(","))}

        Std.from_str = staticmethod(from_str)  # type: ignore[method-assign]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = ["--nnodes=1", f"--nproc_per_node={nproc}", "--rdzv_backend=c10d", f"--rdzv_endpoint=127.0.0.1:{port}",
            f"--rdzv_id={uuid.uuid4()}", str(Path(__file__).resolve()), *rest]
    torchrun.main(argv)
    return 0


def without_nproc(argv: list[str]) -> list[str]:
    """The arguments for the workers: everything but --nproc_per_node and its value."""
    rest: list[str] = []
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--nproc_per_node", "--nproc-per-node"):
            skip = True
        elif not a.startswith(("--nproc_per_node=", "--nproc-per-node=")):
            rest.append(a)
    return rest


def print_json(obj: dict[str, Any]) -> None:
    print(json.dumps(obj), flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Train a RecSys Studio bundle with PyTorch (DDP under torchrun).")
    parser.add_argument("--steps", type=int, help="train the first S bundled steps (default: all); a resumed run stops there too")
    parser.add_argument("--out", help="checkpoint folder (default: checkpoints/ in the bundle); resumes from its newest")
    parser.add_argument("--parity", action="store_true", help="print the studio's and PyTorch's loss for the first batch as JSON")
    parser.add_argument("--restart", action="store_true", help="ignore checkpoints already in --out")
    parser.add_argument("--dropout", choices=["studio", "torch"], default="studio", help="the studio's masks (default) or torch's RNG")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--backend", choices=["gloo", "nccl"], help="process-group back end (default: nccl on GPUs, else gloo)")
    parser.add_argument("--threads", type=int, help="CPU threads per process (default: cores / processes on this node)")
    parser.add_argument("--keep", type=int, default=3, help="newest checkpoints kept in --out (0: all)")
    parser.add_argument("--nproc_per_node", "--nproc-per-node", type=int, dest="nproc",
                        help="start N processes on this machine through torchrun's launcher (what torchrun --nproc_per_node does)")
    args = parser.parse_args()
    if args.steps is not None and args.steps < 0:
        parser.error("--steps must be 0 or more")
    return args


def main() -> int:
    args = parse_args()
    import_torch()
    import torch

    if args.nproc is not None and "RANK" not in os.environ:
        if args.nproc < 1:
            raise SystemExit("--nproc_per_node must be 1 or more")
        return launch(args.nproc, without_nproc(sys.argv[1:]))
    bundle = Bundle(HERE)
    if args.parity:
        return parity(bundle, torch.device("cuda" if args.device == "cuda" else "cpu"))
    return train(bundle, args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit as stop:
        # A message, not a traceback: the studio shows the line that starts with "train.py: error:".
        if isinstance(stop.code, str):
            print(f"train.py: error: {stop.code}", file=sys.stderr, flush=True)
            sys.exit(2)
        raise
