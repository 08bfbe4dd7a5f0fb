#!/usr/bin/env python3
"""Matmuls with sparse constant weights, executed.

`gen OUT.mlir`: functions @case_<name>(A) = init + A @ W for weights pruned
unstructured, in 4x16 blocks, 2:4 along K, all zero, and dense; int8 x int8
-> i32 (constant and run-time accumulator init) and f32. `main` calls every
case on a constant A (full int8 range) and prints the results.

`check OUT.txt`: every printed result equals numpy's (integers exactly,
floats within 1e-4 relative); prints one line per case.
"""
import re
import sys

import numpy as np

# name, M, K, N, element type, mask, init ("const", "arg", or "dynamic":
# rows unknown at compile time, zero init)
CASES = [
    ("block_i8", 8, 64, 32, "i8", "block", "const"),
    ("unstructured_i8", 3, 64, 32, "i8", "unstructured", "const"),
    ("nm_i8", 16, 32, 16, "i8", "2:4", "arg"),
    ("empty_i8", 8, 16, 32, "i8", "zero", "const"),
    ("dense_i8", 2, 8, 16, "i8", "dense", "arg"),
    ("unstructured_f32", 4, 32, 32, "f32", "unstructured", "const"),
    ("dynamic_rows_i8", 5, 64, 32, "i8", "block", "dynamic"),
    # int8 activations, int4 weights (values stored two per byte).
    ("unstructured_i4", 8, 64, 32, "i4", "unstructured", "const"),
    ("block_i4", 1, 64, 32, "i4", "block", "const"),
]


def lit(a):
    return "dense<" + np.array2string(
        np.asarray(a), separator=", ", threshold=np.inf, max_line_width=np.inf,
        formatter={"float_kind": lambda v: repr(float(v))}) + ">"


def ty(shape, elt):
    return "tensor<" + "x".join(str(s) for s in shape) + "x" + elt + ">"


def data(index, m, k, n, elt, mask):
    rng = np.random.default_rng(100 + index)
    if elt in ("i8", "i4"):
        a = rng.integers(-128, 128, size=(m, k))
        a[0, :4] = -128
        w = rng.integers(-128, 128, size=(k, n)) if elt == "i8" else rng.integers(-8, 8, size=(k, n))
        init = rng.integers(-1000, 1000, size=(n,))
        if mask == "block" and m == 5:
            init = init * 0
    else:
        a = rng.standard_normal((m, k)).astype(np.float32)
        w = rng.standard_normal((k, n)).astype(np.float32)
        init = rng.standard_normal(n).astype(np.float32)
    if mask == "block":
        keep = rng.random((k // 4, n // 16)) < 0.25
        keep[:, 1] = False  # one block column stores nothing
        w = w * np.kron(keep, np.ones((4, 16), dtype=int))
    elif mask == "unstructured":
        w = w * (rng.random((k, n)) < 0.1)
    elif mask == "2:4":
        order = np.argsort(-np.abs(w).reshape(k // 4, 4, n), axis=1, kind="stable")
        keep = np.zeros((k // 4, 4, n), dtype=bool)
        np.put_along_axis(keep, order[:, :2, :], True, axis=1)
        w = w * keep.reshape(k, n)
    elif mask == "zero":
        w = w * 0
    return a, w.astype(a.dtype), init


def types(elt):
    """(activation, weight, accumulator) element types."""
    return {"i8": ("i8", "i8", "i32"), "i4": ("i8", "i4", "i32"),
            "f32": ("f32", "f32", "f32")}[elt]


def gen(path):
    out = ["func.func private @printMemrefI32(tensor<*xi32>)",
           "func.func private @printMemrefF32(tensor<*xf32>)"]
    main = ["func.func @main() {"]
    for i, (name, m, k, n, elt, mask, init) in enumerate(CASES):
        a, w, bias = data(i, m, k, n, elt, mask)
        ea, ew, acc = types(elt)
        ta, tw, tc = ty((m, k), ea), ty((k, n), ew), ty((m, n), acc)
        static_ta, static_tc = ta, tc
        if init == "dynamic":
            ta, tc = ty(("?", k), ea), ty(("?", n), acc)
        args = f"%a: {ta}" + (f", %init: {tc}" if init == "arg" else "")
        body = [f"func.func @case_{name}({args}) -> {tc} {{",
                f"  %w = arith.constant {lit(w)} : {tw}"]
        if init == "const":
            body += [f"  %bias = arith.constant {lit(bias)} : {ty((n,), acc)}",
                     f"  %e = tensor.empty() : {tc}",
                     f"  %init = linalg.broadcast ins(%bias : {ty((n,), acc)}) outs(%e : {tc}) dimensions = [0]"]
        elif init == "dynamic":
            body += ["  %c0 = arith.constant 0 : index",
                     f"  %rows = tensor.dim %a, %c0 : {ta}",
                     f"  %e = tensor.empty(%rows) : {tc}",
                     "  %zero = arith.constant 0 : i32",
                     f"  %init = linalg.fill ins(%zero : i32) outs(%e : {tc}) -> {tc}"]
        body += [f"  %r = linalg.matmul ins(%a, %w : {ta}, {tw}) outs(%init : {tc}) -> {tc}",
                 f"  return %r : {tc}", "}"]
        out += body
        main.append(f"  %s{i} = arith.constant {lit(a)} : {static_ta}")
        main.append(f"  %a{i} = tensor.cast %s{i} : {static_ta} to {ta}")
        call_args = f"%a{i}"
        call_types = ta
        if init == "arg":
            main.append(f"  %b{i} = arith.constant {lit(np.broadcast_to(bias, (m, n)))} : {tc}")
            call_args += f", %b{i}"
            call_types += f", {tc}"
        main.append(f"  %r{i} = func.call @case_{name}({call_args}) : ({call_types}) -> {tc}")
        main.append(f"  %u{i} = tensor.cast %r{i} : {tc} to tensor<*x{acc}>")
        main.append(f"  func.call @printMemref{acc.upper()}(%u{i}) : (tensor<*x{acc}>) -> ()")
    main += ["  return", "}"]
    with open(path, "w") as f:
        f.write("\n".join(out + main) + "\n")


def check(path):
    text = open(path).read()
    blocks = re.findall(r"data =\s*(\[.*?\]\])", text, re.S)
    assert len(blocks) == len(CASES), f"{len(blocks)} results for {len(CASES)} cases"
    for i, ((name, m, k, n, elt, mask, init), block) in enumerate(zip(CASES, blocks)):
        got = np.array(eval(block), dtype=np.float64).reshape(m, n)
        a, w, bias = data(i, m, k, n, elt, mask)
        if elt in ("i8", "i4"):
            want = (a.astype(np.int64) @ w.astype(np.int64) + bias).astype(np.float64)
            bad = int(np.sum(got != want))
        else:
            want = a.astype(np.float64) @ w.astype(np.float64) + bias
            bad = int(np.sum(np.abs(got - want) > 1e-4 * (1 + np.abs(want))))
        print(f"{name}: {m}x{k}x{n}, {int(np.count_nonzero(w))} non-zero weights, {bad} mismatches")


if __name__ == "__main__":
    {"gen": gen, "check": check}[sys.argv[1]](sys.argv[2])
