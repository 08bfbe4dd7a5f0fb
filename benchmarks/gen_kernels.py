#!/usr/bin/env python3
"""Writes the benchmark kernels as MLIR (static shapes, destination-passing
on memrefs, C interface), with a suffix on every symbol so the compress build
and the upstream build link into one binary."""
import sys

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


if __name__ == "__main__":
    suffix = sys.argv[1]
    print("".join(kernel(*case, suffix) for case in CASES))
