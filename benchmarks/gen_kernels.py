#!/usr/bin/env python3
"""Writes the benchmark kernels as MLIR (static shapes, destination-passing
on memrefs, C interface), with a suffix on every symbol so the compress build
and the upstream build link into one binary.

`gen_kernels.py compress|upstream`: GEMM/GEMV kernels with run-time operands.
`gen_kernels.py gemv-weights DIR`: int8 GEMV 1x4096x4096 kernels whose weights
are constants (what a compiled model has), dense and pruned (unstructured and
4x16 blocks at 50/75/90/95 %), one DIR/<name>.mlir each, with the weights in
DIR/<name>.bin (row-major int8 [K][N]) for the harness's reference and oneDNN.
"""
import os
import sys

import numpy as np

CASES = [
    # name, M, N, K, element type of A/B, accumulator type
    ("gemm_i8_1024", 1024, 1024, 1024, "i8", "i32"),
    ("gemm_i8_64x4096x4096", 64, 4096, 4096, "i8", "i32"),
    ("gemv_i8_4096", 1, 4096, 4096, "i8", "i32"),
    ("gemm_f32_1024", 1024, 1024, 1024, "f32", "f32"),
]


def kernel(name, m, n, k, t, acc, suffix):
    a, b, c = "memref<%dx%dx%s>" % (m, k, t), "memref<%dx%dx%s>" % (k, n, t), "memref<%dx%dx%s>" % (m, n, acc)
    ta, tb, tc = (x.replace("memref", "tensor") for x in (a, b, c))
    zero = "0.0 : f32" if acc == "f32" else "0 : i32"
    return f"""
func.func @{name}_{suffix}(%am: {a}, %bm: {b}, %cm: {c}) attributes {{llvm.emit_c_interface}} {{
  %a = bufferization.to_tensor %am restrict : {a} to {ta}
  %b = bufferization.to_tensor %bm restrict : {b} to {tb}
  %c = bufferization.to_tensor %cm restrict writable : {c} to {tc}
  %zero = arith.constant {zero}
  %f = linalg.fill ins(%zero : {acc}) outs(%c : {tc}) -> {tc}
  %r = linalg.matmul ins(%a, %b : {ta}, {tb}) outs(%f : {tc}) -> {tc}
  bufferization.materialize_in_destination %r in restrict writable %cm : ({tc}, {c}) -> ()
  return
}}
"""


K = N = 4096
SPARSITIES = (50, 75, 90, 95)


def gemv_weights(kind, percent, rng):
    w = rng.integers(-127, 128, size=(K, N), dtype=np.int8)
    w[w == 0] = 1  # zeros only where the mask put them
    keep_fraction = 1.0 - percent / 100.0
    if kind == "unstructured":
        keep = rng.random((K, N)) < keep_fraction
    elif kind == "block":
        keep = np.kron(rng.random((K // 4, N // 16)) < keep_fraction,
                       np.ones((4, 16), dtype=bool))
    else:
        keep = np.ones((K, N), dtype=bool)
    return (w * keep).astype(np.int8)


def constant_gemv(name, w, m=1):
    a, c = "memref<%dx%dxi8>" % (m, K), "memref<%dx%dxi32>" % (m, N)
    ta, tc = a.replace("memref", "tensor"), c.replace("memref", "tensor")
    tw = "tensor<%dx%dxi8>" % (K, N)
    return f"""
func.func @{name}(%am: {a}, %cm: {c}) attributes {{llvm.emit_c_interface}} {{
  %a = bufferization.to_tensor %am restrict : {a} to {ta}
  %c = bufferization.to_tensor %cm restrict writable : {c} to {tc}
  %w = arith.constant dense<"0x{w.tobytes().hex().upper()}"> : {tw}
  %zero = arith.constant 0 : i32
  %f = linalg.fill ins(%zero : i32) outs(%c : {tc}) -> {tc}
  %r = linalg.matmul ins(%a, %w : {ta}, {tw}) outs(%f : {tc}) -> {tc}
  bufferization.materialize_in_destination %r in restrict writable %cm : ({tc}, {c}) -> ()
  return
}}
"""


def int4_scale(kb, n):
    """Per-block (32 along K) weight scale, exact in f32 and short to print;
    bench.cpp computes the same."""
    return (8 + (kb * 7 + n * 3) % 8) / 1024.0


def weight_only_gemv(name, weights, quant):
    """f32 x [1, K] times dequantize(weights) (an MLIR value %q of type
    tensor<KxNxiB> defined by `weights`, dequantized with `quant`)."""
    a, c = "memref<1x%dxf32>" % K, "memref<1x%dxf32>" % N
    ta, tc = a.replace("memref", "tensor"), c.replace("memref", "tensor")
    qtype = quant.split(":")[0].lstrip("iu")
    return f"""
func.func @{name}(%am: {a}, %cm: {c}) attributes {{llvm.emit_c_interface}} {{
  %a = bufferization.to_tensor %am restrict : {a} to {ta}
  %c = bufferization.to_tensor %cm restrict writable : {c} to {tc}
{weights}
  %w = compress.dequantize %q {{quant = #compress.quant<{quant}>}} : tensor<{K}x{N}xi{qtype}> -> tensor<{K}x{N}xf32>
  %zero = arith.constant 0.0 : f32
  %f = linalg.fill ins(%zero : f32) outs(%c : {tc}) -> {tc}
  %r = linalg.matmul ins(%a, %w : {ta}, tensor<{K}x{N}xf32>) outs(%f : {tc}) -> {tc}
  bufferization.materialize_in_destination %r in restrict writable %cm : ({tc}, {c}) -> ()
  return
}}
"""


def int4_gemv(name, q):
    """int4 block-32 weights, stored two per byte."""
    nibbles = (q.astype(np.int16) & 0xF).astype(np.uint8).reshape(K, N // 2, 2)
    packed = (nibbles[:, :, 0] | (nibbles[:, :, 1] << 4)).astype(np.uint8)
    scales = ", ".join(repr(int4_scale(kb, n)) for kb in range(K // 32) for n in range(N))
    weights = f"""  %p = arith.constant dense<"0x{packed.tobytes().hex().upper()}"> : tensor<{K}x{N // 2}xi8>
  %q = compress.unpack %p : tensor<{K}x{N // 2}xi8> -> tensor<{K}x{N}xi4>"""
    return weight_only_gemv(name, weights, f"i4:f32, axis = 0, block = 32, scales = [{scales}]")


def int8_channel_scale(n):
    """Per-output-channel int8 weight scale; bench.cpp computes the same."""
    return (8 + (n * 5) % 8) / 4096.0


def int8_weight_only_gemv(name, w):
    """int8 weights with per-output-channel scales (the dense constant-weight
    GEMV's weights)."""
    scales = ", ".join(repr(int8_channel_scale(n)) for n in range(N))
    weights = f"""  %q = arith.constant dense<"0x{w.astype(np.int8).tobytes().hex().upper()}"> : tensor<{K}x{N}xi8>"""
    return weight_only_gemv(name, weights, f"i8:f32, axis = 1, scales = [{scales}]")


def write_gemv_weights(directory):
    rng = np.random.default_rng(7)
    # The dense weights twice: forced dense kernel, and what the cost rule
    # picks (4x16 tiles, every tile stored, for GEMV).
    kernels = [("gemv_const_dense", "dense", 0), ("gemv_const_auto", "dense", 0)]
    for percent in SPARSITIES:
        kernels.append((f"gemv_unstructured_{percent}", "unstructured", percent))
        kernels.append((f"gemv_block_{percent}", "block", percent))
    for name, kind, percent in kernels:
        w = dense_w if name == "gemv_const_auto" else gemv_weights(kind, percent, rng)
        if name == "gemv_const_dense":
            dense_w = w
        w.tofile(os.path.join(directory, name + ".bin"))
        with open(os.path.join(directory, name + ".mlir"), "w") as f:
            f.write(constant_gemv(name, w))
        print(name)
        # 64 rows (a batch) on the same weights: calibrates the cost rule
        # where the dense kernel reuses each loaded weight tile 8 times.
        if name == "gemv_const_dense":
            # int4 block-32 weight-only GEMV: the nibble-packed kernel (the
            # CPU pipeline's default for few rows) and dequantize-once-per-
            # call then the float GEMV (weight-only-max-rows=0).
            q = np.random.default_rng(11).integers(-8, 8, size=(K, N), dtype=np.int8)
            q.tofile(os.path.join(directory, "gemv_int4_b32.bin"))
            for mode in ("nibble", "materialize"):
                kname = "gemv_int4_b32_" + mode
                with open(os.path.join(directory, kname + ".mlir"), "w") as f:
                    f.write(int4_gemv(kname, q))
                print(kname)
            # int8 per-channel weight-only GEMV on the same int8 weights as
            # the dense kernel (and oneDNN).
            kname = "gemv_int8_wo_tiles"
            with open(os.path.join(directory, kname + ".mlir"), "w") as f:
                f.write(int8_weight_only_gemv(kname, w))
            print(kname)
        if name != "gemv_const_auto" and percent in (0, 90):
            with open(os.path.join(directory, name + "_m64.mlir"), "w") as f:
                f.write(constant_gemv(name + "_m64", w, 64))
            print(name + "_m64")


if __name__ == "__main__":
    if sys.argv[1] == "gemv-weights":
        write_gemv_weights(sys.argv[2])
    else:
        suffix = sys.argv[1]
        print("".join(kernel(*case, suffix) for case in CASES))
