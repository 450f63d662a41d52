#!/usr/bin/env python3
"""NT-Xent (SimCLR's normalized temperature-scaled cross-entropy) computed with NumPy alone, as the reference
value ContrastiveLossTest checks the platform's loss against.

Inputs are fixed by formula (no random generator), so the fixture can be recreated anywhere:
  scripts/nt-xent-reference.py > activities/src/test/resources/ai/pretrain/training/nt-xent-reference.json

Rows 0..N-1 are the first views of N images and rows N..2N-1 their second views, in the same order: row i's
positive is row (i + N) mod 2N, and every other row of the batch is a negative (Chen et al., 2020, eq. 1).
"""
import json

import numpy as np

PAIRS, WIDTH = 6, 5


def projections():
    i = np.arange(2 * PAIRS, dtype=np.float64)[:, None]
    j = np.arange(WIDTH, dtype=np.float64)[None, :]
    views = np.sin(0.37 * (i % PAIRS) + 0.11 * j * j + 0.5 * j)
    # the second view of an image is its first plus a distortion, so positives are near but not equal
    views[PAIRS:] += 0.3 * np.cos(1.3 * i[PAIRS:] + j)
    return views


def nt_xent(z, temperature):
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    similarity = z @ z.T / temperature
    n = len(z)
    np.fill_diagonal(similarity, -np.inf)
    log_prob = similarity - np.log(np.exp(similarity).sum(axis=1, keepdims=True))
    positive = (np.arange(n) + n // 2) % n
    return float(-log_prob[np.arange(n), positive].mean())


z = projections()
print(json.dumps({
    "projections": z.round(12).tolist(),
    "losses": {str(t): nt_xent(z.round(12), t) for t in (0.1, 0.5, 1.0)},
}, indent=1))
