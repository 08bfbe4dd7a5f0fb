#!/usr/bin/env python3
"""Masks from training enter compress as compress.prune.

`gen DIR`: a lottery ticket of the digits MLP (2 rounds of iterative
magnitude pruning, 50% of the remaining weights per round, rewinding to the
initial weights) exported with its masks; the numpy logits of the masked
model; and the dense trained weights with numpy's magnitude mask at 80%.
`check DIR RUN.out`: compiled logits vs numpy.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "examples", "digits"))
import mlp  # noqa: E402


def gen(out):
    data = mlp.load_data()
    params, masks = mlp.lottery_ticket(rounds=2, fraction=0.5, epochs=15, data=data)
    x_te, y_te = data[2], data[3]
    n = 64
    with open(os.path.join(out, "ticket.mlir"), "w") as f:
        f.write(mlp.export_mlir(params, 32, masks=masks))
        f.write(mlp.eval_harness("mlp", x_te[:n], 32))
    logits = mlp.forward(params, x_te[:n], masks)
    np.save(os.path.join(out, "logits.npy"), logits)
    kept = sum(int(m.sum()) for m in masks)
    total = sum(m.size for m in masks)
    print("ticket keeps %d of %d weights (%.1f%%)" % (kept, total, 100.0 * kept / total))
    # Dense weights and numpy's 80% magnitude mask, for --compress-prune.
    dense, _ = mlp.train(epochs=5, data=data)
    with open(os.path.join(out, "dense.mlir"), "w") as f:
        f.write(mlp.export_mlir(dense, 32))
    np.save(os.path.join(out, "mask0.npy"), mlp.magnitude_masks(dense, 0.8)[0])


def check(out, run):
    sys.path.insert(0, os.path.dirname(__file__))
    want = np.load(os.path.join(out, "logits.npy"))
    got = mlp.parse_printed(open(run).read())
    err = float(np.abs(got - want).max())
    same = bool((got.argmax(1) == want.argmax(1)).all())
    print("max |compiled - numpy| = %s, same predictions: %s" % ("%.1e" % err if err > 1e-4 else "< 1e-4", same))


def compare_mask(out, ir):
    import re
    want = np.load(os.path.join(out, "mask0.npy"))
    text = open(ir).read()
    m = re.search(r"dense<(\[\[[^>]*)> : tensor<64x128xi1>", text)
    got = np.array(eval(m.group(1).replace("true", "True").replace("false", "False")))
    print("compress-prune mask == numpy mask: %s (%d kept)" % (bool((got == want).all()), int(got.sum())))


if __name__ == "__main__":
    {"gen": lambda: gen(sys.argv[2]), "check": lambda: check(sys.argv[2], sys.argv[3]),
     "mask": lambda: compare_mask(sys.argv[2], sys.argv[3])}[sys.argv[1]]()
