#!/usr/bin/env python3
"""The oracle of PixelStatisticsTest: the mean and standard deviation of every pixel of the built-in MNIST's examples
(scripts/fetch-data.sh mnist), read from its PTDS file with the standard library alone and summed exactly (fsum).

Usage: scripts/mnist-pixel-statistics.py [~/.cache/pretrain/data/mnist/mnist.ptds]
Printed on 2026-12-03: 10000 examples, mean 0.1311160063181228, standard deviation 0.3086688901102299.
"""
import array
import math
import struct
import sys
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else Path.home() / ".cache/pretrain/data/mnist/mnist.ptds")
data = path.read_bytes()
magic, count, features, classes = struct.unpack(">4siii", data[:16])
if magic != b"PTDS" or classes == 0:
    raise SystemExit(f"{path} is not a classification PTDS shard")
record = 1 + 4 * features  # a label byte, then the features as big-endian float32
total, squares = 0.0, 0.0
for i in range(count):
    pixels = array.array("f")
    pixels.frombytes(data[16 + i * record + 1:16 + (i + 1) * record])
    pixels.byteswap()
    total += math.fsum(pixels)
    squares += math.fsum(p * p for p in pixels)
n = count * features
mean = total / n
print(f"{count} examples, mean {mean!r}, standard deviation {math.sqrt(squares / n - mean * mean)!r}")
