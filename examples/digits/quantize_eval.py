#!/usr/bin/env python3
"""Trains (or reuses) the digits MLP, then for each configuration runs
compress-opt, compiles with --compress-reference-pipeline, executes the test
set with mlir-runner and prints accuracy next to the float model.

  quantize_eval.py --build BUILD_DIR --work WORK_DIR [--check]

--check turns the issue's targets into PASS/FAIL lines: int8 static and int8
dynamic within 0.5 point of float, int4 block-32 weight-only within 1 point.
"""
import argparse
import os
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

CONFIGS = [
    ("float", []),
    ("int8 static", ["--compress-calibrate=inputs={calib}",
                     "--compress-quantize=activations=static",
                     "--compress-lower-to-integer"]),
    ("int8 dynamic", ["--compress-quantize=activations=dynamic",
                      "--compress-lower-to-integer"]),
    ("int8 dynamic per-row", ["--compress-quantize=activations=dynamic dynamic-granularity=row",
                              "--compress-lower-to-integer"]),
    ("int8 weight-only", ["--compress-quantize=activations=none",
                          "--compress-lower-to-integer"]),
    ("int4 block-32 weight-only", ["--compress-quantize=activations=none bits=4 weights=block block-size=32",
                                   "--compress-fold-constants",
                                   "--compress-lower-to-integer"]),
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--check", action="store_true")
    a = p.parse_args()
    opt = os.path.join(a.build, "bin", "compress-opt")
    os.makedirs(a.work, exist_ok=True)
    run([sys.executable, os.path.join(HERE, "train.py"), a.work])
    src = os.path.join(a.work, "model_and_harness.mlir")
    with open(src, "w") as f:
        f.write(open(os.path.join(a.work, "model.mlir")).read())
        f.write(open(os.path.join(a.work, "harness.mlir")).read())
    y = np.load(os.path.join(a.work, "test_y.npy"))
    calib = os.path.join(a.work, "calib.npy")
    results = {}
    for name, passes in CONFIGS:
        t0 = time.time()
        tag = name.replace(" ", "_")
        compressed = os.path.join(a.work, tag + ".mlir")
        run([opt, src] + [x.format(calib=calib) for x in passes] + ["-o", compressed])
        lowered = run([opt, compressed, "--compress-reference-pipeline"]).stdout
        out = run([os.path.join(LLVM, "bin", "mlir-runner"), "-O2", "-e", "main",
                   "-entry-point-result=void", "-shared-libs=" + RUNNER_LIBS],
                  input=lowered).stdout
        acc = mlp.accuracy(mlp.parse_printed(out), y)
        results[name] = acc
        print("%-28s accuracy %6.2f%%   (%.1f s)" % (name, acc, time.time() - t0))
    if a.check:
        f = results["float"]
        for name, tol in [("int8 static", 0.5), ("int8 dynamic", 0.5),
                          ("int4 block-32 weight-only", 1.0)]:
            drop = f - results[name]
            print("%s: %s drop %.2f point(s) (limit %.1f)" % (
                "PASS" if drop <= tol else "FAIL", name, drop, tol))


if __name__ == "__main__":
    main()
