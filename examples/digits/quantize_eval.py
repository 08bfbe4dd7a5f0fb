#!/usr/bin/env python3
"""Trains (or reuses) the digits MLP and its lottery tickets, then for each
configuration runs compress-opt, compiles with --compress-cpu-pipeline, runs
the 360 test images with mlir-runner and prints accuracy, weight bytes (from
--compress-report), the compression ratio and the latency per batch of 32
next to the float model (compiled by the same pipeline, and in numpy).

  quantize_eval.py --build BUILD_DIR --work WORK_DIR [--check] [--reduced]

--check turns the targets into PASS/FAIL lines: int8 static and dynamic
within 0.5 point of float, int4 block-32 weight-only within 1; the 8.3 %
lottery ticket in int8 within 1 point and at least 15x smaller; the 3.6 %
ticket at least 20x smaller in int8 and 40x with int4 values.
--reduced runs only the configurations --check needs (the test suite's demo).
"""
import argparse
import os
import re
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mlp  # noqa: E402

LLVM = "/usr/lib/llvm-22"
RUNNER_LIBS = ",".join(os.path.join(LLVM, "lib", l) for l in
                       ["libmlir_runner_utils.so", "libmlir_c_runner_utils.so"])
# Weight-only layers dequantize their (packed) weights once per call and run
# the vectorized float matmul.
WEIGHT_ONLY = "--compress-lower-to-integer=weight-only=materialize"
STATIC = ["--compress-calibrate=inputs={calib}",
          "--compress-quantize=activations=static",
          "--compress-lower-to-integer"]
# Lottery tickets: static int8 (or int4 weights), integer lowering, then the
# pruned weights stored compressed (--compress-sparsify's default cost rule
# picks the fastest storage; `smallest` the fewest bytes).
def sparse(bits=8, weights="channel", storage="auto"):
    return ["--compress-calibrate=inputs={calib}",
            "--compress-quantize=activations=static bits=%d weights=%s" % (bits, weights),
            "--compress-fold-constants", "--compress-lower-to-integer",
            "--compress-sparsify=storage=" + storage]


# name, model, passes, report on the compressed output (else on the
# quantized weights before integer lowering), used by --reduced
CONFIGS = [
    ("float", "model", [], False, True),
    ("int8 static", "model", STATIC, False, True),
    ("int8 dynamic", "model", ["--compress-quantize=activations=dynamic",
                               "--compress-lower-to-integer"], False, True),
    ("int8 dynamic per-row", "model", [
        "--compress-quantize=activations=dynamic dynamic-granularity=row",
        "--compress-lower-to-integer"], False, False),
    ("int8 weight-only", "model", ["--compress-quantize=activations=none",
                                   WEIGHT_ONLY], False, False),
    ("int4 block-32 weight-only", "model", [
        "--compress-quantize=activations=none bits=4 weights=block block-size=32",
        "--compress-fold-constants", WEIGHT_ONLY], False, True),
    ("int4 block-32 + int8 activations", "model", [
        "--compress-calibrate=inputs={calib}",
        "--compress-quantize=activations=static bits=4 weights=block block-size=32",
        "--compress-fold-constants", "--compress-lower-to-integer"], False, False),
    ("int8 static, 25% channels pruned", "model", [
        "--compress-prune=structure=channel sparsity=0.25 exclude=2",
        "--compress-sparsify", "--canonicalize"] + STATIC, False, False),
    ("int8 static, LTH 8.3% sparse", "model_lth8", sparse(), True, True),
    ("int4 weight-only, LTH 8.3% mask", "model_lth8", [
        "--compress-quantize=activations=none bits=4 weights=channel",
        "--compress-fold-constants", WEIGHT_ONLY], False, False),
    ("int8 static, LTH 3.6% sparse", "model_lth3", sparse(), True, True),
    ("int4 + int8 act., LTH 3.6% sparse", "model_lth3",
     sparse(bits=4, weights="tensor", storage="smallest"), True, True),
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--check", action="store_true")
    p.add_argument("--target", default="host", help="--compress-cpu-pipeline target")
    p.add_argument("--reduced", action="store_true",
                   help="only the configurations --check needs")
    a = p.parse_args()
    configs = [c for c in CONFIGS if c[4] or not a.reduced]
    opt = os.path.join(a.build, "bin", "compress-opt")
    os.makedirs(a.work, exist_ok=True)
    print("[1/2] training the MLP (cached) and exporting it to MLIR", flush=True)
    run([sys.executable, os.path.join(HERE, "train.py"), a.work])
    harness = open(os.path.join(a.work, "harness.mlir")).read()
    sources = {}
    for model in sorted({c[1] for c in configs}):
        sources[model] = os.path.join(a.work, model + "_and_harness.mlir")
        with open(sources[model], "w") as f:
            f.write(open(os.path.join(a.work, model + ".mlir")).read())
            f.write(harness)
    x = np.load(os.path.join(a.work, "test_x.npy"))
    y = np.load(os.path.join(a.work, "test_y.npy"))
    calib = os.path.join(a.work, "calib.npy")
    z = np.load(os.path.join(a.work, "params.npz"))
    params = [[z["w%d" % i], z["b%d" % i]] for i in range(len(mlp.LAYERS) - 1)]
    batches = (len(x) + 31) // 32
    t0 = time.perf_counter()
    for _ in range(10):
        for s in range(0, len(x), 32):
            mlp.forward(params, x[s:s + 32])
    numpy_batch = (time.perf_counter() - t0) / (10 * batches)
    print("[2/2] compressing, compiling (--compress-cpu-pipeline) and running "
          "%d configurations on %d test images" % (len(configs), len(x)), flush=True)
    rows, results, ratios = [], {}, {}
    for name, model, passes, report_final, _ in configs:
        src = sources[model]
        tag = re.sub(r"[^a-z0-9]+", "_", name)
        compressed = os.path.join(a.work, tag + ".mlir")
        report = os.path.join(a.work, tag + ".report")
        passes = [p.format(calib=calib) for p in passes]
        run([opt, src] + passes + ["-o", compressed])
        if report_final:
            # Compressed storage exists only after integer lowering.
            run([opt, compressed, "--compress-report=file=" + report, "-o", os.devnull])
        else:
            # Sizes of the quantized weights as stored (before integer
            # lowering turns weight-only layers into fused loops the report
            # does not list).
            run([opt, src] + [p for p in passes
                               if not p.startswith("--compress-lower-to-integer")] +
                ["--compress-fold-constants", "--compress-report=file=" + report,
                 "-o", os.devnull])
        total = [l for l in open(report) if l.startswith("total")][0].split()
        stored = int(total[-3])
        lowered = run([opt, compressed, "--compress-cpu-pipeline=target=" + a.target]).stdout
        out = run([os.path.join(LLVM, "bin", "mlir-runner"), "-O3", "-e", "main",
                   "-entry-point-result=void", "-shared-libs=" + RUNNER_LIBS],
                  input=lowered).stdout
        acc = mlp.accuracy(mlp.parse_printed(out), y)
        batch = mlp.parse_seconds(out) / (10 * batches)
        results[name] = acc
        rows.append((name, acc, stored, batch))
        ratios[name] = stored
        print("  %-34s done" % name, flush=True)
    f32_bytes = rows[0][2]
    float_batch = rows[0][3]
    print()
    print("%-34s %9s %12s %8s %14s %12s %12s" % (
        "configuration", "accuracy", "weight bytes", "ratio", "latency/batch",
        "vs float", "vs numpy"))
    print("%-34s %8.2f%% %12d %7.1fx %12.1f us %12s %11.2fx" % (
        "float (numpy)", rows[0][1], f32_bytes, 1.0, numpy_batch * 1e6, "-", 1.0))
    for name, acc, stored, batch in rows:
        print("%-34s %8.2f%% %12d %7.1fx %12.1f us %11.2fx %11.2fx" % (
            name + (" (compiled)" if name == "float" else ""), acc, stored,
            f32_bytes / stored, batch * 1e6, float_batch / batch, numpy_batch / batch))
    if a.check:
        f = results["float"]
        for name, tol in [("int8 static", 0.5), ("int8 dynamic", 0.5),
                          ("int4 block-32 weight-only", 1.0),
                          ("int8 static, LTH 8.3% sparse", 1.0)]:
            drop = f - results[name]
            print("%s: %s drop %.2f point(s) (limit %.1f)" % (
                "PASS" if drop <= tol else "FAIL", name, drop, tol))
        for name, least in [("int8 static, LTH 8.3% sparse", 15.0),
                            ("int8 static, LTH 3.6% sparse", 20.0),
                            ("int4 + int8 act., LTH 3.6% sparse", 40.0)]:
            ratio = f32_bytes / ratios[name]
            print("%s: %s %.1fx smaller than float32 (at least %.0fx), accuracy "
                  "%.2f%% (float %.2f%%)" % ("PASS" if ratio >= least else "FAIL",
                                             name, ratio, least, results[name], f))


if __name__ == "__main__":
    main()
