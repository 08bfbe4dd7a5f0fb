#!/usr/bin/env python3
"""Reads what the digits harness printed (mlir-runner's stdout: the seconds
spent in the batch loop, then the logits) and prints the accuracy on the test
set and the latency per batch of 32.

  mlir-runner ... | accuracy.py WORK_DIR
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mlp  # noqa: E402


def main():
    work = sys.argv[1]
    text = sys.stdin.read()
    y = np.load(os.path.join(work, "test_y.npy"))
    batches = (len(y) + 31) // 32
    print("accuracy %.2f%%, %.1f us per batch of 32" % (
        mlp.accuracy(mlp.parse_printed(text), y),
        mlp.parse_seconds(text) / (10 * batches) * 1e6))


if __name__ == "__main__":
    main()
