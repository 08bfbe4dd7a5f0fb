#!/usr/bin/env python3
"""Writes the body of ../weight-only-matmul.mlir (CHECK lines with numpy's
x @ dequant(W), the layers and @main) to stdout. The test's header (RUN
lines, IR checks) is kept by hand above the generated part; regenerate with
  python3 gen_weight_only_matmul.py | sed 's/CHECK-NEXT: \[\[/CHECK-NEXT: {{\\[}}[/'
and paste below the header. Cases are appended at the end so earlier ones
keep their random values."""
import numpy as np
rng = np.random.default_rng(3)
def fmt(a):
    if a.ndim == 1: return "[" + ", ".join(str(int(v)) if float(v).is_integer() and a.dtype.kind in 'iu' else repr(float(v)) for v in a) + "]"
    return "[" + ",\n ".join(fmt(r) for r in a) + "]"
cases = []
out = []
def case(name, m, k, n, signed, gran, zp):
    x = rng.integers(-8, 8, size=(m, k)) / 4.0
    bits = 8 if name.startswith("int8") or name.startswith("uint8") else 4
    lo, hi = ((-2**(bits-1), 2**(bits-1)) if signed else (0, 2**bits))
    q = rng.integers(lo, hi, size=(k, n))
    st = ("i" if signed else "u") + str(bits)
    if gran == "block":
        s = 2.0 ** -rng.integers(1, 4, size=(k // 32, n)); z = rng.integers(lo, hi, size=(k//32, n)) if zp else np.zeros((k//32, n), int)
        attr = f"axis = 0, block = 32, scales = {fmt(s.ravel())}" + (f", zero_points = {fmt(z.ravel())}" if zp else "")
        S = np.repeat(s, 32, axis=0); Z = np.repeat(z, 32, axis=0)
    elif gran == "channel":
        s = 2.0 ** -rng.integers(1, 4, size=n); z = rng.integers(lo, hi, size=n) if zp else np.zeros(n, int)
        attr = f"axis = 1, scales = {fmt(s)}" + (f", zero_points = {fmt(z)}" if zp else "")
        S = s[None, :]; Z = z[None, :]
    else:
        s = 0.5; z = (-1 if signed else 2**(bits-1)) if zp else 0
        attr = f"scale = 0.5, zero_point = {z}"
        S = s; Z = z
    ref = x @ ((q - Z) * S)
    out.append((name, ref))
    return f"""
func.func @{name}(%x: tensor<{m}x{k}xf32>) -> tensor<{m}x{n}xf32> {{
  %q = arith.constant dense<{fmt(q)}> : tensor<{k}x{n}xi{bits}>
  %w = compress.dequantize %q {{quant = #compress.quant<{st}:f32, {attr}>}} : tensor<{k}x{n}xi{bits}> -> tensor<{k}x{n}xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{m}x{n}xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %r = linalg.matmul ins(%x, %w : tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32>) outs(%f : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  return %r : tensor<{m}x{n}xf32>
}}
""", x
funcs = []
specs = [("signed_per_block", 1, 64, 128, True, "block", False),
         ("unsigned_per_channel_zero_points", 3, 64, 256, False, "channel", True),
         ("signed_per_tensor_zero_point", 2, 96, 128, True, "tensor", True),
         ("signed_per_block_zero_points", 2, 64, 128, True, "block", True),
         ("int8_per_channel", 1, 64, 256, True, "channel", False),
         ("uint8_per_tensor_zero_point", 3, 32, 128, False, "tensor", True),
         ("signed_narrow_per_block", 2, 64, 48, True, "block", True),
         ("int8_narrow_per_channel", 1, 32, 64, True, "channel", False)]
main = ["func.func @main() {"]
for spec in specs:
    f, x = case(*spec)
    funcs.append(f)
    nm = spec[0]; m, k, n = spec[1:4]
    main.append(f"  %x_{nm} = arith.constant dense<{fmt(x)}> : tensor<{m}x{k}xf32>")
    main.append(f"  %r_{nm} = call @{nm}(%x_{nm}) : (tensor<{m}x{k}xf32>) -> tensor<{m}x{n}xf32>")
    main.append(f"  %u_{nm} = tensor.cast %r_{nm} : tensor<{m}x{n}xf32> to tensor<*xf32>")
    main.append(f"  call @printMemrefF32(%u_{nm}) : (tensor<*xf32>) -> ()")
main.append("  return\n}")
checks = []
for name, ref in out:
    checks.append(f"// CHECK-LABEL: Unranked Memref")
    checks.append("// CHECK-NEXT: [" + "[" + ", ".join("%g" % v for v in ref[0][:6]))
print("\n".join(checks))
print("\nfunc.func private @printMemrefF32(tensor<*xf32>)")
print("".join(funcs))
print("\n".join(main))
