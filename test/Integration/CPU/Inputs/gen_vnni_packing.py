#!/usr/bin/env python3
"""Writes the body of ../vnni-packing.mlir (CHECK lines with numpy's A @ B +
C, the matmuls and @main) to stdout; the test's header (RUN lines, IR checks)
is kept by hand above it. Cases are appended at the end so earlier ones keep
their random values."""
import numpy as np

r = np.random.default_rng(11)


def fmt(a):
    return "[" + ", ".join(fmt(x) for x in a) + "]" if a.ndim else str(int(a))


# name, M, K, N, how B arrives, how the accumulator starts
CASES = [
    ("p0", 8, 64, 128, "runtime", "fill"),     # 4 panels, fill folded
    ("p1", 16, 32, 256, "runtime", "operand"), # 8 panels, run-time init
    ("p2", 8, 64, 128, "constant", "fill"),    # panels packed at compile time
    ("p3", 8, 32, 64, "runtime", "fill"),      # 2 panels
    ("p4", 8, 64, 48, "runtime", "fill"),      # 3 panels of 16 columns
]

out = ["func.func private @printMemrefI32(tensor<*xi32>)"]
main = ["func.func @main() {"]
checks = []
for name, m, k, n, b_kind, init in CASES:
    A = r.integers(-128, 128, size=(m, k))
    B = r.integers(-128, 128, size=(k, n))
    C = r.integers(-1000, 1000, size=(m, n)) if init == "operand" else np.full((m, n), 7)
    ta, tb, tc = f"tensor<{m}x{k}xi8>", f"tensor<{k}x{n}xi8>", f"tensor<{m}x{n}xi32>"
    args = [f"%a: {ta}"] + ([f"%b: {tb}"] if b_kind == "runtime" else []) + \
        ([f"%c: {tc}"] if init == "operand" else [])
    body = []
    if b_kind == "constant":
        body.append(f"  %b = arith.constant dense<{fmt(B)}> : {tb}")
    if init == "fill":
        body += [f"  %seven = arith.constant 7 : i32",
                 f"  %e = tensor.empty() : {tc}",
                 f"  %c = linalg.fill ins(%seven : i32) outs(%e : {tc}) -> {tc}"]
    out.append(f"func.func @{name}({', '.join(args)}) -> {tc} {{\n" + "\n".join(body) +
               ("\n" if body else "") +
               f"  %r = linalg.matmul ins(%a, %b : {ta}, {tb}) outs(%c : {tc}) -> {tc}\n"
               f"  return %r : {tc}\n}}")
    main.append(f"  %a{name} = arith.constant dense<{fmt(A)}> : {ta}")
    call_args, call_types = [f"%a{name}"], [ta]
    if b_kind == "runtime":
        main.append(f"  %b{name} = arith.constant dense<{fmt(B)}> : {tb}")
        call_args.append(f"%b{name}")
        call_types.append(tb)
    if init == "operand":
        main.append(f"  %c{name} = arith.constant dense<{fmt(C)}> : {tc}")
        call_args.append(f"%c{name}")
        call_types.append(tc)
    main += [f"  %r{name} = call @{name}({', '.join(call_args)}) : ({', '.join(call_types)}) -> {tc}",
             f"  %u{name} = tensor.cast %r{name} : {tc} to tensor<*xi32>",
             f"  call @printMemrefI32(%u{name}) : (tensor<*xi32>) -> ()"]
    R = A @ B + C
    checks.append("// CHECK: {{\\[}}[" + ", ".join(str(v) for v in R[0][:8]))
    checks.append("// CHECK: " + ", ".join(str(v) for v in R[-1][-8:]) + "]]")
main.append("  return\n}")
print("\n".join(checks) + "\n")
print("\n".join(out + main))
