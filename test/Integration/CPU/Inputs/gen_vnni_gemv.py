#!/usr/bin/env python3
"""Writes the body of ../vnni-gemv.mlir (CHECK lines with numpy's A @ B + C,
the matmuls and @main) to stdout; the test's header (RUN lines, IR checks)
is kept by hand above it. Cases are appended at the end so earlier ones keep
their random values."""
import numpy as np

r = np.random.default_rng(5)


def fmt(a):
    return "[" + ", ".join(fmt(x) for x in a) + "]" if a.ndim else str(int(a))


out = ["func.func private @printMemrefI32(tensor<*xi32>)"]
main = ["func.func @main() {"]
checks = []
for i, (m, k, n) in enumerate([(1, 64, 128), (3, 128, 64), (2, 32, 192), (4, 16, 64), (1, 64, 256)]):
    A = r.integers(-128, 128, size=(m, k))
    B = r.integers(-128, 128, size=(k, n))
    C = r.integers(-1000, 1000, size=(m, n))
    out.append(f"""func.func @g{i}(%a: tensor<{m}x{k}xi8>, %b: tensor<{k}x{n}xi8>, %c: tensor<{m}x{n}xi32>) -> tensor<{m}x{n}xi32> {{
  %r = linalg.matmul ins(%a, %b : tensor<{m}x{k}xi8>, tensor<{k}x{n}xi8>) outs(%c : tensor<{m}x{n}xi32>) -> tensor<{m}x{n}xi32>
  return %r : tensor<{m}x{n}xi32>
}}""")
    main += [f"  %a{i} = arith.constant dense<{fmt(A)}> : tensor<{m}x{k}xi8>",
             f"  %b{i} = arith.constant dense<{fmt(B)}> : tensor<{k}x{n}xi8>",
             f"  %c{i} = arith.constant dense<{fmt(C)}> : tensor<{m}x{n}xi32>",
             f"  %r{i} = call @g{i}(%a{i}, %b{i}, %c{i}) : (tensor<{m}x{k}xi8>, tensor<{k}x{n}xi8>, tensor<{m}x{n}xi32>) -> tensor<{m}x{n}xi32>",
             f"  %u{i} = tensor.cast %r{i} : tensor<{m}x{n}xi32> to tensor<*xi32>",
             f"  call @printMemrefI32(%u{i}) : (tensor<*xi32>) -> ()"]
    checks.append("// CHECK: {{\\[}}[" + ", ".join(str(v) for v in (A @ B + C)[0][:8]))
main.append("  return\n}")
print("\n".join(checks) + "\n")
print("\n".join(out + main))
