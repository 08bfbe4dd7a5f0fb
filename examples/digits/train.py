#!/usr/bin/env python3
"""Trains the digits MLP (cached) and writes, into OUT_DIR:
  model.mlir     float model, @mlp with a static batch (default 32)
  model_lth<P>.mlir  lottery tickets: iterative magnitude pruning (34 % of the
                 remaining weights per round, per layer) with rewinding to the
                 initial weights and retraining, after 6 rounds (8.3 % of the
                 weights kept, P = 8) and 8 rounds (3.6 %, P = 3); masks as
                 compress.prune on the weights
  harness.mlir   `main` running @mlp over the test set, printing logits
  calib.npy      representative inputs for --compress-calibrate
  test_x.npy, test_y.npy, params.npz
Prints the float accuracy (numpy)."""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mlp  # noqa: E402


LTH_ROUNDS = (6, 8)


def lottery_tickets(out_dir, data):
    """{rounds: (params, masks)}, cached in lth.npz."""
    cache = os.path.join(out_dir, "lth.npz")
    layers = len(mlp.LAYERS) - 1
    if os.path.exists(cache):
        z = np.load(cache)
        return {r: ([[z["r%d_w%d" % (r, i)], z["r%d_b%d" % (r, i)]] for i in range(layers)],
                    [z["r%d_m%d" % (r, i)] for i in range(layers)]) for r in LTH_ROUNDS}
    tickets = mlp.lottery_ticket(rounds=max(LTH_ROUNDS), fraction=0.34, epochs=120,
                                 data=data, keep=LTH_ROUNDS)
    arrays = {}
    for r, (params, masks) in tickets.items():
        for i, ((w, b), m) in enumerate(zip(params, masks)):
            arrays["r%d_w%d" % (r, i)], arrays["r%d_b%d" % (r, i)] = w, b
            arrays["r%d_m%d" % (r, i)] = m
    np.savez(cache, **arrays)
    return tickets


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out_dir")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--calib-samples", type=int, default=200)
    a = p.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    cache = os.path.join(a.out_dir, "params.npz")
    data = mlp.load_data()
    if os.path.exists(cache):
        z = np.load(cache)
        params = [[z["w%d" % i], z["b%d" % i]] for i in range(len(mlp.LAYERS) - 1)]
    else:
        params, _ = mlp.train(epochs=a.epochs, data=data)
        np.savez(cache, **{("w%d" % i): w for i, (w, _) in enumerate(params)},
                 **{("b%d" % i): b for i, (_, b) in enumerate(params)})
    x_tr, y_tr, x_te, y_te = data
    open(os.path.join(a.out_dir, "model.mlir"), "w").write(mlp.export_mlir(params, a.batch))
    tickets = lottery_tickets(a.out_dir, data)
    for rounds, (p_lth, masks) in tickets.items():
        tag = "%d" % int(100 * mlp.density(masks))
        open(os.path.join(a.out_dir, "model_lth%s.mlir" % tag), "w").write(
            mlp.export_mlir(p_lth, a.batch, masks=masks))
        print("lottery ticket after %d rounds: %.1f%% of the weights, accuracy "
              "(numpy) %.2f%%" % (rounds, 100 * mlp.density(masks),
                                  mlp.accuracy(mlp.forward(p_lth, x_te, masks), y_te)))
    open(os.path.join(a.out_dir, "harness.mlir"), "w").write(mlp.eval_harness("mlp", x_te, a.batch))
    np.save(os.path.join(a.out_dir, "calib.npy"), x_tr[:a.calib_samples])
    np.save(os.path.join(a.out_dir, "test_x.npy"), x_te)
    np.save(os.path.join(a.out_dir, "test_y.npy"), y_te)
    print("float accuracy (numpy): %.2f%%" % mlp.accuracy(mlp.forward(params, x_te), y_te))


if __name__ == "__main__":
    main()
