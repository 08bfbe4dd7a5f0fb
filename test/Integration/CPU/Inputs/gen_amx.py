#!/usr/bin/env python3
"""Writes the body of ../amx.mlir (CHECK lines with numpy's A @ B + C, the
matmuls and @main) to stdout; the test's header (RUN lines, IR checks) is
kept by hand above it."""
import numpy as np

r = np.random.default_rng(9)


def fmt(a):
    return "[" + ", ".join(fmt(x) for x in a) + "]" if a.ndim else str(int(a))


out = ["func.func private @printMemrefI32(tensor<*xi32>)"]
main = ["func.func @main() {"]
checks = []
# (M, K, N, constant B)
# The last two have N % 128 == 0: packed rows padded by 16 columns.
cases = [(32, 128, 64, False), (16, 64, 48, False), (48, 192, 32, True), (32, 64, 32, True),
         (16, 64, 128, False), (32, 64, 128, True)]
for i, (m, k, n, const) in enumerate(cases):
    A = r.integers(-128, 128, size=(m, k))
    B = r.integers(-128, 128, size=(k, n))
    C = r.integers(-1000, 1000, size=(m, n))
    if const:
        out.append(f"""func.func @a{i}(%a: tensor<{m}x{k}xi8>, %c: tensor<{m}x{n}xi32>) -> tensor<{m}x{n}xi32> {{
  %b = arith.constant dense<{fmt(B)}> : tensor<{k}x{n}xi8>
  %r = linalg.matmul ins(%a, %b : tensor<{m}x{k}xi8>, tensor<{k}x{n}xi8>) outs(%c : tensor<{m}x{n}xi32>) -> tensor<{m}x{n}xi32>
  return %r : tensor<{m}x{n}xi32>
}}""")
        call = f"  %r{i} = call @a{i}(%a{i}, %c{i}) : (tensor<{m}x{k}xi8>, tensor<{m}x{n}xi32>) -> tensor<{m}x{n}xi32>"
    else:
        out.append(f"""func.func @a{i}(%a: tensor<{m}x{k}xi8>, %b: tensor<{k}x{n}xi8>, %c: tensor<{m}x{n}xi32>) -> tensor<{m}x{n}xi32> {{
  %r = linalg.matmul ins(%a, %b : tensor<{m}x{k}xi8>, tensor<{k}x{n}xi8>) outs(%c : tensor<{m}x{n}xi32>) -> tensor<{m}x{n}xi32>
  return %r : tensor<{m}x{n}xi32>
}}""")
        main.append(f"  %b{i} = arith.constant dense<{fmt(B)}> : tensor<{k}x{n}xi8>")
        call = f"  %r{i} = call @a{i}(%a{i}, %b{i}, %c{i}) : (tensor<{m}x{k}xi8>, tensor<{k}x{n}xi8>, tensor<{m}x{n}xi32>) -> tensor<{m}x{n}xi32>"
    main += [f"  %a{i} = arith.constant dense<{fmt(A)}> : tensor<{m}x{k}xi8>",
             f"  %c{i} = arith.constant dense<{fmt(C)}> : tensor<{m}x{n}xi32>", call,
             f"  %u{i} = tensor.cast %r{i} : tensor<{m}x{n}xi32> to tensor<*xi32>",
             f"  call @printMemrefI32(%u{i}) : (tensor<*xi32>) -> ()"]
    checks.append("// CHECK: {{\\[}}[" + ", ".join(str(v) for v in (A @ B + C)[0][:8]))
main.append("  return\n}")
print("\n".join(checks) + "\n")
print("\n".join(out + main))
