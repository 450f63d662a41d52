#!/usr/bin/env python3
"""Checks a run's Hugging Face export against what the run itself scored, with transformers.

Loads the evaluate stage's huggingface/ folder with AutoModelForSequenceClassification and AutoTokenizer, exactly as
a user would, feeds it the token ids of the run's test split (data prep's test.ptds: big-endian int magic, size,
features, classes, then per example a label byte and `features` floats) with padding (id 0) masked, and compares its
class probabilities with the `pretrained.p.*` columns of the run's predictions.csv: label agreement must be at least
99.9% and every probability within 1e-4.

Usage: scripts/check-run-export.py FOLDER TEST_PTDS PREDICTIONS_CSV   (the python of scripts/install-torch-oracle.sh)
"""
import csv
import struct
import sys

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

MIN_AGREEMENT = 0.999
PROBABILITY_TOLERANCE = 1e-4


def test_ids(path):
    raw = open(path, "rb").read()
    _, size, features, _ = struct.unpack(">iiii", raw[:16])
    rows, offset = [], 16
    for _ in range(size):
        offset += 1
        rows.append([int(x) for x in struct.unpack(">%df" % features, raw[offset:offset + 4 * features])])
        offset += 4 * features
    return torch.tensor(rows)


def main():
    folder, ptds, predictions = sys.argv[1:4]
    torch.set_num_threads(1)
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    AutoTokenizer.from_pretrained(folder)
    ids = test_ids(ptds)
    with torch.no_grad():
        probabilities = model(input_ids=ids, attention_mask=(ids != 0).long()).logits.softmax(-1).numpy()
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    platform = np.array([[float(row["pretrained.p." + label]) for label in labels]
                         for row in csv.DictReader(open(predictions, encoding="utf-8"))])
    agreement = float((probabilities.argmax(1) == platform.argmax(1)).mean())
    difference = float(np.abs(probabilities - platform).max())
    print(f"{len(ids)} test examples of {ids.shape[1]} tokens, labels {labels}: label agreement {agreement:.4f}, "
          f"largest probability difference {difference:.2e}")
    sys.exit(0 if agreement >= MIN_AGREEMENT and difference <= PROBABILITY_TOLERANCE else 1)


if __name__ == "__main__":
    main()
