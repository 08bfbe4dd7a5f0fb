#!/usr/bin/env python3
"""`gen_block_matmul.py`: writes the body of ../block-matmul-w4a8.mlir (the
per-block int4 x int8 layer and @main) to stdout; the test's header (RUN
lines, checks) is kept by hand above it. numpy's float result is printed as
a comment (the quantization error is small).

`gen_block_matmul.py compare A B`: the printed matrices of two runs agree to
1e-5 relative (the integer block sums are exact; the float combination of
the blocks may round differently when vectorized)."""
import re
import sys

import numpy as np

if len(sys.argv) == 4 and sys.argv[1] == "compare":
    def values(path):
        text = open(path).read().split("data =", 1)[1]
        return np.array([float(v) for v in re.findall(r"-?[0-9.]+(?:e-?[0-9]+)?", text)])
    a, b = values(sys.argv[2]), values(sys.argv[3])
    err = np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-3)) if a.shape == b.shape else np.inf
    print(f"{a.size} values, max relative difference {'%.1e' % err}: {'OK' if err <= 1e-5 else 'MISMATCH'}")
    sys.exit(0 if err <= 1e-5 else 1)

r = np.random.default_rng(3)
M, K, N, BLOCK = 8, 64, 32, 32
S_A, Z_A = 0.015625, -128  # activations in [0, 4)


def fmt(a):
    return "[" + ", ".join(fmt(x) for x in a) + "]" if a.ndim else repr(a.item())


w = r.integers(-8, 8, size=(K, N))
scales = r.uniform(0.01, 0.05, size=(K // BLOCK, N)).astype(np.float32)
x = r.uniform(0.0, 3.9, size=(M, K)).astype(np.float32)
quant_a = f"#compress.quant<i8:f32, scale = {S_A}, zero_point = {Z_A}>"
quant_w = (f"#compress.quant<i4:f32, axis = 0, block = {BLOCK}, scales = ["
           + ", ".join(repr(float(s)) for s in scales.flatten()) + "]>")
print(f"""func.func private @printMemrefF32(tensor<*xf32>)

func.func @layer(%x: tensor<{M}x{K}xf32>) -> tensor<{M}x{N}xf32> {{
  %q = compress.quantize %x {{quant = {quant_a}}} : tensor<{M}x{K}xf32> -> tensor<{M}x{K}xi8>
  %a = compress.dequantize %q {{quant = {quant_a}}} : tensor<{M}x{K}xi8> -> tensor<{M}x{K}xf32>
  %w = arith.constant dense<{fmt(w)}> : tensor<{K}x{N}xi4>
  %wd = compress.dequantize %w {{quant = {quant_w}}} : tensor<{K}x{N}xi4> -> tensor<{K}x{N}xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{M}x{N}xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<{M}x{N}xf32>) -> tensor<{M}x{N}xf32>
  %r = linalg.matmul ins(%a, %wd : tensor<{M}x{K}xf32>, tensor<{K}x{N}xf32>) outs(%f : tensor<{M}x{N}xf32>) -> tensor<{M}x{N}xf32>
  return %r : tensor<{M}x{N}xf32>
}}

func.func @main() {{
  %x = arith.constant dense<{fmt(x)}> : tensor<{M}x{K}xf32>
  %r = call @layer(%x) : (tensor<{M}x{K}xf32>) -> tensor<{M}x{N}xf32>
  %u = tensor.cast %r : tensor<{M}x{N}xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}}""")
ref = x @ (w * np.repeat(scales, BLOCK, axis=0))
print("// float reference, first row: " + ", ".join("%.4g" % v for v in ref[0][:8]))
