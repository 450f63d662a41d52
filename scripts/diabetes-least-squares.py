#!/usr/bin/env python3
"""The least-squares reference the diabetes tests compare against.

Rebuilds data prep's split of scikit-learn's diabetes set for a seed (java.util.Random's generator and the
Fisher-Yates shuffle of Permutation.java, Math.round's half-up rounding), fits ordinary least squares with
scikit-learn on the labeled rows, standardized with the training split's statistics, and prints its test R² and MSE.

  python3 scripts/diabetes-least-squares.py SEED VALIDATION_FRACTION TEST_FRACTION LABELED_FRACTION
  e.g. 42 0.2 0.2 0.25 (examples/diabetes-regression.yaml): R² 0.409, MSE 2961.0
       7 0.2 0.2 0.5 (RegressionTrainingTest): R² 0.328, MSE 3723.5

Needs numpy and scikit-learn (pip install scikit-learn) and the files scripts/fetch-data.sh sklearn puts in
$PRETRAIN_DATA_ROOT/sklearn (default ~/.cache/pretrain/data/sklearn).
"""
import gzip
import math
import os
import sys

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error, r2_score


class JavaRandom:
    """java.util.Random: a 48-bit linear congruential generator."""

    def __init__(self, seed):
        self.state = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def next(self, bits):
        self.state = (self.state * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        value = self.state >> (48 - bits)
        return value - (1 << 32) if value >= (1 << 31) else value

    def next_int(self, bound):
        if bound & -bound == bound:
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            value = bits % bound
            if bits - value + (bound - 1) < (1 << 31):
                return value


def permutation(n, random):
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = random.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def java_round(x):
    return math.floor(x + 0.5)


def main():
    seed, validation, test, labeled = int(sys.argv[1]), *map(float, sys.argv[2:5])
    root = os.environ.get("PRETRAIN_DATA_ROOT", os.path.expanduser("~/.cache/pretrain/data"))
    x = np.loadtxt(gzip.open(os.path.join(root, "sklearn", "diabetes_data_raw.csv.gz")))
    y = np.loadtxt(gzip.open(os.path.join(root, "sklearn", "diabetes_target.csv.gz")))
    order = permutation(len(y), JavaRandom(seed))
    test_count, validation_count = java_round(len(y) * test), java_round(len(y) * validation)
    test_rows = order[:test_count]
    train_rows = order[test_count + validation_count:]
    take = max(1, java_round(len(train_rows) * labeled))
    labeled_rows = [train_rows[i] for i in permutation(len(train_rows), JavaRandom(seed + 1))[:take]]
    mean, deviation = x[train_rows].mean(0), x[train_rows].std(0)
    model = LinearRegression().fit((x[labeled_rows] - mean) / deviation, y[labeled_rows])
    predicted = model.predict((x[test_rows] - mean) / deviation)
    print(f"{take} labeled rows, {len(test_rows)} test rows: R² {r2_score(y[test_rows], predicted):.3f}, "
          f"MSE {mean_squared_error(y[test_rows], predicted):.1f}")


if __name__ == "__main__":
    main()
