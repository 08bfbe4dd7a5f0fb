#!/usr/bin/env python3
"""Integer lowering of every supported contraction, executed.

`gen KIND OUT.mlir`: a layer of KIND (conv_nhwc, conv_nchw, depthwise,
batch_matmul, matvec, matmul_t) with random constant weights and bias,
observed input and output ranges, ReLU, and zero padding for convolutions.
`main` prints the int8 output grid values (re-quantizing the dequantized
output recovers them exactly).

`compare A.out B.out`: the same module through --compress-lower-to-integer
(int8 x int8 -> i32, folded constants, fixed-point requantization) and
without it (float arithmetic on the dequantized values) must agree within one
quantization step everywhere, and exactly almost everywhere.
"""
import re
import sys

import numpy as np

F32 = np.float32


def lit(a):
    return "dense<" + np.array2string(
        np.asarray(a), separator=", ", threshold=np.inf, max_line_width=np.inf,
        formatter={"float_kind": lambda v: repr(float(v))}) + ">"


def ty(shape, elt="f32"):
    return "tensor<" + "x".join(str(s) for s in shape) + "x" + elt + ">"


def gen(kind, path):
    if kind == "add":
        return gen_add(path)
    rng = np.random.default_rng({"conv_nhwc": 1, "conv_nchw": 2, "depthwise": 3,
                                 "batch_matmul": 4, "matvec": 5, "matmul_t": 6,
                                 "matmul_block": 7}[kind])
    pad = None
    if kind == "conv_nhwc":
        xs, ws, os_, ch = [1, 6, 6, 3], [3, 3, 3, 4], [1, 6, 6, 4], 3
        pad = ([0, 1, 1, 0], [0, 1, 1, 0], [1, 8, 8, 3])
        op = "linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}"
    elif kind == "conv_nchw":
        xs, ws, os_, ch = [1, 3, 6, 6], [4, 3, 3, 3], [1, 4, 6, 6], 1
        pad = ([0, 0, 1, 1], [0, 0, 1, 1], [1, 3, 8, 8])
        op = "linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}"
    elif kind == "depthwise":
        xs, ws, os_, ch = [1, 6, 6, 3], [3, 3, 3], [1, 6, 6, 3], 3
        pad = ([0, 1, 1, 0], [0, 1, 1, 0], [1, 8, 8, 3])
        op = "linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}"
    elif kind == "batch_matmul":
        xs, ws, os_, ch = [2, 3, 8], [2, 8, 5], [2, 3, 5], 2
        op = "linalg.batch_matmul"
    elif kind == "matmul_block":
        # For per-block weights: K = 64 in blocks of 32.
        xs, ws, os_, ch = [3, 64], [64, 5], [3, 5], 1
        op = "linalg.matmul"
    elif kind == "matvec":
        xs, ws, os_, ch = [8], [5, 8], [5], 0
        op = "linalg.matvec"
    else:
        xs, ws, os_, ch = [3, 8], [5, 8], [3, 5], 1
        op = ("linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, "
              "affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]")
    w = rng.normal(0, 0.5, ws).astype(F32)
    b = rng.normal(0, 0.2, os_[ch]).astype(F32)
    x = rng.uniform(-1.0, 2.0, xs).astype(F32)
    rank = len(os_)
    dims = ", ".join("d%d" % i for i in range(rank))
    L = ["func.func private @printMemrefI32(tensor<*xi32>)",
         "func.func @layer(%%x: %s) -> %s {" % (ty(xs), ty(os_)),
         "  %zero = arith.constant 0.0 : f32",
         "  %%xo = compress.observe %%x {min = -1.0 : f32, max = 2.0 : f32} : %s" % ty(xs)]
    act = "%xo"
    if pad:
        lo, hi, pshape = pad
        L += ["  %%xp = tensor.pad %%xo low[%s] high[%s] {" % (", ".join(map(str, lo)), ", ".join(map(str, hi))),
              "  ^bb0(%s):" % ", ".join("%%i%d: index" % i for i in range(len(xs))),
              "    tensor.yield %zero : f32",
              "  } : %s to %s" % (ty(xs), ty(pshape))]
        act = "%xp"
        ashape = pshape
    else:
        ashape = xs
    ins = (act, "%w") if kind != "matvec" else ("%w", act)
    itys = (ty(ashape), ty(ws)) if kind != "matvec" else (ty(ws), ty(ashape))
    L += ["  %%w = arith.constant %s : %s" % (lit(w), ty(ws)),
          "  %%b = arith.constant %s : %s" % (lit(b), ty([os_[ch]])),
          "  %%e = tensor.empty() : %s" % ty(os_),
          "  %%f = linalg.fill ins(%%zero : f32) outs(%%e : %s) -> %s" % (ty(os_), ty(os_)),
          "  %%c = %s ins(%s, %s : %s, %s) outs(%%f : %s) -> %s" % (op, ins[0], ins[1], itys[0], itys[1], ty(os_), ty(os_)),
          "  %%a = linalg.generic {indexing_maps = [affine_map<(%s) -> (%s)>, affine_map<(%s) -> (d%d)>, affine_map<(%s) -> (%s)>], iterator_types = [%s]} ins(%%c, %%b : %s, %s) outs(%%e : %s) {" % (
              dims, dims, dims, ch, dims, dims, ", ".join(['"parallel"'] * rank), ty(os_), ty([os_[ch]]), ty(os_)),
          "  ^bb0(%in: f32, %bb: f32, %out: f32):",
          "    %s = arith.addf %in, %bb : f32",
          "    linalg.yield %s : f32",
          "  } -> %s" % ty(os_),
          "  %%r = linalg.generic {indexing_maps = [affine_map<(%s) -> (%s)>, affine_map<(%s) -> (%s)>], iterator_types = [%s]} ins(%%a : %s) outs(%%e : %s) {" % (
              dims, dims, dims, dims, ", ".join(['"parallel"'] * rank), ty(os_), ty(os_)),
          "  ^bb0(%in: f32, %out: f32):",
          "    %v = arith.maximumf %in, %zero : f32",
          "    linalg.yield %v : f32",
          "  } -> %s" % ty(os_),
          "  %%ro = compress.observe %%r {min = 0.0 : f32, max = 4.0 : f32} : %s" % ty(os_),
          "  return %%ro : %s" % ty(os_), "}",
          "func.func @main() {",
          "  %%x = arith.constant %s : %s" % (lit(x), ty(xs)),
          "  %%y = call @layer(%%x) : (%s) -> %s" % (ty(xs), ty(os_)),
          # Output parameters of [0, 4]: S = 4/255, Z = -128.
          "  %%q = compress.quantize %%y {quant = #compress.quant<i8:f32, scale = %r, zero_point = -128>} : %s -> %s" % (4.0 / 255, ty(os_), ty(os_, "i8")),
          "  %%i = arith.extsi %%q : %s to %s" % (ty(os_, "i8"), ty(os_, "i32")),
          "  %%u = tensor.cast %%i : %s to tensor<*xi32>" % ty(os_, "i32"),
          "  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()",
          "  return", "}"]
    open(path, "w").write("\n".join(L) + "\n")


def gen_add(path):
    """relu(a + b) of two observed activations, output observed."""
    rng = np.random.default_rng(8)
    shape = [4, 6]
    a = rng.uniform(-1.0, 2.0, shape).astype(F32)
    b = rng.uniform(-3.0, 1.0, shape).astype(F32)
    t = ty(shape)
    m = "affine_map<(d0, d1) -> (d0, d1)>"
    L = ["func.func private @printMemrefI32(tensor<*xi32>)",
         "func.func @layer(%%a: %s, %%b: %s) -> %s {" % (t, t, t),
         "  %zero = arith.constant 0.0 : f32",
         "  %%ao = compress.observe %%a {min = -1.0 : f32, max = 2.0 : f32} : %s" % t,
         "  %%bo = compress.observe %%b {min = -3.0 : f32, max = 1.0 : f32} : %s" % t,
         "  %%e = tensor.empty() : %s" % t,
         "  %%s = linalg.add ins(%%ao, %%bo : %s, %s) outs(%%e : %s) -> %s" % (t, t, t, t),
         "  %%r = linalg.generic {indexing_maps = [%s, %s], iterator_types = [\"parallel\", \"parallel\"]} ins(%%s : %s) outs(%%e : %s) {" % (m, m, t, t),
         "  ^bb0(%in: f32, %out: f32):",
         "    %v = arith.maximumf %in, %zero : f32",
         "    linalg.yield %v : f32",
         "  } -> %s" % t,
         "  %%ro = compress.observe %%r {min = 0.0 : f32, max = 4.0 : f32} : %s" % t,
         "  return %%ro : %s" % t, "}",
         "func.func @main() {",
         "  %%a = arith.constant %s : %s" % (lit(a), t),
         "  %%b = arith.constant %s : %s" % (lit(b), t),
         "  %%y = call @layer(%%a, %%b) : (%s, %s) -> %s" % (t, t, t),
         "  %%q = compress.quantize %%y {quant = #compress.quant<i8:f32, scale = %r, zero_point = -128>} : %s -> %s" % (4.0 / 255, t, ty(shape, "i8")),
         "  %%i = arith.extsi %%q : %s to %s" % (ty(shape, "i8"), ty(shape, "i32")),
         "  %%u = tensor.cast %%i : %s to tensor<*xi32>" % ty(shape, "i32"),
         "  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()",
         "  return", "}"]
    open(path, "w").write("\n".join(L) + "\n")


def values(path):
    return np.array([int(v) for v in re.findall(r"-?\d+", open(path).read().split("data =", 1)[1])])


def compare(a, b):
    x, y = values(a), values(b)
    if x.shape != y.shape:
        print("FAIL: %s vs %s values" % (x.shape, y.shape))
        return 1
    diff = np.abs(x - y)
    exact = float((diff == 0).mean() * 100)
    print("%d outputs (%d distinct): max |integer - float| = %d step(s), %.1f%% identical" % (
        len(x), len(set(x.tolist())), diff.max(), exact))
    return 0


if __name__ == "__main__":
    sys.exit(gen(sys.argv[2], sys.argv[3]) if sys.argv[1] == "gen" else compare(sys.argv[2], sys.argv[3]))
