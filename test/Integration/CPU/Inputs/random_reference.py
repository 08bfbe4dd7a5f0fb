#!/usr/bin/env python3
"""Random executed tests of compress.quantize / dequantize / requantize.

`gen KIND SEED OUT.mlir OUT.expected` writes a module whose `main` prints the
results of the compiled ops on random inputs (many exact ties, out-of-range
values, NaN, +-Inf, INT32 extremes) and the values an independent reference
computes: numpy in float32 for quantize/dequantize, a transcription of
gemmlowp's fixedpoint.h / TFLite's MultiplyByQuantizedMultiplier for
requantize. `check OUT.expected RUN.out` compares every element.
"""
import json
import math
import random
import re
import sys

import numpy as np

F32 = np.float32


def f32_literal(v):
    v = F32(v)
    if np.isnan(v):
        return "0x7FC00000"
    if np.isinf(v):
        return "0x7F800000" if v > 0 else "0xFF800000"
    return repr(float(v)) if float(v) == float(repr(float(v))) else "%.9e" % v


# ----------------------------------------------------------------------------
# quantize / dequantize
# ----------------------------------------------------------------------------

def quantize_ref(x, scales, zps, lo, hi, half_even):
    x = x.astype(F32)
    t = (x / scales.astype(F32)).astype(F32)
    if half_even:
        r = np.rint(t)
    else:  # half away from zero, in f64 so |t| + 0.5 is exact
        td = t.astype(np.float64)
        r = (np.sign(td) * np.floor(np.abs(td) + 0.5)).astype(F32)
    v = (r + zps.astype(F32)).astype(F32)
    v = np.clip(v, F32(lo), F32(hi))
    v = np.where(np.isnan(t), zps.astype(F32), v)
    return v.astype(np.int64)


def gen_quantize(rng, nprng):
    rows, cols, block = 64, 32, 16
    cases = []
    for name, storage, lo, hi, gran, half_even in [
        ("i8_tensor_even", "i8", -128, 127, "tensor", True),
        ("i8_tensor_away", "i8", -128, 127, "tensor", False),
        ("u8_axis_even", "u8", 0, 255, "axis", True),
        ("i8_narrow_axis", "i8", -127, 127, "axis", True),
        ("i4_block_even", "i4", -8, 7, "block", True),
        ("u4_block_away", "u4", 0, 15, "block", False),
        ("i16_tensor_even", "i16", -32768, 32767, "tensor", True),
    ]:
        if gran == "tensor":
            nparams = 1
        elif gran == "axis":
            nparams = cols
        else:
            nparams = (rows // block) * cols
        # Powers of two make x / S exact, so ties really are ties.
        scales = np.array([2.0 ** rng.randint(-6, 2) for _ in range(nparams)], dtype=F32)
        if rng.random() < 0.5:
            scales[0] = F32(0.1)
        zps = np.array([rng.randint(lo, hi) // 2 for _ in range(nparams)], dtype=np.int64)
        idx = np.zeros((rows, cols), dtype=np.int64)
        for i in range(rows):
            for j in range(cols):
                idx[i, j] = 0 if gran == "tensor" else (j if gran == "axis" else (i // block) * cols + j)
        s_full, z_full = scales[idx], zps[idx]
        kind = nprng.integers(0, 4, size=(rows, cols))
        ties = (nprng.integers(-300, 300, size=(rows, cols)) + 0.5) * s_full
        uniform = nprng.uniform(-400, 400, size=(rows, cols)) * s_full
        x = np.where(kind == 0, ties, uniform).astype(F32)
        x[0, 0], x[0, 1], x[0, 2], x[0, 3] = np.nan, np.inf, -np.inf, F32(1e30)
        expected = quantize_ref(x, s_full, z_full, lo, hi, half_even)
        quant = "#compress.quant<%s:f32" % storage
        if (lo, hi) == (-127, 127):
            quant += ", range = [-127, 127]"
        if gran == "tensor":
            quant += ", scale = %s, zero_point = %d>" % (f32_literal(scales[0]), zps[0])
        else:
            quant += ", axis = %d" % (1 if gran == "axis" else 0)
            if gran == "block":
                quant += ", block = %d" % block
            quant += ", scales = [%s], zero_points = [%s]>" % (
                ", ".join(f32_literal(s) for s in scales),
                ", ".join(str(z) for z in zps))
        cases.append(dict(name=name, storage=storage, quant=quant, x=x,
                          half_even=half_even, expected=expected))
    return rows, cols, cases


def emit_quantize(rows, cols, cases):
    width = {"i8": 8, "u8": 8, "i4": 4, "u4": 4, "i16": 16}
    out = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
    for c in cases:
        w = width[c["storage"]]
        rnd = "" if c["half_even"] else ", rounding = #compress<rounding half_away>"
        out.append("func.func @%s(%%x: tensor<%dx%dxf32>) -> tensor<%dx%dxi%d> {" % (c["name"], rows, cols, rows, cols, w))
        out.append("  %%q = compress.quantize %%x {quant = %s%s} : tensor<%dx%dxf32> -> tensor<%dx%dxi%d>" % (c["quant"], rnd, rows, cols, rows, cols, w))
        out.append("  return %%q : tensor<%dx%dxi%d>" % (rows, cols, w))
        out.append("}")
    out.append("func.func @main() {")
    for k, c in enumerate(cases):
        w = width[c["storage"]]
        ext = "extui" if c["storage"].startswith("u") else "extsi"
        lit = ", ".join("[" + ", ".join(f32_literal(v) for v in row) + "]" for row in c["x"])
        out.append("  %%x%d = arith.constant dense<[%s]> : tensor<%dx%dxf32>" % (k, lit, rows, cols))
        out.append("  %%q%d = call @%s(%%x%d) : (tensor<%dx%dxf32>) -> tensor<%dx%dxi%d>" % (k, c["name"], k, rows, cols, rows, cols, w))
        out.append("  %%e%d = arith.%s %%q%d : tensor<%dx%dxi%d> to tensor<%dx%dxi32>" % (k, ext, k, rows, cols, w, rows, cols))
        out.append("  %%u%d = tensor.cast %%e%d : tensor<%dx%dxi32> to tensor<*xi32>" % (k, k, rows, cols))
        out.append("  call @printMemrefI32(%%u%d) : (tensor<*xi32>) -> ()" % k)
    out.append("  return")
    out.append("}")
    return "\n".join(out), [c["expected"].reshape(-1).tolist() for c in cases]


# ----------------------------------------------------------------------------
# requantize: gemmlowp / TFLite, transcribed
# ----------------------------------------------------------------------------

def quantize_multiplier(m):
    if m == 0:
        return 0, 0
    q, shift = math.frexp(m)
    fixed = int(math.floor(q * (1 << 31) + 0.5))  # q > 0: half away
    if fixed == 1 << 31:
        fixed //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return fixed, shift


def wrap32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def srdhm(a, b):
    if a == b == -(1 << 31):
        return (1 << 31) - 1
    ab = a * b
    nudge = (1 << 30) if ab >= 0 else 1 - (1 << 30)
    s = ab + nudge
    q = abs(s) // (1 << 31)  # C++ division truncates toward zero
    return q if s >= 0 else -q


def rounding_divide_by_pot(x, e):
    mask = (1 << e) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> e) + (1 if remainder > threshold else 0)


def mbqm_double(x, m, shift):
    left, right = (shift, 0) if shift > 0 else (0, -shift)
    return rounding_divide_by_pot(srdhm(wrap32(x << left), m), right)


def mbqm_single(x, m, shift):
    total = 31 - shift
    return (x * m + (1 << (total - 1))) >> total


def requantize_ref(acc, s_in, z_in, s_out, z_out, lo, hi, double):
    m, shift = quantize_multiplier(s_in / s_out)
    x = wrap32(acc - z_in)
    y = mbqm_double(x, m, shift) if double else mbqm_single(x, m, shift)
    return min(max(y + z_out, lo), hi)


def gen_requantize(rng):
    rows, cols = 128, 16
    edges = [0, 1, -1, 2**31 - 1, -2**31, 2**31 - 2, -2**31 + 1, 12345, -12345]
    cases = []
    for name, double, z_in in [("double", True, 0), ("single", False, 0),
                               ("double_zin", True, 37), ("single_zin", False, -37)]:
        s_in = [rng.choice([10 ** rng.uniform(-7, -2), 10 ** rng.uniform(-2, 0.5)]) for _ in range(cols)]
        s_out = 10 ** rng.uniform(-2, 0)
        z_out = rng.randint(-20, 20)
        accs = []
        for i in range(rows * cols):
            r = rng.random()
            if i < len(edges):
                accs.append(edges[i])
            elif r < 0.3:
                accs.append(rng.randint(-2**31, 2**31 - 1))
            elif r < 0.6:
                # Near exact halves of the output grid.
                m = s_in[i % cols] / s_out
                accs.append(int(round((rng.randint(-200, 200) + 0.5) / m)) + rng.randint(-1, 1))
            else:
                accs.append(rng.randint(-100000, 100000))
        accs = [max(min(a, 2**31 - 1), -2**31) for a in accs]
        expected = [requantize_ref(a, s_in[i % cols], z_in, s_out, z_out, -128, 127, double)
                    for i, a in enumerate(accs)]
        cases.append(dict(name=name, double=double, s_in=s_in, z_in=z_in, s_out=s_out,
                          z_out=z_out, accs=accs, expected=expected))
    return rows, cols, cases


def emit_requantize(rows, cols, cases):
    out = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
    for c in cases:
        rnd = "double" if c["double"] else "single"
        inq = "#compress.quant<i32:f32, axis = 1, scales = [%s], zero_points = [%s]>" % (
            ", ".join(repr(s) for s in c["s_in"]), ", ".join(str(c["z_in"]) for _ in c["s_in"]))
        outq = "#compress.quant<i8:f32, scale = %r, zero_point = %d>" % (c["s_out"], c["z_out"])
        out.append("func.func @%s(%%a: tensor<%dx%dxi32>) -> tensor<%dx%dxi8> {" % (c["name"], rows, cols, rows, cols))
        out.append("  %%q = compress.requantize %%a {input_quant = %s, output_quant = %s, rounding = #compress<requant_rounding %s>} : tensor<%dx%dxi32> -> tensor<%dx%dxi8>" % (inq, outq, rnd, rows, cols, rows, cols))
        out.append("  return %%q : tensor<%dx%dxi8>" % (rows, cols))
        out.append("}")
    out.append("func.func @main() {")
    for k, c in enumerate(cases):
        lit = ", ".join("[" + ", ".join(str(v) for v in c["accs"][r * cols:(r + 1) * cols]) + "]" for r in range(rows))
        out.append("  %%a%d = arith.constant dense<[%s]> : tensor<%dx%dxi32>" % (k, lit, rows, cols))
        out.append("  %%q%d = call @%s(%%a%d) : (tensor<%dx%dxi32>) -> tensor<%dx%dxi8>" % (k, c["name"], k, rows, cols, rows, cols))
        out.append("  %%e%d = arith.extsi %%q%d : tensor<%dx%dxi8> to tensor<%dx%dxi32>" % (k, k, rows, cols, rows, cols))
        out.append("  %%u%d = tensor.cast %%e%d : tensor<%dx%dxi32> to tensor<*xi32>" % (k, k, rows, cols))
        out.append("  call @printMemrefI32(%%u%d) : (tensor<*xi32>) -> ()" % k)
    out.append("  return")
    out.append("}")
    return "\n".join(out), [c["expected"] for c in cases]


def main():
    if sys.argv[1] == "gen":
        kind, seed, mlir_path, expected_path = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
        rng = random.Random(seed)
        nprng = np.random.default_rng(seed)
        if kind == "quantize":
            text, expected = emit_quantize(*gen_quantize(rng, nprng))
        else:
            text, expected = emit_requantize(*gen_requantize(rng))
        open(mlir_path, "w").write(text + "\n")
        json.dump(expected, open(expected_path, "w"))
        return 0
    expected = json.load(open(sys.argv[2]))
    blocks = re.split(r"Unranked Memref[^\n]*\n", open(sys.argv[3]).read())[1:]
    if len(blocks) != len(expected):
        print("FAIL: %d outputs, expected %d" % (len(blocks), len(expected)))
        return 1
    mismatches = total = 0
    for k, (block, want) in enumerate(zip(blocks, expected)):
        got = [int(v) for v in re.findall(r"-?\d+", block)]
        if len(got) != len(want):
            print("FAIL: case %d has %d values, expected %d" % (k, len(got), len(want)))
            return 1
        for i, (g, w) in enumerate(zip(got, want)):
            total += 1
            if g != w:
                mismatches += 1
                if mismatches <= 10:
                    print("case %d element %d: got %d, expected %d" % (k, i, g, w))
    print("compared %d values, %d mismatches" % (total, mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
