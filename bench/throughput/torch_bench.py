"""The PyTorch side of the training-throughput benchmark: the same MLP and causal-LM transformer as the platform's
DJL trainers (MlpTrainingThroughput.java, TransformerTrainingThroughput.java), and MiniLM fine-tuning through
transformers (MiniLmFineTuningThroughput.java), the same synthetic data in memory, the same optimizer, loss and step,
timed the same way. Prints one JSON line per model, as the Java side does.

Usage: torch_bench.py THREADS WARMUP_MLP STEPS_MLP WARMUP_TRANSFORMER STEPS_TRANSFORMER REPEATS
       torch_bench.py THREADS --minilm CHECKPOINT_DIR WARMUP STEPS REPEATS
       torch_bench.py THREADS --profile TRANSFORMER_STEPS   (the MLP profiles ten times as many)
       torch_bench.py THREADS --profile-minilm CHECKPOINT_DIR STEPS
"""

import json
import math
import sys
import time
import warnings

warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

FEATURES, HIDDEN, CLASSES, MLP_BATCH = 784, 512, 10, 256
MLP_EXAMPLES = 64 * MLP_BATCH
VOCAB, MAX_LENGTH, WIDTH, LAYERS, HEADS, FFN = 8000, 128, 256, 4, 4, 1024
SEQUENCE, LM_BATCH = 128, 32
WINDOWS = 8 * LM_BATCH
LEARNING_RATE = 1e-3
BLOCKED = -1e9
MINILM_SEQUENCE, MINILM_BATCH, MINILM_CLASSES = 128, 16, 2
MINILM_ROWS = 8 * MINILM_BATCH
MINILM_LEARNING_RATE, MINILM_WEIGHT_DECAY = 5e-5, 0.01
CLS, SEP, FIRST_WORD = 101, 102, 1000


def mlp_examples():
    """x[i][j] = ((7919 i + 104729 j) mod 10007) / 10007, label (31 i + 7) mod 10, as the Java side builds them."""
    i = torch.arange(MLP_EXAMPLES, dtype=torch.int64)[:, None]
    j = torch.arange(FEATURES, dtype=torch.int64)[None, :]
    x = ((7919 * i + 104729 * j) % 10007).to(torch.float32) / 10007
    y = (31 * torch.arange(MLP_EXAMPLES) + 7) % CLASSES
    return x, y


def token_windows():
    """Token t of window i is 4 + ((7919 i + 104729 t) mod 7996), as the Java side builds them."""
    i = torch.arange(WINDOWS, dtype=torch.int64)[:, None]
    t = torch.arange(SEQUENCE + 1, dtype=torch.int64)[None, :]
    return 4 + (7919 * i + 104729 * t) % (VOCAB - 4)


class SelfAttention(nn.Module):
    """MultiHeadSelfAttention.java: one qkv projection, scaled dot product plus an additive bias, softmax, output."""

    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH)
        self.output = nn.Linear(WIDTH, WIDTH)

    def forward(self, x, bias):
        batch, length, _ = x.shape
        head = WIDTH // HEADS
        qkv = self.qkv(x).reshape(batch, length, 3, HEADS, head).permute(2, 0, 3, 1, 4)
        query, key, value = qkv[0], qkv[1], qkv[2]
        scores = query.matmul(key.transpose(-1, -2)) / math.sqrt(head) + bias
        context = scores.softmax(-1).matmul(value).transpose(1, 2).reshape(batch, length, WIDTH)
        return self.output(context)


class PreNormLayer(nn.Module):
    """PreNormEncoderLayer.java: x + Attention(LN(x)), then h + FFN(LN(h)) with GELU; dropout off."""

    def __init__(self):
        super().__init__()
        self.attention_norm = nn.LayerNorm(WIDTH)
        self.attention = SelfAttention()
        self.feed_forward_norm = nn.LayerNorm(WIDTH)
        self.expand = nn.Linear(WIDTH, FFN)
        self.contract = nn.Linear(FFN, WIDTH)

    def forward(self, x, bias):
        h = x + self.attention(self.attention_norm(x), bias)
        return h + self.contract(F.gelu(self.expand(self.feed_forward_norm(h))))


class CausalLanguageModel(nn.Module):
    """LanguageModel.java: token plus learned position embeddings, pre-LN layers, final LN, LM head."""

    def __init__(self):
        super().__init__()
        self.tokens = nn.Parameter(torch.randn(VOCAB, WIDTH) * 0.02)
        self.positions = nn.Parameter(torch.randn(MAX_LENGTH, WIDTH) * 0.02)
        self.layers = nn.ModuleList(PreNormLayer() for _ in range(LAYERS))
        self.final_norm = nn.LayerNorm(WIDTH)
        self.head = nn.Linear(WIDTH, VOCAB)
        self.register_buffer("future", torch.full((MAX_LENGTH, MAX_LENGTH), BLOCKED).triu(1))

    def forward(self, ids):
        length = ids.shape[1]
        # padding keys (id 0) blocked for every query, and future keys: TransformerEncoder.attentionBias
        bias = ((ids == 0).float() * BLOCKED)[:, None, None, :] + self.future[:length, :length]
        x = F.embedding(ids, self.tokens) + self.positions[:length]
        for layer in self.layers:
            x = layer(x, bias)
        return self.head(self.final_norm(x))


def token_cross_entropy(logits, targets, weights):
    """TokenCrossEntropy.java: weighted sum of per-position NLL over the sum of weights."""
    nll = -logits.log_softmax(-1).gather(-1, targets[..., None]).squeeze(-1) * weights
    return nll.sum() / weights.sum().clamp(min=1)


def mlp_trainer():
    """The fine-tune stage's step (TrainingLoop.step): forward, softmax cross-entropy, backward, read loss, Adam."""
    torch.manual_seed(42)
    x, y = mlp_examples()
    model = nn.Sequential(nn.Linear(FEATURES, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(),
                          nn.Linear(HIDDEN, CLASSES))
    adam = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, eps=1e-8)
    generator = torch.Generator().manual_seed(42)
    state = {"order": torch.empty(0, dtype=torch.int64), "cursor": 0}

    def step(mark=lambda phase: None):
        if state["cursor"] + MLP_BATCH > len(state["order"]):
            state["order"], state["cursor"] = torch.randperm(MLP_EXAMPLES, generator=generator), 0
        indices = state["order"][state["cursor"]:state["cursor"] + MLP_BATCH]
        state["cursor"] += MLP_BATCH
        inputs, labels = x[indices], y[indices]
        mark("data -> tensor")
        adam.zero_grad(set_to_none=True)
        mark("zero_grad")
        logits = model(inputs)
        mark("forward")
        loss = F.cross_entropy(logits, labels)
        mark("loss")
        loss.backward()
        mark("backward")
        value = loss.item()
        mark("loss item()")
        if not math.isfinite(value):
            raise RuntimeError(f"mlp: the loss became {value}")
        adam.step()
        mark("optimizer step (Adam)")

    return step, MLP_BATCH


def transformer_trainer():
    """LanguageModelPretraining.step: forward, token cross-entropy, backward, read loss, clip norm 1.0, Adam."""
    torch.manual_seed(42)
    windows = token_windows()
    model = CausalLanguageModel()
    adam = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, eps=1e-8)
    generator = torch.Generator().manual_seed(42)
    state = {"order": torch.empty(0, dtype=torch.int64), "cursor": 0}

    def step(mark=lambda phase: None):
        if state["cursor"] + LM_BATCH > len(state["order"]):
            state["order"], state["cursor"] = torch.randperm(WINDOWS, generator=generator), 0
        batch = windows[state["order"][state["cursor"]:state["cursor"] + LM_BATCH]]
        state["cursor"] += LM_BATCH
        inputs, targets = batch[:, :-1], batch[:, 1:]
        weights = torch.ones(targets.shape)
        mark("data -> tensor")
        adam.zero_grad(set_to_none=True)
        mark("zero_grad")
        logits = model(inputs)
        mark("forward")
        loss = token_cross_entropy(logits, targets, weights)
        mark("loss")
        loss.backward()
        mark("backward")
        value = loss.item()
        mark("loss item()")
        if not math.isfinite(value):
            raise RuntimeError(f"transformer: the loss became {value}")
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        mark("clip_grad_norm_")
        adam.step()
        mark("optimizer step (Adam)")

    return step, LM_BATCH


def minilm_rows(vocabulary):
    """Row i: [CLS], 1000 + ((7919 i + 104729 t) mod (vocab - 1000)) at position t, [SEP] at 127 - (37 i mod 48),
    then padding (0); label (i // 2 + i // 3) mod 2, as the Java side builds them."""
    ids = torch.zeros(MINILM_ROWS, MINILM_SEQUENCE, dtype=torch.int64)
    for i in range(MINILM_ROWS):
        length = MINILM_SEQUENCE - (37 * i) % 48
        t = torch.arange(1, length - 1, dtype=torch.int64)
        ids[i, 0] = CLS
        ids[i, 1:length - 1] = FIRST_WORD + (7919 * i + 104729 * t) % (vocabulary - FIRST_WORD)
        ids[i, length - 1] = SEP
    labels = torch.tensor([(i // 2 + i // 3) % MINILM_CLASSES for i in range(MINILM_ROWS)])
    return ids, labels


def minilm_trainer(checkpoint):
    """BertForSequenceClassification from the checkpoint (a new 2-class head) in training mode, dropout as its config
    says, transformers' default attention implementation, the attention mask a tokenizer would give; forward,
    softmax cross-entropy, backward, read loss, torch.optim.AdamW (its default decoupled weight decay, 0.01)."""
    import transformers

    transformers.logging.set_verbosity_error()
    torch.manual_seed(42)
    model = transformers.BertForSequenceClassification.from_pretrained(checkpoint, num_labels=MINILM_CLASSES)
    model.train()
    ids, labels = minilm_rows(model.config.vocab_size)
    adam = torch.optim.AdamW(model.parameters(), lr=MINILM_LEARNING_RATE, weight_decay=MINILM_WEIGHT_DECAY, eps=1e-8)
    generator = torch.Generator().manual_seed(42)
    state = {"order": torch.empty(0, dtype=torch.int64), "cursor": 0}

    def step(mark=lambda phase: None):
        if state["cursor"] + MINILM_BATCH > len(state["order"]):
            state["order"], state["cursor"] = torch.randperm(MINILM_ROWS, generator=generator), 0
        indices = state["order"][state["cursor"]:state["cursor"] + MINILM_BATCH]
        state["cursor"] += MINILM_BATCH
        inputs, targets = ids[indices], labels[indices]
        mask = (inputs != 0).long()
        mark("data -> tensor")
        adam.zero_grad(set_to_none=True)
        mark("zero_grad")
        logits = model(input_ids=inputs, attention_mask=mask).logits
        mark("forward")
        loss = F.cross_entropy(logits, targets)
        mark("loss")
        loss.backward()
        mark("backward")
        value = loss.item()
        mark("loss item()")
        if not math.isfinite(value):
            raise RuntimeError(f"minilm: the loss became {value}")
        adam.step()
        mark("optimizer step (AdamW)")

    step.attention = model.config._attn_implementation
    return step, MINILM_BATCH


def measure(name, trainer, threads, warmup, steps, repeats):
    step, batch = trainer()
    for _ in range(warmup):
        step()
    rates, cpu_rates = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(steps):
            step()
        rates.append(steps * batch / (time.perf_counter() - wall))
        cpu_rates.append(steps * batch / (time.process_time() - cpu))
    print(json.dumps({"side": "torch", "model": name, "threads": threads, "batch": batch, "warmup": warmup,
                      "steps": steps, "samples_per_s": [round(r, 2) for r in rates],
                      "samples_per_cpu_s": [round(r, 2) for r in cpu_rates],
                      **({"attention": step.attention} if hasattr(step, "attention") else {})}), flush=True)


class Phases:
    """Wall and training-thread CPU time per phase, summed: TrainingStepProfile.Phases without the JNI counts."""

    def __init__(self):
        self.seconds = {}
        self.last = (time.perf_counter(), time.thread_time())

    def start(self):
        self.last = (time.perf_counter(), time.thread_time())

    def mark(self, phase):
        now = (time.perf_counter(), time.thread_time())
        wall, cpu = self.seconds.get(phase, (0.0, 0.0))
        self.seconds[phase] = (wall + now[0] - self.last[0], cpu + now[1] - self.last[1])
        self.last = now


def nested_in_op(event):
    """True for an op that another op or the autograd engine called, rather than Python."""
    parent = event.cpu_parent
    while parent is not None:
        if parent.name.startswith(("aten::", "autograd::engine")):
            return True
        parent = parent.cpu_parent
    return False


def profile(name, trainer, threads, steps, warmup=3):
    """Per-phase time of a step, then the aten ops Python dispatches per step (its crossings into libtorch)."""
    step, batch = trainer()
    for _ in range(warmup):
        step()
    phases = Phases()
    for _ in range(steps):
        phases.start()
        step(phases.mark)
    total = sum(wall for wall, _ in phases.seconds.values())
    with torch.autograd.profiler.profile() as prof:
        for _ in range(steps):
            step()
    counts = {}
    for e in prof.function_events:
        if e.name.startswith("aten::") and not nested_in_op(e):
            counts[e.name] = counts.get(e.name, 0) + 1
    print(json.dumps({
        "side": "torch", "model": name, "threads": threads, "steps": steps,
        "samples_per_s": round(steps * batch / total, 2),
        "phases": [[p, round(wall * 1e3 / steps, 3), round(cpu * 1e3 / steps, 3)]
                   for p, (wall, cpu) in phases.seconds.items()],
        "dispatches": round(sum(counts.values()) / steps, 1),
        "aten_ops": sorted(([n, round(c / steps, 1)] for n, c in counts.items()), key=lambda r: -r[1])}),
        flush=True)


def main():
    threads = int(sys.argv[1])
    torch.set_num_interop_threads(1)
    torch.set_num_threads(threads)
    if sys.argv[2] == "--profile":
        profile_steps = int(sys.argv[3])
        profile("mlp", mlp_trainer, threads, profile_steps * 10)
        profile("transformer", transformer_trainer, threads, profile_steps)
        return
    if sys.argv[2] == "--profile-minilm":
        checkpoint = sys.argv[3]
        profile("minilm", lambda: minilm_trainer(checkpoint), threads, int(sys.argv[4]), warmup=2)
        return
    if sys.argv[2] == "--minilm":
        checkpoint, (warmup, steps, repeats) = sys.argv[3], (int(a) for a in sys.argv[4:7])
        measure("minilm", lambda: minilm_trainer(checkpoint), threads, warmup, steps, repeats)
        return
    warmup_mlp, steps_mlp, warmup_lm, steps_lm, repeats = (int(a) for a in sys.argv[2:7])
    measure("mlp", mlp_trainer, threads, warmup_mlp, steps_mlp, repeats)
    measure("transformer", transformer_trainer, threads, warmup_lm, steps_lm, repeats)


if __name__ == "__main__":
    main()
