#!/usr/bin/env python3
"""Bit-exact check of static int8 quantization of a small MLP.

`gen OUT.mlir OUT.json`: a 16-32-16-8 ReLU MLP (seeded random weights and
biases, batch 4) with its observed ranges written as compress.observe, and a
`main` that runs it on 4 inputs and prints the int8 output grid values
(re-quantizing the dequantized f32 output with the same S/Z recovers them
exactly). The JSON holds the numpy integer reference of the same scheme:
per-channel symmetric narrow-range int8 weights, asymmetric int8 activations,
int32 accumulation with the folded bias / zero-point constant, gemmlowp
double-rounding requantization, ReLU as the clamp floor.
`check OUT.json RUN.out` compares every value."""
import json
import math
import re
import sys

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from random_reference import quantize_multiplier, mbqm_double  # noqa: E402

F32 = np.float32
SIZES = [16, 32, 16, 8]
BATCH = 4
RANGES = [(-1.5, 4.0), (0.0, 6.0), (0.0, 5.0), (-8.0, 8.0)]  # x, h1, h2, out


def lit(a):
    return "dense<" + np.array2string(
        np.asarray(a), separator=", ", threshold=np.inf, max_line_width=np.inf,
        formatter={"float_kind": lambda v: repr(float(v))}) + ">"


def affine(lo, hi, qmin=-128, qmax=127):
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = (hi - lo) / (qmax - qmin)
    z = qmin - lo / scale
    z = float(np.rint(z))  # half to even, like roundHalfEven
    return scale, int(min(max(z, qmin), qmax))


def quantize(x, scale, zp, qmin, qmax):
    t = (x.astype(F32) / F32(scale)).astype(F32)
    return np.clip(np.rint(t) + F32(zp), qmin, qmax).astype(np.int64)


def reference(ws, bs, x):
    act = [affine(*r) for r in RANGES]
    q = quantize(x, act[0][0], act[0][1], -128, 127)
    for i, (w, b) in enumerate(zip(ws, bs)):
        sa, za = act[i]
        so, zo = act[i + 1]
        sw = np.maximum(np.abs(w).max(0).astype(np.float64), 0) / 127.0
        sw[sw == 0] = 1.0
        wq = np.stack([quantize(w[:, n], sw[n], 0, -127, 127) for n in range(w.shape[1])], 1)
        init = [int(np.rint(float(b[n]) / (sa * sw[n]))) - za * int(wq[:, n].sum())
                for n in range(w.shape[1])]
        acc = q @ wq + np.array(init, dtype=np.int64)
        out = np.zeros_like(acc)
        for n in range(w.shape[1]):
            m, shift = quantize_multiplier((sa * sw[n]) / so)
            for r in range(acc.shape[0]):
                out[r, n] = mbqm_double(int(acc[r, n]), m, shift)
        lo = max(-128, zo) if i + 1 < len(ws) else -128
        q = np.clip(out + zo, lo, 127)
    return q, act[-1]


def gen(mlir_path, json_path):
    rng = np.random.default_rng(7)
    ws = [rng.normal(0, 0.4, (a, b)).astype(F32) for a, b in zip(SIZES[:-1], SIZES[1:])]
    ws[0][:, 3] = 0.0  # an all-zero output channel
    bs = [rng.normal(0, 0.3, b).astype(F32) for b in SIZES[1:]]
    x = rng.uniform(-1.5, 4.0, (BATCH, SIZES[0])).astype(F32)
    expected, (so, zo) = reference(ws, bs, x)
    L = ["#id = affine_map<(d0, d1) -> (d0, d1)>",
         "#bias = affine_map<(d0, d1) -> (d1)>",
         "func.func private @printMemrefI32(tensor<*xi32>)",
         "func.func @mlp(%%x: tensor<%dx%dxf32>) -> tensor<%dx%dxf32> {" % (BATCH, SIZES[0], BATCH, SIZES[-1]),
         "  %zero = arith.constant 0.0 : f32",
         "  %%h0 = compress.observe %%x {min = %r : f32, max = %r : f32} : tensor<%dx%dxf32>" % (RANGES[0][0], RANGES[0][1], BATCH, SIZES[0])]
    for i, (w, b) in enumerate(zip(ws, bs)):
        k, n = w.shape
        t = "tensor<%dx%dxf32>" % (BATCH, n)
        L += ["  %%w%d = arith.constant %s : tensor<%dx%dxf32>" % (i, lit(w), k, n),
              "  %%b%d = arith.constant %s : tensor<%dxf32>" % (i, lit(b), n),
              "  %%e%d = tensor.empty() : %s" % (i, t),
              "  %%f%d = linalg.fill ins(%%zero : f32) outs(%%e%d : %s) -> %s" % (i, i, t, t),
              "  %%m%d = linalg.matmul ins(%%h%d, %%w%d : tensor<%dx%dxf32>, tensor<%dx%dxf32>) outs(%%f%d : %s) -> %s" % (i, i, i, BATCH, k, k, n, i, t, t),
              "  %%a%d = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = [\"parallel\", \"parallel\"]} ins(%%m%d, %%b%d : %s, tensor<%dxf32>) outs(%%e%d : %s) {" % (i, i, i, t, n, i, t),
              "  ^bb0(%in: f32, %bb: f32, %out: f32):",
              "    %s = arith.addf %in, %bb : f32",
              "    linalg.yield %s : f32",
              "  } -> %s" % t]
        last = "%%a%d" % i
        if i + 1 < len(ws):
            L += ["  %%r%d = linalg.generic {indexing_maps = [#id, #id], iterator_types = [\"parallel\", \"parallel\"]} ins(%%a%d : %s) outs(%%e%d : %s) {" % (i, i, t, i, t),
                  "  ^bb0(%in: f32, %out: f32):",
                  "    %v = arith.maximumf %in, %zero : f32",
                  "    linalg.yield %v : f32",
                  "  } -> %s" % t]
            last = "%%r%d" % i
        L.append("  %%h%d = compress.observe %s {min = %r : f32, max = %r : f32} : %s" % (
            i + 1, last, RANGES[i + 1][0], RANGES[i + 1][1], t))
    L += ["  return %%h%d : tensor<%dx%dxf32>" % (len(ws), BATCH, SIZES[-1]), "}",
          "func.func @main() {",
          "  %%x = arith.constant %s : tensor<%dx%dxf32>" % (lit(x), BATCH, SIZES[0]),
          "  %%y = call @mlp(%%x) : (tensor<%dx%dxf32>) -> tensor<%dx%dxf32>" % (BATCH, SIZES[0], BATCH, SIZES[-1]),
          "  %%q = compress.quantize %%y {quant = #compress.quant<i8:f32, scale = %r, zero_point = %d>} : tensor<%dx%dxf32> -> tensor<%dx%dxi8>" % (so, zo, BATCH, SIZES[-1], BATCH, SIZES[-1]),
          "  %%e = arith.extsi %%q : tensor<%dx%dxi8> to tensor<%dx%dxi32>" % (BATCH, SIZES[-1], BATCH, SIZES[-1]),
          "  %%u = tensor.cast %%e : tensor<%dx%dxi32> to tensor<*xi32>" % (BATCH, SIZES[-1]),
          "  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()",
          "  return", "}"]
    open(mlir_path, "w").write("\n".join(L) + "\n")
    json.dump(expected.reshape(-1).tolist(), open(json_path, "w"))


def check(json_path, out_path):
    want = json.load(open(json_path))
    body = open(out_path).read().split("data =", 1)[1]
    got = [int(v) for v in re.findall(r"-?\d+", body)]
    bad = [(i, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w]
    if len(got) != len(want):
        print("FAIL: %d values, expected %d" % (len(got), len(want)))
        return 1
    for i, g, w in bad[:10]:
        print("element %d: got %d, expected %d" % (i, g, w))
    distinct = len(set(want))
    print("compared %d int8 outputs (%d distinct), %d mismatches" % (len(want), distinct, len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(gen(*sys.argv[2:4]) if sys.argv[1] == "gen" else check(*sys.argv[2:4]))
