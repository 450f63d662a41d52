#!/usr/bin/env python3
"""Checks an exported model with Hugging Face's own `safetensors` package (pip install safetensors numpy).

Usage: scripts/check-safetensors.py model.safetensors model-card.json

Loads every tensor with safetensors.numpy, checks that the names are the ones the model card lists, that the
values are finite float32, and prints each tensor's shape. Python is only the independent reader here; the
platform never runs it.
"""
import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file


def main(model_path, card_path):
    card = json.load(open(card_path))
    tensors = load_file(model_path)
    assert set(tensors) == set(card["tensors"]), f"card lists {card['tensors']}, file has {sorted(tensors)}"
    with safe_open(model_path, framework="numpy") as f:
        metadata = f.metadata()
    for name, array in tensors.items():
        assert array.dtype == np.float32, f"{name} is {array.dtype}"
        assert np.isfinite(array).all(), f"{name} has non-finite values"
        print(f"{name}: {list(array.shape)}")
    print(f"ok: {len(tensors)} tensors, metadata {metadata}, card metrics {card['metrics']}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
