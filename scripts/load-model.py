#!/usr/bin/env python3
"""Rebuilds an exported MLP or residual-CNN model in PyTorch from its model card alone, and checks it.

Usage:
  scripts/load-model.py DIR [--raw-csv FILE [--header-rows N] [--feature-columns A:B]]

DIR holds a run's model-card.json, model.safetensors, test.ptds and predictions.csv (the artifacts of its
evaluate and prepareData stages; `bench/export/run.sh` shows how to download them). The script

  1. builds a torch.nn.Module from the card's `network` operations (docs/model-card.schema.json) and loads
     model.safetensors into it by the tensor names the card gives: nothing else about the platform is assumed;
  2. reads the test split from test.ptds (format in docs/evaluation-and-report.md) and predicts it;
  3. compares with predictions.csv, the platform's own predictions for the exported model ("pretrained"):
     every predicted class must agree and every probability match to 2e-6 (the CSV keeps 6 decimals); a regression's
     predictions, in the target's units, to 1e-5 relative;
  4. with --raw-csv (a table whose test ids are row numbers, as for built-in datasets), encodes the raw rows the
     card's split names with the card's input encoding and checks they give test.ptds's features (to 1e-5).

Exits 1 when a check fails. BERT-shaped models use their Hugging Face export instead (AutoModel.from_pretrained).
Needs torch, safetensors and numpy; Python is a user's tool here, never the platform's runtime.
"""
import argparse
import csv
import json
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file


class Operations(torch.nn.Module):
    """The card's operations in order; tensors come from the safetensors file by name."""

    def __init__(self, operations, tensors):
        super().__init__()
        self.steps = [self._step(op, tensors) for op in operations]

    def forward(self, x):
        for step in self.steps:
            x = step(x)
        return x

    def _step(self, op, tensors):
        kind = op["op"]
        if kind == "linear":
            weight, bias = tensors[op["weight"]], tensors[op["bias"]]
            return lambda x: F.linear(x, weight, bias)
        if kind == "relu":
            return F.relu
        if kind == "dropout":
            return lambda x: x  # identity at inference
        if kind == "batchNorm":
            mean, var = tensors[op["runningMean"]], tensors[op["runningVar"]]
            weight, bias, eps = tensors[op["weight"]], tensors[op["bias"]], op["eps"]
            return lambda x: F.batch_norm(x, mean, var, weight, bias, training=False, eps=eps)
        if kind == "conv2d":
            weight = tensors[op["weight"]]
            bias = tensors[op["bias"]] if op["bias"] else None
            stride, padding = tuple(op["stride"]), tuple(op["padding"])
            return lambda x: F.conv2d(x, weight, bias, stride=stride, padding=padding)
        if kind == "residual":
            main, shortcut = Operations(op["main"], tensors), Operations(op["shortcut"], tensors)
            return lambda x: F.relu(main(x) + shortcut(x))
        if kind == "standardizeChannels":
            channels = op["channels"]
            mean = torch.tensor(op["mean"], dtype=torch.float32).reshape(channels, 1)
            std = torch.tensor(op["std"], dtype=torch.float32).reshape(channels, 1)
            return lambda x: ((x.reshape(x.shape[0], channels, -1) - mean) / std).reshape(x.shape)
        if kind == "reshapeToImage":
            shape = (op["channels"], op["height"], op["width"])
            return lambda x: x.reshape(x.shape[0], *shape)
        if kind == "gridAveragePool":
            grid = op["grid"]

            def pool(x):
                cell = (-(-x.shape[2] // grid), -(-x.shape[3] // grid))
                pooled = F.avg_pool2d(x, cell, cell, 0, ceil_mode=True, count_include_pad=False)
                return pooled.reshape(pooled.shape[0], -1)
            return pool
        raise SystemExit(f"unknown operation {kind!r}: this script reads model-card schema version 1")


def read_shard(path):
    """test.ptds: big-endian "PTDS", int32 count, features, classes; per example a label byte (a float32 target
    when classes is 0) then the features as float32."""
    data = Path(path).read_bytes()
    magic, count, features, classes = struct.unpack(">4siii", data[:16])
    if magic != b"PTDS":
        raise SystemExit(f"{path} is not a PTDS shard")
    target = np.dtype(">f4") if classes == 0 else np.dtype("u1")
    rows = np.frombuffer(data, offset=16, count=count,
                         dtype=np.dtype([("y", target), ("x", ">f4", (features,))]))
    return rows["x"].astype(np.float32), rows["y"].astype(np.float64 if classes == 0 else np.int64)


def predictions_of(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_predictions(card, outputs, rows, model="pretrained"):
    failures = []
    if card["output"]["kind"] == "logits":
        classes = card["output"]["classes"]
        probabilities = torch.softmax(outputs, dim=1).numpy()
        agree = sum(classes[int(np.argmax(p))] == row[f"{model}.prediction"] for p, row in zip(probabilities, rows))
        csv_p = np.array([[float(row[f"{model}.p.{c}"]) for c in classes] for row in rows])
        gap = float(np.abs(csv_p - probabilities).max())
        print(f"predicted class agrees on {agree}/{len(rows)} test examples; largest probability gap {gap:.2e}")
        if agree != len(rows) or gap > 2e-6:
            failures.append("predictions differ")
    else:
        out = card["output"]
        predicted = outputs[:, 0].double().numpy() * out["targetStandardDeviation"] + out["targetMean"]
        platform = np.array([float(row[f"{model}.prediction"]) for row in rows])
        gap = float(np.max(np.abs(predicted - platform) / np.maximum(1.0, np.abs(platform))))
        print(f"regression predictions on {len(rows)} test examples; largest relative gap {gap:.2e}")
        if gap > 1e-5:
            failures.append("predictions differ")
    return failures


def check_raw(card, features, examples_path, raw_csv, header_rows, columns):
    encoding = card["input"]["encoding"]
    ids = json.loads(Path(examples_path).read_text())["ids"]
    with open(raw_csv, newline="") as f:
        table = list(csv.reader(f))[header_rows:]
    start, _, end = columns.partition(":")
    picked = slice(int(start) if start else None, int(end) if end else None)
    raw = np.array([[float(v) if v != "" else np.nan for v in table[int(i)][picked]] for i in ids], dtype=np.float32)
    if encoding["missingValueFill"] is not None:
        raw = np.where(np.isnan(raw), np.array(encoding["missingValueFill"], dtype=np.float32), raw)
    if encoding["mean"] is not None:
        raw = (raw - np.array(encoding["mean"], dtype=np.float32)) / np.array(encoding["standardDeviation"],
                                                                              dtype=np.float32)
    gap = float(np.abs(raw - features).max())
    print(f"raw rows encoded by the card give the test shard's features to {gap:.2e}")
    return [] if gap <= 1e-5 else ["raw encoding differs"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--raw-csv")
    parser.add_argument("--header-rows", type=int, default=1)
    parser.add_argument("--feature-columns", default=":-1", help="a Python slice of each raw row (default: all "
                        "but the last column)")
    args = parser.parse_args()

    card = json.loads((args.dir / "model-card.json").read_text())
    if card.get("schemaVersion") != 1:
        raise SystemExit(f"model card schema version {card.get('schemaVersion')}; this script reads version 1")
    if card["network"] is None:
        raise SystemExit("this card's network is described by its Hugging Face export; load it with transformers")
    tensors = load_file(args.dir / "model.safetensors")
    model = Operations(card["network"], tensors).eval()
    features, labels = read_shard(args.dir / "test.ptds")
    with torch.no_grad():
        outputs = model(torch.from_numpy(features))
    print(f"{card['name']}: {len(card['network'])} operations over {len(tensors)} tensors, "
          f"{features.shape[0]} test examples of {features.shape[1]} features")
    failures = check_predictions(card, outputs, predictions_of(args.dir / "predictions.csv"))
    if card["output"]["kind"] == "logits":
        accuracy = float((outputs.argmax(dim=1).numpy() == labels).mean())
        print(f"test accuracy of the rebuilt model: {accuracy:.4f} (card: {card['metrics'].get('accuracy')})")
        if abs(accuracy - card["metrics"]["accuracy"]) > 1e-9:
            failures.append("accuracy differs from the card's")
    if args.raw_csv:
        failures += check_raw(card, features, args.dir / "test-examples.json", args.raw_csv, args.header_rows,
                              args.feature_columns)
    print("ok" if not failures else "FAILED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
