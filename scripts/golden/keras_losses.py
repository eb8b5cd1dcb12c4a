#!/usr/bin/python3
"""Reference values and gradients for `losses.keras` (issue 15), following Keras 3's formulas.

    /usr/bin/python3 scripts/golden/keras_losses.py     # writes test/fixtures/keras-losses.json

TensorFlow cannot be installed here, so each Keras loss is written out step by step as
`keras/src/losses/losses.py` and the TensorFlow backend (`keras/src/backend/tensorflow/nn.py`)
compute it, once, over a tiny array API with two implementations:
  - NumPy: the values, in float64 and in float32 (ε = 1e-7 cast to the dtype, as Keras does);
  - PyTorch float64 autograd: the gradient w.r.t. ŷ, with TensorFlow's conventions at kinks
    (clip_by_value and maximum-with-a-constant pass the gradient at the bound: torch.clamp does
    the same; reduce_max splits ties evenly: torch.amax does the same).
Before writing, the torch value must equal the NumPy float64 value (1e-12), and on every case
marked smooth the torch gradient must equal float64 central differences of the NumPy function.

Case: {name, loss, args: [ŷ, y], opts, value, value32, grads: [dŷ, dy]} with tensors encoded as
in losses.json. `value32` is the NumPy float32 result for float32 inputs (the float64 inputs
rounded to float32). dy is null for class indices and for hinge/squaredHinge (whose 0/1 label
conversion depends on the labels' values).
"""

import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import enc, enc_value, gen_for, write_fixture  # noqa: E402

EPS = 1e-7


class NP:
    """NumPy backend; `dt` is float64 or float32 (constants are cast to it, as Keras does)."""

    def __init__(self, dt):
        self.dt = dt

    def c(self, v):
        return self.dt(v)

    def log(self, x): return np.log(x)
    def exp(self, x): return np.exp(x)
    def abs(self, x): return np.abs(x)
    def sqrt(self, x): return np.sqrt(x)
    def clip(self, x, lo, hi=None): return np.clip(x, self.c(lo), None if hi is None else self.c(hi))
    def minimum_c(self, x, hi): return np.minimum(x, self.c(hi))
    def sum(self, x, axis, keep=False): return np.sum(x, axis=axis, keepdims=keep)
    def mean(self, x, axis): return np.mean(x, axis=axis)
    def amax(self, x, axis): return np.max(x, axis=axis)
    def where(self, c, a, b): return np.where(c, a, b)
    def softplus(self, x): return np.logaddexp(self.c(0), x)
    def sigmoid(self, x): return self.c(1) / (self.c(1) + np.exp(-x))
    def logsumexp(self, x, axis):
        m = np.max(x, axis=axis, keepdims=True)
        return np.squeeze(m, axis) + np.log(np.sum(np.exp(x - m), axis=axis))
    def log_softmax(self, x, axis): return x - np.expand_dims(self.logsumexp(x, axis), axis)
    def softmax(self, x, axis): return np.exp(self.log_softmax(x, axis))
    def take(self, x, idx, axis): return np.squeeze(np.take_along_axis(x, np.expand_dims(idx, axis), axis), axis)
    def pow(self, x, g): return np.power(x, self.c(g))
    def rsqrt(self, x):
        with np.errstate(divide="ignore"):
            return self.c(1) / np.sqrt(x)


class TORCH:
    """PyTorch float64 backend (autograd gives the gradients)."""

    def c(self, v):
        return float(v)

    def log(self, x): return torch.log(x)
    def exp(self, x): return torch.exp(x)
    def abs(self, x): return torch.abs(x)
    def sqrt(self, x): return torch.sqrt(x)
    def clip(self, x, lo, hi=None): return torch.clamp(x, min=lo, max=hi)
    def minimum_c(self, x, hi): return torch.clamp(x, max=hi)
    def sum(self, x, axis, keep=False): return torch.sum(x, dim=axis, keepdim=keep)
    def mean(self, x, axis): return torch.mean(x, dim=axis)
    def amax(self, x, axis): return torch.amax(x, dim=axis)
    def where(self, c, a, b):
        a = a if torch.is_tensor(a) else torch.tensor(a, dtype=torch.float64)
        b = b if torch.is_tensor(b) else torch.tensor(b, dtype=torch.float64)
        return torch.where(c, a, b)
    def softplus(self, x): return torch.logaddexp(torch.zeros_like(x), x)
    def sigmoid(self, x): return torch.sigmoid(x)
    def logsumexp(self, x, axis): return torch.logsumexp(x, dim=axis)
    def log_softmax(self, x, axis): return torch.log_softmax(x, dim=axis)
    def softmax(self, x, axis): return torch.softmax(x, dim=axis)
    def take(self, x, idx, axis): return torch.gather(x, axis, idx.unsqueeze(axis)).squeeze(axis)
    def pow(self, x, g): return torch.pow(x, g)
    def rsqrt(self, x): return torch.rsqrt(x)


# ---- Keras' formulas (y_true = t, y_pred = p), one per-sample loss tensor each -----------------

def mse(X, p, t, o): return X.mean((t - p) * (t - p), -1)
def mae(X, p, t, o): return X.mean(X.abs(t - p), -1)


def mape(X, p, t, o):
    return X.c(100) * X.mean(X.abs((t - p) / X.clip(X.abs(t), EPS)), -1)


def msle(X, p, t, o):
    first = X.log(X.clip(p, EPS) + X.c(1))
    second = X.log(X.clip(t, EPS) + X.c(1))
    return X.mean((first - second) * (first - second), -1)


def huber(X, p, t, o):
    d = X.c(o.get("delta", 1.0))
    e = p - t
    a = X.abs(e)
    return X.mean(X.where(a <= d, X.c(0.5) * e * e, d * a - X.c(0.5) * d * d), -1)


def log_cosh(X, p, t, o):
    x = p - t
    return X.mean(x + X.softplus(x * X.c(-2)) - X.c(math.log(2.0)), -1)


def poisson(X, p, t, o): return X.mean(p - t * X.log(p + X.c(EPS)), -1)


def kld(X, p, t, o):
    t = X.clip(t, EPS, 1)
    p = X.clip(p, EPS, 1)
    return X.sum(t * X.log(t / p), -1)


def l2_normalize(X, x, axis):
    # keras.ops.normalize, order 2: x * min(rsqrt(Σx²), 1/ε)
    return x * X.minimum_c(X.rsqrt(X.sum(x * x, axis, True)), 1 / EPS)


def cosine_similarity(X, p, t, o):
    a = o.get("axis", -1)
    return -X.sum(l2_normalize(X, t, a) * l2_normalize(X, p, a), a)


def hinge_labels(t):
    binary = bool(((t == 0) | (t == 1)).all())
    return 2 * t - 1 if binary else t


def hinge(X, p, t, o):
    return X.mean(X.clip(X.c(1) - hinge_labels(t) * p, 0), -1)


def squared_hinge(X, p, t, o):
    h = X.clip(X.c(1) - hinge_labels(t) * p, 0)
    return X.mean(h * h, -1)


def categorical_hinge(X, p, t, o):
    pos = X.sum(t * p, -1)
    neg = X.amax((X.c(1) - t) * p, -1)
    return X.clip(neg - pos + X.c(1), 0)


def axes(o):
    a = o.get("axis")
    return None if a is None else tuple(a) if isinstance(a, list) else a


def dice(X, p, t, o):
    a = axes(o)
    inter = X.sum(t * p, a)
    return X.c(1) - X.c(2) * inter / (X.sum(t, a) + X.sum(p, a) + X.c(EPS))


def tversky(X, p, t, o):
    a = axes(o)
    inter = X.sum(t * p, a)
    fp = X.sum((X.c(1) - p) * t, a)    # Keras' names, kept: this is Σ y(1 − ŷ)
    fn = X.sum(p * (X.c(1) - t), a)
    alpha, beta = X.c(o.get("alpha", 0.5)), X.c(o.get("beta", 0.5))
    return X.c(1) - inter / (inter + fp * alpha + fn * beta + X.c(EPS))


def bce_probs(X, p, t):
    o = X.clip(p, EPS, 1 - EPS)
    return -(t * X.log(o) + (X.c(1) - t) * X.log(X.c(1) - o))


def bce_logits(X, x, t):
    # tf.nn.sigmoid_cross_entropy_with_logits: max(x, 0) - x·t + log(1 + exp(-|x|)), with its
    # select-based relu/abs (gradient of the true function at x = 0)
    pos = x >= 0
    zeros = x * X.c(0)
    return X.where(pos, x, zeros) - x * t + X.log(X.c(1) + X.exp(X.where(pos, -x, x)))


def binary_crossentropy(X, p, t, o):
    ls = o.get("labelSmoothing", 0.0)
    if ls:
        t = t * X.c(1 - ls) + X.c(0.5 * ls)
    l = bce_logits(X, p, t) if o.get("fromLogits") else bce_probs(X, p, t)
    return X.mean(l, o.get("axis", -1))


def smooth_cat(X, t, o):
    ls = o.get("labelSmoothing", 0.0)
    return t * X.c(1 - ls) + X.c(ls / t.shape[-1]) if ls else t


def categorical_crossentropy(X, p, t, o):
    a = o.get("axis", -1)
    t = smooth_cat(X, t, o)
    if o.get("fromLogits"):
        return -X.sum(t * X.log_softmax(p, a), a)
    q = X.clip(p / X.sum(p, a, True), EPS, 1 - EPS)
    return -X.sum(t * X.log(q), a)


def sparse_categorical_crossentropy(X, p, t, o):
    a = o.get("axis", -1)
    ic = o.get("ignoreClass")
    valid = None
    if ic is not None:
        valid = t != ic
        t = t * valid
        v = valid[..., None] if a in (-1, p.ndim - 1) else np.expand_dims(valid, a)
        p = p * (torch.tensor(v, dtype=torch.float64) if torch.is_tensor(p) else v.astype(p.dtype))
    s = p if o.get("fromLogits") else X.log(X.clip(p, EPS, 1 - EPS))
    idx = torch.tensor(t, dtype=torch.int64) if torch.is_tensor(p) else t
    res = X.logsumexp(s, a) - X.take(s, idx, a)
    if valid is not None:
        m = torch.tensor(valid) if torch.is_tensor(p) else valid
        res = X.where(m, res, res * X.c(0))
    return res


def binary_focal_crossentropy(X, p, t, o):
    ls = o.get("labelSmoothing", 0.0)
    if ls:
        t = t * X.c(1 - ls) + X.c(0.5 * ls)
    if o.get("fromLogits"):
        bce = bce_logits(X, p, t)       # TF: the sigmoid's logits reach the cross-entropy
        p = X.sigmoid(p)
    else:
        bce = bce_probs(X, p, t)
    pt = t * p + (X.c(1) - t) * (X.c(1) - p)
    l = X.pow(X.c(1) - pt, o.get("gamma", 2.0)) * bce
    if o.get("applyClassBalancing"):
        al = X.c(o.get("alpha", 0.25))
        l = (t * al + (X.c(1) - t) * (X.c(1) - al)) * l
    return X.mean(l, o.get("axis", -1))


def categorical_focal_crossentropy(X, p, t, o):
    a = o.get("axis", -1)
    t = smooth_cat(X, t, o)
    if o.get("fromLogits"):
        p = X.softmax(p, a)
    q = X.clip(p / X.sum(p, a, True), EPS, 1 - EPS)
    cce = -t * X.log(q)
    alpha = o.get("alpha", 0.25)
    if isinstance(alpha, list):
        alpha = torch.tensor(alpha, dtype=torch.float64) if torch.is_tensor(p) else np.array(alpha, dtype=q.dtype)
    else:
        alpha = X.c(alpha)
    return X.sum(X.pow(X.c(1) - q, o.get("gamma", 2.0)) * alpha * cce, a)


LOSSES = {
    "meanSquaredError": mse, "meanAbsoluteError": mae, "meanAbsolutePercentageError": mape,
    "meanSquaredLogarithmicError": msle, "huber": huber, "logCosh": log_cosh, "poisson": poisson,
    "kld": kld, "cosineSimilarity": cosine_similarity, "hinge": hinge, "squaredHinge": squared_hinge,
    "categoricalHinge": categorical_hinge, "dice": dice, "tversky": tversky,
    "binaryCrossentropy": binary_crossentropy, "categoricalCrossentropy": categorical_crossentropy,
    "sparseCategoricalCrossentropy": sparse_categorical_crossentropy,
    "binaryFocalCrossentropy": binary_focal_crossentropy,
    "categoricalFocalCrossentropy": categorical_focal_crossentropy,
}


def reduce(X, loss, values, o, t=None):
    """Keras' reductions: sum_over_batch_size ('mean'), 'sum', 'none'; a 0-d loss is returned as is."""
    a = o.get("agg", "mean")
    if a == "none" or values.ndim == 0:
        return values
    total = values.sum()
    if a == "sum":
        return total
    if loss == "sparseCategoricalCrossentropy" and o.get("ignoreClass") is not None:
        valid = (t != o["ignoreClass"]).sum()   # the mask reweights by total/valid
        return total / max(int(valid), 1)
    return total / values.size if isinstance(values, np.ndarray) else total / values.numel()


def run(X, loss, p, t, o):
    return reduce(X, loss, LOSSES[loss](X, p, t, o), o, t)


# ---- cases -----------------------------------------------------------------------------------

CASES = []


def add(name, loss, p, t, o, smooth=True, grad=True):
    """p: float64 array; t: float64 array or int64 array of class indices."""
    o = dict(o)
    index = loss == "sparseCategoricalCrossentropy"
    v64 = run(NP(np.float64), loss, p, t, o)
    v32 = run(NP(np.float32), loss, p.astype(np.float32), t if index else t.astype(np.float32), o)
    # y is differentiated too, except class indices and the hinge labels (whose 0/1 conversion
    # depends on the values themselves)
    ygrad = grad and not index and loss not in ("hinge", "squaredHinge")
    tp = torch.tensor(p, dtype=torch.float64, requires_grad=True)
    tt = t if index else torch.tensor(t, dtype=torch.float64, requires_grad=ygrad)
    vt = run(TORCH(), loss, tp, tt, o)
    assert np.allclose(vt.detach().numpy(), v64, rtol=1e-12, atol=1e-13), f"{name}: torch {vt} vs numpy {v64}"
    assert np.all(np.isfinite(v64)), f"{name}: non-finite value {v64}"
    g = gy = None
    if grad:
        gs = torch.autograd.grad(vt.sum(), [tp, tt] if ygrad else [tp])
        g = gs[0].numpy()
        gy = gs[1].numpy() if ygrad else None
    for what in (g, gy):
        assert what is None or np.all(np.isfinite(what)), f"{name}: non-finite gradient {what}"
    if smooth and grad:
        f = lambda a, b: np.sum(run(NP(np.float64), loss, a, b, o))
        assert np.allclose(g, differences(lambda a: f(a, t), p), rtol=1e-5, atol=1e-6), f"{name}: ŷ-gradient"
        if ygrad:
            assert np.allclose(gy, differences(lambda b: f(p, b), t), rtol=1e-5, atol=1e-6), f"{name}: y-gradient"
    jo = dict(o)
    if isinstance(o.get("alpha"), list):
        jo["alpha"] = torch.tensor(o["alpha"], dtype=torch.float64)
    CASES.append({
        "name": name, "loss": loss,
        "args": [enc(torch.tensor(p)), enc(torch.tensor(t, dtype=torch.int32) if index else torch.tensor(t))],
        "opts": enc_value(jo),
        "value": enc(torch.tensor(v64)), "value32": enc(torch.tensor(np.asarray(v32, dtype=np.float64))),
        "grads": [enc(torch.tensor(g)) if grad else None, enc(torch.tensor(gy)) if gy is not None else None],
    })


def differences(f, x):
    """Central differences of the scalar f at x, float64."""
    out = np.zeros_like(x)
    flat, of = x.reshape(-1), out.reshape(-1)
    for i in range(flat.size):
        h = 1e-6 * max(1.0, abs(flat[i]))
        up, dn = flat.copy(), flat.copy()
        up[i] += h
        dn[i] -= h
        of[i] = (f(up.reshape(x.shape)) - f(dn.reshape(x.shape))) / (2 * h)
    return out


def rng(name):
    return np.random.default_rng(int(gen_for(name).initial_seed()))


def away(x, points, gap=0.05):
    for q in points:
        near = np.abs(x - q) < gap
        x = np.where(near, x + 2 * gap * np.sign(x - q + 1e-300), x)
    return x


AGGS = ("mean", "sum", "none")
SHAPES = {1: [5], 2: [4, 3], 3: [2, 3, 4]}


def sweep(loss, make, variants=({},), ranks=(1, 2, 3), smooth=True):
    for v in variants:
        for r in ranks:
            for a in AGGS:
                o = dict(v, agg=a)
                tag = "".join(f"/{k}={val}" for k, val in v.items())
                name = f"keras.{loss}{tag}/agg={a}/rank{r}"
                p, t = make(rng(name), SHAPES[r], o)
                add(name, loss, p, t, o, smooth)


def softmax_np(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def onehot_np(g, shape, axis=-1):
    C = shape[axis]
    idx = g.integers(0, C, size=[s for i, s in enumerate(shape) if i != axis % len(shape)])
    return np.moveaxis(np.eye(C)[idx], -1, axis), idx


def main():
    # regression
    def reg(g, sh, o):
        p = g.normal(size=sh) * 1.5
        return p, p - away(p - g.normal(size=sh) * 1.5, [0.0])
    def pos(g, sh, o):
        return g.uniform(0.1, 3.0, sh), g.uniform(0.1, 3.0, sh)
    def huber_data(g, sh, o):
        d = o.get("delta", 1.0)
        t = g.normal(size=sh) * 1.5
        return t + away(g.normal(size=sh) * 1.5, [0.0, d, -d]), t
    def mape_data(g, sh, o):
        t = g.uniform(0.5, 2.0, sh) * np.where(g.uniform(size=sh) < 0.5, -1, 1)
        return t + away(g.normal(size=sh) * 0.5, [0.0]), t
    sweep("meanSquaredError", reg)
    sweep("meanAbsoluteError", reg)
    sweep("meanAbsolutePercentageError", mape_data)
    sweep("meanSquaredLogarithmicError", pos)
    sweep("huber", huber_data, variants=({}, {"delta": 0.5}, {"delta": 2.0}))
    sweep("logCosh", reg)
    sweep("poisson", pos)
    # clipped regions: targets 0 (|y| → ε in MAPE), ŷ and y below ε or negative in MSLE
    add("keras.meanAbsolutePercentageError/zero-target/agg=none", "meanAbsolutePercentageError",
        np.array([[0.3, 1.0, -1.0], [0.2, 0.5, 2.0]]), np.array([[0.0, 1.5, -2.0], [0.7, 0.0, 1.0]]), {"agg": "none"},
        smooth=False)   # terms of 1e9 swamp central differences of the sum
    add("keras.meanSquaredLogarithmicError/clipped/agg=none", "meanSquaredLogarithmicError",
        np.array([[-0.5, 1e-9, 2.0], [0.3, -2.0, 0.0]]), np.array([[1.0, 0.0, -1.0], [0.0, 3.0, 0.5]]), {"agg": "none"}, smooth=False)
    # ties at the kink: |e| = δ exactly (both branches have value ½δ² and slope δ)
    add("keras.huber/tie-at-delta/agg=none", "huber", np.array([[1.5, -0.5, 0.25]]), np.array([[0.5, 0.5, 0.0]]),
        {"agg": "none"}, smooth=False)
    add("keras.logCosh/large/agg=none", "logCosh", np.array([[1e3, -1e3, 30.0]]), np.zeros((1, 3)), {"agg": "none"})

    # probabilistic
    def probs_pair(g, sh, o):
        return softmax_np(g.normal(size=sh) * 1.5), softmax_np(g.normal(size=sh))
    sweep("kld", probs_pair)
    add("keras.kld/clipped/agg=none", "kld", np.array([[0.0, 0.3, 0.7], [1e-9, 0.5, 0.5]]),
        np.array([[1.0, 0.0, 0.0], [0.2, 0.8, 0.0]]), {"agg": "none"}, smooth=False)

    def cos(g, sh, o):
        return g.normal(size=sh), g.normal(size=sh)
    sweep("cosineSimilarity", cos, ranks=(2, 3))
    sweep("cosineSimilarity", cos, variants=({"axis": 1},), ranks=(3,))
    add("keras.cosineSimilarity/zero-vector/agg=none", "cosineSimilarity", np.array([[0.0, 0.0], [1.0, 2.0]]),
        np.array([[1.0, 0.0], [0.0, 0.0]]), {"agg": "none"}, grad=False)

    # hinge
    def pm1(g, sh, o):
        t = np.where(g.uniform(size=sh) < 0.5, -1.0, 1.0)
        return away(g.normal(size=sh) * 1.5 * t, [1.0]) * t, t
    def bits(g, sh, o):
        t = (g.uniform(size=sh) < 0.5).astype(np.float64)
        t.reshape(-1)[0], t.reshape(-1)[-1] = 1.0, 0.0
        s = 2 * t - 1
        return away(g.normal(size=sh) * 1.5 * s, [1.0]) * s, t
    for loss in ("hinge", "squaredHinge"):
        sweep(loss, pm1)
        for a in AGGS:
            name = f"keras.{loss}/labels=01/agg={a}/rank2"
            p, t = bits(rng(name), [4, 3], {})
            add(name, loss, p, t, {"agg": a})
    # not all labels in {0, 1}: used as given (no conversion)
    add("keras.hinge/labels=mixed/agg=none", "hinge", np.array([[0.3, -0.4, 2.0]]), np.array([[1.0, 0.0, -1.0]]), {"agg": "none"})
    # kink: y·ŷ = 1 exactly (the gradient passes)
    add("keras.hinge/kink/agg=none", "hinge", np.array([[1.0, -1.0, 0.5]]), np.array([[1.0, -1.0, 1.0]]), {"agg": "none"}, smooth=False)

    def cat_hinge(g, sh, o):
        t, _ = onehot_np(g, sh)
        return g.normal(size=sh), t
    sweep("categoricalHinge", cat_hinge)
    # ties for the max of (1 − y)·ŷ share the gradient
    add("keras.categoricalHinge/ties/agg=none", "categoricalHinge", np.array([[0.2, 0.7, 0.7, 0.1], [0.5, 0.3, 0.5, 0.5]]),
        np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]]), {"agg": "none"}, smooth=False)

    # overlap
    def seg(g, sh, o):
        return 1 / (1 + np.exp(-1.5 * g.normal(size=sh))), (g.uniform(size=sh) < 0.5).astype(np.float64)
    for loss, variants in (("dice", ({}, {"axis": [1, 2]}, {"axis": 1})),
                           ("tversky", ({}, {"alpha": 0.7, "beta": 0.3}, {"axis": [1, 2], "alpha": 0.3, "beta": 0.9}))):
        for v in variants:
            for a in AGGS:
                tag = "".join(f"/{k}={val}" for k, val in v.items())
                name = f"keras.{loss}{tag}/agg={a}/rank3"
                p, t = seg(rng(name), [2, 3, 4], v)
                add(name, loss, p, t, dict(v, agg=a))

    # binary cross-entropies: probabilities (unclipped, clipped at 0/1/below ε) and logits
    def bin_probs(g, sh, o):
        return 1 / (1 + np.exp(-1.5 * g.normal(size=sh))), g.uniform(size=sh)
    def bin_logits(g, sh, o):
        return g.normal(size=sh) * 3, (g.uniform(size=sh) < 0.5).astype(np.float64)
    for loss in ("binaryCrossentropy", "binaryFocalCrossentropy"):
        extra = ({"gamma": 0.5}, {"gamma": 3.0, "applyClassBalancing": True, "alpha": 0.4}) if loss != "binaryCrossentropy" else ()
        sweep(loss, bin_probs, variants=({}, {"labelSmoothing": 0.2}, *extra))
        sweep(loss, bin_logits, variants=({"fromLogits": True}, {"fromLogits": True, "labelSmoothing": 0.1}), ranks=(2, 3))
        sweep(loss, bin_probs, variants=({"axis": 1},), ranks=(3,))
        P = np.array([[0.0, 1.0, 1e-9, 1 - 1e-9, 0.5], [1.0, 0.0, 2e-7, 0.999, 0.3]])
        Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0], [0.0, 1.0, 0.0, 1.0, 0.0]])
        add(f"keras.{loss}/clipped/agg=none", loss, P, Y, {"agg": "none"}, smooth=False)
        L = np.array([[1e3, -1e3, 1e4, -1e4, 0.0], [30.0, -30.0, 0.5, -0.5, 0.0]])
        add(f"keras.{loss}/logits-large/agg=none", loss, L, Y, {"agg": "none", "fromLogits": True}, smooth=False)
    # the exact clip bounds: the gradient passes at ε and 1 − ε (clip_by_value's closed interval)
    add("keras.binaryCrossentropy/at-bounds/agg=none", "binaryCrossentropy", np.array([[EPS, 1 - EPS, 0.5]]),
        np.array([[1.0, 0.0, 1.0]]), {"agg": "none"}, smooth=False)

    # categorical cross-entropies
    def cat_probs(g, sh, o):
        a = o.get("axis", -1)
        p = softmax_np(g.normal(size=sh) * 1.5, a) * g.uniform(0.8, 1.2)   # not normalised: renormalised
        return p, softmax_np(g.normal(size=sh), a)
    def cat_logits(g, sh, o):
        t, _ = onehot_np(g, sh, o.get("axis", -1))
        return g.normal(size=sh) * 2, t
    for loss in ("categoricalCrossentropy", "categoricalFocalCrossentropy"):
        extra = ({"gamma": 0.5, "alpha": 1.0},) if loss != "categoricalCrossentropy" else ()
        sweep(loss, cat_probs, variants=({}, {"labelSmoothing": 0.1}, *extra), ranks=(1, 2))
        if loss == "categoricalFocalCrossentropy":
            sweep(loss, cat_probs, variants=({"alpha": [0.2, 0.3, 0.5]},), ranks=(2,))
        sweep(loss, cat_logits, variants=({"fromLogits": True}, {"fromLogits": True, "labelSmoothing": 0.2}), ranks=(2,))
        sweep(loss, cat_probs, variants=({"axis": 1}, {"axis": 1, "labelSmoothing": 0.1}), ranks=(3,))
        P = np.array([[1.0, 0.0, 0.0], [0.0, 1e-9, 1.0], [0.2, 0.3, 0.5]])
        Y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
        add(f"keras.{loss}/clipped/agg=none", loss, P, Y, {"agg": "none"}, smooth=False)
        L = np.array([[1e3, -1e3, 0.0], [-1e4, 1e4, 1.0], [0.5, 0.5, 0.5]])
        add(f"keras.{loss}/logits-large/agg=none", loss, L, Y, {"agg": "none", "fromLogits": True}, smooth=False)

    def sparse(g, sh, o):
        a = o.get("axis", -1)
        _, idx = onehot_np(g, sh, a)
        p = g.normal(size=sh) * 2 if o.get("fromLogits") else softmax_np(g.normal(size=sh) * 1.5, a)
        if o.get("ignoreClass") is not None:
            idx.reshape(-1)[0] = o["ignoreClass"]
        return p, idx
    sweep("sparseCategoricalCrossentropy", sparse,
          variants=({}, {"fromLogits": True}, {"ignoreClass": 1}, {"fromLogits": True, "ignoreClass": 2}), ranks=(1, 2, 3))
    sweep("sparseCategoricalCrossentropy", sparse, variants=({"axis": 1},), ranks=(3,))
    add("keras.sparseCategoricalCrossentropy/clipped/agg=none", "sparseCategoricalCrossentropy",
        np.array([[1.0, 0.0, 0.0], [0.0, 1e-9, 1.0], [0.2, 0.3, 0.5]]), np.array([0, 1, 2]), {"agg": "none"}, smooth=False)
    add("keras.sparseCategoricalCrossentropy/logits-large/agg=none", "sparseCategoricalCrossentropy",
        np.array([[1e3, -1e3, 0.0], [-1e4, 1e4, 1.0], [0.5, 0.5, 0.5]]), np.array([1, 1, 2]),
        {"agg": "none", "fromLogits": True}, smooth=False)
    add("keras.sparseCategoricalCrossentropy/ignore=-1/agg=mean", "sparseCategoricalCrossentropy",
        softmax_np(rng("scce-ignore").normal(size=[4, 3])), np.array([0, -1, 2, -1]), {"agg": "mean", "ignoreClass": -1})

    write_fixture("test/fixtures/keras-losses.json", "scripts/golden/keras_losses.py", CASES)
    counts = {}
    for c in CASES:
        counts[c["loss"]] = counts.get(c["loss"], 0) + 1
    print(counts)


if __name__ == "__main__":
    main()
