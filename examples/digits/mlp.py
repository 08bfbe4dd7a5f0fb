#!/usr/bin/env python3
"""A 64-128-64-10 MLP on scikit-learn's bundled digits set, in numpy.

Library used by the tests and the demo:
  train(seed)              -> params, (x_train, y_train, x_test, y_test)
  export_mlir(params, B)   -> MLIR text: linalg on tensors, static batch B
  eval_harness(fn, x, B)   -> MLIR text: `main` runs `fn` over x in batches of
                              B and prints the logits
  forward(params, x)       -> float logits (numpy reference)
Nothing is downloaded: the data ships inside scikit-learn.
"""
import numpy as np

LAYERS = [64, 128, 64, 10]


def load_data(seed=0):
    from sklearn.datasets import load_digits
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    x, y = x[order], y[order]
    n_test = 360
    return x[n_test:], y[n_test:], x[:n_test], y[:n_test]


def init_params(seed=0):
    rng = np.random.default_rng(seed + 1)
    params = []
    for fan_in, fan_out in zip(LAYERS[:-1], LAYERS[1:]):
        w = rng.normal(0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out)).astype(np.float32)
        params.append([w, np.zeros(fan_out, np.float32)])
    return params


def forward(params, x, masks=None):
    h = x
    for i, (w, b) in enumerate(params):
        if masks is not None:
            w = w * masks[i]
        h = h @ w + b
        if i + 1 < len(params):
            h = np.maximum(h, 0)
    return h


def train(seed=0, epochs=60, lr=0.05, batch=32, params=None, masks=None, data=None):
    x_tr, y_tr, x_te, y_te = data if data is not None else load_data(seed)
    params = params if params is not None else init_params(seed)
    rng = np.random.default_rng(seed + 2)
    for epoch in range(epochs):
        order = rng.permutation(len(x_tr))
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            xb, yb = x_tr[idx], y_tr[idx]
            acts = [xb]
            h = xb
            for i, (w, b) in enumerate(params):
                wm = w * masks[i] if masks is not None else w
                h = h @ wm + b
                if i + 1 < len(params):
                    h = np.maximum(h, 0)
                acts.append(h)
            p = np.exp(h - h.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            grad = p
            grad[np.arange(len(yb)), yb] -= 1
            grad /= len(yb)
            for i in reversed(range(len(params))):
                w, b = params[i]
                wm = w * masks[i] if masks is not None else w
                gw = acts[i].T @ grad
                gb = grad.sum(0)
                if i > 0:
                    grad = (grad @ wm.T) * (acts[i] > 0)
                if masks is not None:
                    gw = gw * masks[i]
                params[i][0] = (w - lr * gw).astype(np.float32)
                params[i][1] = (b - lr * gb).astype(np.float32)
    return params, (x_tr, y_tr, x_te, y_te)


def accuracy(logits, y):
    return float((np.argmax(logits, 1) == y).mean() * 100.0)


def _dense(a):
    return "dense<" + np.array2string(
        a, separator=", ", threshold=np.inf, max_line_width=np.inf,
        formatter={"float_kind": lambda v: repr(float(v))}) + ">"


def export_mlir(params, batch, name="mlp", masks=None):
    """Float model: linalg.matmul + bias generic + ReLU generic per layer."""
    lines = ["#id = affine_map<(d0, d1) -> (d0, d1)>",
             "#bias = affine_map<(d0, d1) -> (d1)>", "",
             "func.func @%s(%%x: tensor<%dx%dxf32>) -> tensor<%dx%dxf32> {" %
             (name, batch, LAYERS[0], batch, LAYERS[-1]),
             "  %zero = arith.constant 0.0 : f32"]
    h = "%x"
    for i, (w, b) in enumerate(params):
        k, n = w.shape
        lines.append("  %%w%d = arith.constant %s : tensor<%dx%dxf32>" % (i, _dense(w), k, n))
        wv = "%%w%d" % i
        if masks is not None:
            m = masks[i].astype(bool)
            lines.append("  %%m%d = arith.constant %s : tensor<%dx%dxi1>" % (
                i, "dense<" + np.array2string(m, separator=", ", threshold=np.inf,
                                              max_line_width=np.inf).replace("True", "true").replace("False", "false") + ">", k, n))
            lines.append("  %%pw%d = compress.prune %%w%d, %%m%d {sparsity = #compress.sparsity<unstructured>} : tensor<%dx%dxf32>, tensor<%dx%dxi1>" % (i, i, i, k, n, k, n))
            wv = "%%pw%d" % i
        lines.append("  %%b%d = arith.constant %s : tensor<%dxf32>" % (i, _dense(b), n))
        t = "tensor<%dx%dxf32>" % (batch, n)
        lines.append("  %%e%d = tensor.empty() : %s" % (i, t))
        lines.append("  %%f%d = linalg.fill ins(%%zero : f32) outs(%%e%d : %s) -> %s" % (i, i, t, t))
        lines.append("  %%mm%d = linalg.matmul ins(%s, %s : tensor<%dx%dxf32>, tensor<%dx%dxf32>) outs(%%f%d : %s) -> %s" % (
            i, h, wv, batch, k, k, n, i, t, t))
        lines.append("  %%a%d = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = [\"parallel\", \"parallel\"]} ins(%%mm%d, %%b%d : %s, tensor<%dxf32>) outs(%%e%d : %s) {" % (
            i, i, i, t, n, i, t))
        lines.append("  ^bb0(%in: f32, %bias: f32, %out: f32):")
        lines.append("    %s = arith.addf %in, %bias : f32")
        lines.append("    linalg.yield %s : f32")
        lines.append("  } -> %s" % t)
        h = "%%a%d" % i
        if i + 1 < len(params):
            lines.append("  %%r%d = linalg.generic {indexing_maps = [#id, #id], iterator_types = [\"parallel\", \"parallel\"]} ins(%%a%d : %s) outs(%%e%d : %s) {" % (i, i, t, i, t))
            lines.append("  ^bb0(%in: f32, %out: f32):")
            lines.append("    %r = arith.maximumf %in, %zero : f32")
            lines.append("    linalg.yield %r : f32")
            lines.append("  } -> %s" % t)
            h = "%%r%d" % i
    lines.append("  return %s : tensor<%dx%dxf32>" % (h, batch, LAYERS[-1]))
    lines.append("}")
    return "\n".join(lines) + "\n"


def eval_harness(fn, x, batch, repeats=10):
    """`main` that runs @fn over x (padded to whole batches) `repeats` times,
    prints the seconds that took, then the logits of the real samples."""
    n = len(x)
    nb = (n + batch - 1) // batch
    padded = np.concatenate([x, np.zeros((nb * batch - n, x.shape[1]), np.float32)])
    k, c = LAYERS[0], LAYERS[-1]
    return "\n".join([
        "func.func private @printMemrefF32(tensor<*xf32>)",
        "func.func private @rtclock() -> f64",
        "func.func private @printF64(f64)",
        "func.func private @printNewline()",
        "func.func @main() {",
        "  %%data = arith.constant %s : tensor<%dx%dxf32>" % (_dense(padded), nb * batch, k),
        "  %%init = tensor.empty() : tensor<%dx%dxf32>" % (nb * batch, c),
        "  %c0 = arith.constant 0 : index",
        "  %%cb = arith.constant %d : index" % batch,
        "  %%cn = arith.constant %d : index" % (nb * batch),
        "  %c1 = arith.constant 1 : index",
        "  %%crep = arith.constant %d : index" % repeats,
        "  %t0 = call @rtclock() : () -> f64",
        "  %%all = scf.for %%rep = %%c0 to %%crep step %%c1 iter_args(%%outer = %%init) -> (tensor<%dx%dxf32>) {" % (nb * batch, c),
        "  %%pass = scf.for %%i = %%c0 to %%cn step %%cb iter_args(%%acc = %%outer) -> (tensor<%dx%dxf32>) {" % (nb * batch, c),
        "    %%xb = tensor.extract_slice %%data[%%i, 0] [%d, %d] [1, 1] : tensor<%dx%dxf32> to tensor<%dx%dxf32>" % (batch, k, nb * batch, k, batch, k),
        "    %%yb = func.call @%s(%%xb) : (tensor<%dx%dxf32>) -> tensor<%dx%dxf32>" % (fn, batch, k, batch, c),
        "    %%next = tensor.insert_slice %%yb into %%acc[%%i, 0] [%d, %d] [1, 1] : tensor<%dx%dxf32> into tensor<%dx%dxf32>" % (batch, c, batch, c, nb * batch, c),
        "    scf.yield %%next : tensor<%dx%dxf32>" % (nb * batch, c),
        "  }",
        "  scf.yield %%pass : tensor<%dx%dxf32>" % (nb * batch, c),
        "  }",
        "  %t1 = call @rtclock() : () -> f64",
        "  %dt = arith.subf %t1, %t0 : f64",
        "  call @printF64(%dt) : (f64) -> ()",
        "  call @printNewline() : () -> ()",
        "  %%real = tensor.extract_slice %%all[0, 0] [%d, %d] [1, 1] : tensor<%dx%dxf32> to tensor<%dx%dxf32>" % (n, c, nb * batch, c, n, c),
        "  %%u = tensor.cast %%real : tensor<%dx%dxf32> to tensor<*xf32>" % (n, c),
        "  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()",
        "  return",
        "}", ""])


def parse_seconds(text):
    """Seconds the harness spent in the batch loop (printed first)."""
    return float(text.strip().split("\n", 1)[0])


def parse_printed(text):
    import re
    body = text.split("data =", 1)[1]
    vals = [float(v) for v in re.findall(r"-?(?:nan|inf|\d+(?:\.\d*)?(?:e[-+]?\d+)?)", body)]
    return np.array(vals, dtype=np.float32).reshape(-1, LAYERS[-1])


def magnitude_masks(params, fraction, masks=None):
    """Per layer, prune `fraction` of the remaining weights with the smallest
    |w|; ties go to the lower (row-major) index first, exactly like
    --compress-prune."""
    out = []
    for i, (w, _) in enumerate(params):
        keep = np.ones(w.shape, bool) if masks is None else masks[i].astype(bool).copy()
        flat_keep = keep.reshape(-1)
        alive = np.flatnonzero(flat_keep)
        order = alive[np.argsort(np.abs(w.reshape(-1)[alive]), kind="stable")]
        flat_keep[order[:int(round(fraction * len(alive)))]] = False
        out.append(keep)
    return out


def lottery_ticket(rounds, fraction, epochs, seed=0, data=None, keep=None):
    """Iterative magnitude pruning with rewinding to the initial weights:
    train, prune `fraction` of the remaining weights per layer, reset the
    survivors to their initial values, retrain with the mask; `rounds` times.
    Returns (params, masks) of the last round, or with `keep` (round numbers)
    a dict {round: (params, masks)}."""
    data = data if data is not None else load_data(seed)
    init = init_params(seed)
    params, _ = train(seed, epochs=epochs, params=[[w.copy(), b.copy()] for w, b in init], data=data)
    masks = None
    kept = {}
    for r in range(1, rounds + 1):
        masks = magnitude_masks(params, fraction, masks)
        rewound = [[w.copy(), b.copy()] for w, b in init]
        params, _ = train(seed, epochs=epochs, params=rewound, masks=masks, data=data)
        if keep is not None and r in keep:
            kept[r] = ([[w.copy(), b.copy()] for w, b in params], [m.copy() for m in masks])
    return kept if keep is not None else (params, masks)


def density(masks):
    return sum(float(m.sum()) for m in masks) / sum(m.size for m in masks)
