"""Turns the JSON lines of run.sh and profile.sh into markdown: the measured section of results.md (the rest of that
file, the profile findings written by hand, is kept) and the whole of profile.md.

Usage: report.py results RAW results.md --load BEFORE AFTER --python PYTHON --command CMD
       report.py profile RAW profile.md --command CMD
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
from pathlib import Path

BEGIN = "<!-- measured: written by bench/throughput/run.sh; edit outside these markers -->"
END = "<!-- /measured -->"
MODELS = {
    "mlp": "MLP 784-512-512-10, batch 256",
    "transformer": "causal-LM transformer (8000/256/4 layers/4 heads/1024), seq 128, batch 32",
    "minilm": "MiniLM fine-tuning (all-MiniLM-L6-v2, 2-class head, AdamW, dropout 0.1), seq 128, batch 16",
}
# The profile's phases, DJL's and PyTorch's, in the categories the comparison is made on.
CATEGORIES = {
    "data -> NDArray": "data to tensor",
    "data -> tensor": "data to tensor",
    "gradient collector open": "trainer bookkeeping (gradient collector, listeners, closing arrays)",
    "listeners (heartbeat)": "trainer bookkeeping (gradient collector, listeners, closing arrays)",
    "gradient collector close": "trainer bookkeeping (gradient collector, listeners, closing arrays)",
    "batch manager close": "trainer bookkeeping (gradient collector, listeners, closing arrays)",
    "forward": "forward",
    "loss": "loss",
    "backward": "backward",
    "loss getFloat": "loss read-back",
    "loss item()": "loss read-back",
    "clip: list trainable parameters": "gradient clipping",
    "clip: global norm (getFloat per parameter) + scale": "gradient clipping",
    "clip_grad_norm_": "gradient clipping",
    "zero_grad": "optimizer step, zeroing gradients included",
    "optimizer step (Trainer.step, AdamW)": "optimizer step, zeroing gradients included",
    "optimizer step (Trainer.step, Adam)": "optimizer step, zeroing gradients included",
    "optimizer step (Adam)": "optimizer step, zeroing gradients included",
    "optimizer step (AdamW)": "optimizer step, zeroing gradients included",
}


def read_lines(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.startswith("{")]


def run(command):
    """A command's stdout and stderr (java -version prints to stderr), or nothing where it fails."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout + done.stderr


def machine():
    lscpu = run(["lscpu"])
    model = re.search(r"Model name:\s*(.+)", lscpu)
    cpus = re.search(r"^CPU\(s\):\s*(\d+)", lscpu, re.M)
    return f"{model.group(1).strip() if model else platform.processor()}, {cpus.group(1) if cpus else os.cpu_count()} cores"


def spread(values):
    return f"{statistics.median(values):,.0f}" if len(values) == 1 else \
        f"{statistics.median(values):,.1f} ({min(values):,.1f}–{max(values):,.1f})" if max(values) < 100 else \
        f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def results(args):
    rates, cpu_rates, steps = {}, {}, {}
    for line in read_lines(args.raw):
        key = (line["model"], int(line["threads"]))
        rates.setdefault(key + (line["side"],), []).extend(line["samples_per_s"])
        cpu_rates.setdefault(key + (line["side"],), []).extend(line["samples_per_cpu_s"])
        steps[key] = (line["warmup"], line["steps"])
    java = run(["java", "-version"]).splitlines()[0]
    versions = run([args.python, "-c", "import sys, warnings; warnings.simplefilter('ignore'); import torch; "
                    "import transformers; print(sys.version.split()[0], torch.__version__, transformers.__version__)"]
                   ).split()
    attention = sorted({line["attention"] for line in read_lines(args.raw) if "attention" in line})
    rows = []
    for model in MODELS:
        for threads in (1, 2):
            djl, torch = rates.get((model, threads, "djl")), rates.get((model, threads, "torch"))
            if not djl or not torch:
                continue
            warmup, timed = steps[(model, threads)]
            ratio = statistics.median(djl) / statistics.median(torch)
            cpu_ratio = statistics.median(cpu_rates[(model, threads, "djl")]) / \
                statistics.median(cpu_rates[(model, threads, "torch")])
            rows.append(f"| {MODELS[model]} | {threads} | {warmup} + {timed} | {spread(djl)} | {spread(torch)} "
                        f"| **{ratio:.2f}** | {cpu_ratio:.2f} |")
    section = "\n".join([
        BEGIN,
        "# Training throughput: the platform's DJL trainers against PyTorch",
        "",
        f"`{args.command.strip()}`, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.",
        "",
        "| context | |",
        "| --- | --- |",
        f"| machine | {machine()}; load average (1/5/15 min) {args.load[0]} before, {args.load[1]} after |",
        f"| Java | {java} |",
        f"| DJL | {os.environ.get('djl_version', '?')}, PyTorch engine on libtorch "
        f"{os.environ.get('libtorch_version', '?')} (CPU build) |",
        f"| Python, torch | {versions[0] if versions else '?'}, {versions[1] if len(versions) > 1 else '?'} "
        "(the PyPI wheel, run on the CPU) |",
        f"| transformers | {versions[2] if len(versions) > 2 else '?'}, attention implementation "
        f"{', '.join(attention) or '?'} (MiniLM's PyTorch side) |",
        f"| threads | intra-op as listed, inter-op 1, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}, "
        "on both sides |",
        "",
        "Samples/s: the median of 3 repeats (min–max), each a fresh process after its warm-up steps, DJL and "
        "PyTorch alternating. The ratio is DJL's median over PyTorch's; the target is 1.0 or more (0.95 for MiniLM "
        "fine-tuning). The last column "
        "is the same ratio per CPU-second of the whole process (JIT and GC threads included), which other load on "
        "the machine disturbs less than the wall clock.",
        "",
        "| model | threads | steps (warm-up + timed) | DJL samples/s | PyTorch samples/s | DJL / PyTorch "
        "| per CPU-second |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        END,
    ])
    out = Path(args.out)
    text = out.read_text() if out.exists() else BEGIN + "\n" + END + "\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    out.write_text(text[:start] + section + text[end:])


def profile(args):
    lines = read_lines(args.raw)
    parts = [
        "# Where a training step's time goes: DJL against PyTorch",
        "",
        f"Written by `{args.command.strip()}`, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, on "
        f"{machine()}. Milliseconds per step, averaged over the profiled steps (after warm-up); DJL's JNI calls "
        "are the outermost `JniUtils` calls (one native call each) and its NDArrays the `PtNDArray` objects "
        "created, both counted by byte-buddy advice, which slows DJL's side by a little. PyTorch's dispatches are "
        "the aten ops that Python calls directly (its crossings into libtorch). CPU ms are the training thread's "
        "alone, which the machine's other load disturbs less than the wall clock; at 2 threads they leave out the "
        "OpenMP worker's share, so read the wall clock there. The machine is shared: single phases move by 10–20 % "
        "between runs; compare the large differences.",
    ]
    for model in MODELS:
        for threads in (1, 2):
            djl = next((l for l in lines if l["side"] == "djl" and l["model"] == model
                        and int(l["threads"]) == threads), None)
            torch = next((l for l in lines if l["side"] == "torch" and l["model"] == model
                          and int(l["threads"]) == threads), None)
            if not djl or not torch:
                continue
            categories = {}
            for phase, wall, cpu, calls, arrays in djl["phases"]:
                c = categories.setdefault(CATEGORIES[phase], [0.0] * 6)
                c[0] += cpu
                c[2] += wall
                c[4] += calls
                c[5] += arrays
            for phase, wall, cpu in torch["phases"]:
                c = categories.setdefault(CATEGORIES[phase], [0.0] * 6)
                c[1] += cpu
                c[3] += wall
            total = [sum(c[i] for c in categories.values()) for i in range(6)]
            parts += [
                "",
                f"## {MODELS[model]}, {threads} thread{'s' if threads > 1 else ''}",
                "",
                f"By the wall clock DJL {djl['samples_per_s']:,.1f} samples/s over {djl['steps']} steps, PyTorch "
                f"{torch['samples_per_s']:,.1f}; by the training thread's CPU time DJL "
                f"{djl['samples_per_s'] * total[2] / total[0]:,.1f}, PyTorch "
                f"{torch['samples_per_s'] * total[3] / total[1]:,.1f}. JNI calls per step: {total[4]:,.0f} (DJL); "
                f"aten dispatches from Python per step: {torch['dispatches']:,.0f} (PyTorch).",
                "",
                "| phase | DJL CPU ms | PyTorch CPU ms | DJL − PyTorch | DJL wall ms | PyTorch wall ms "
                "| DJL JNI calls | DJL NDArrays |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
                *(f"| {name} | {c[0]:,.2f} | {c[1]:,.2f} | {c[0] - c[1]:+,.2f} | {c[2]:,.2f} | {c[3]:,.2f} "
                  f"| {c[4]:,.0f} | {c[5]:,.0f} |" for name, c in categories.items()),
                f"| **step** | **{total[0]:,.2f}** | **{total[1]:,.2f}** | **{total[0] - total[1]:+,.2f}** "
                f"| **{total[2]:,.2f}** | **{total[3]:,.2f}** | **{total[4]:,.0f}** | **{total[5]:,.0f}** |",
                "",
                "DJL's JNI calls per step by method: " + ", ".join(f"`{m}` {n:g}" for m, n in djl["jni_calls"]) + ".",
                "",
                "PyTorch's dispatches per step by op: " + ", ".join(f"`{m}` {n:g}" for m, n in torch["aten_ops"]) + ".",
            ]
    Path(args.out).write_text("\n".join(parts) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["results", "profile"])
    parser.add_argument("raw")
    parser.add_argument("out")
    parser.add_argument("--load", nargs=2, default=["?", "?"])
    parser.add_argument("--python", default="python3")
    parser.add_argument("--command", default="")
    args = parser.parse_args()
    results(args) if args.mode == "results" else profile(args)


if __name__ == "__main__":
    main()
