#!/usr/bin/python3
"""PyTorch 1.13 reference values and gradients for tapegrad's loss catalogue (issue 3).

    /usr/bin/python3 scripts/golden/losses.py      # writes test/fixtures/losses.json

Each case: {name, loss, args, opts, value, grads}
  args   tensors in tapegrad call order: (ŷ, y); (x1, x2, y) for marginRankingLoss and
         cosineEmbeddingLoss; (anchor, positive, negative) for tripletMarginLoss;
         [y] for labelSmoothing; [samplesPerClass] for classBalancedWeights.
  opts   tapegrad's camelCase option names; an omitted option means tapegrad's default
         (issue 3), and the reference below applies exactly that default. Losses that take
         `eps` always carry it explicitly. Tensor options (weight, posWeight) are tensors.
  value  the loss value (float64).
  grads  d(value.sum())/d(args[i]) from torch autograd (float64), or null where the
         argument is not differentiable (int32 class indices, ±1 labels, counts) or where
         the derivative at the data is a convention rather than a number (see `y_grad`
         notes at the one-hot / {0,1} target cases below).

Where PyTorch has a builtin, it is used (and the formula-based implementations that the
other losses need are asserted equal to the builtins where they overlap). Where it has
none, issue 3's definition is written in torch ops and torch autograd gives the gradient.
"""

import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import F64, all_finite, enc, enc_value, gen_for, write_fixture  # noqa: E402

EPS64 = 2.0 ** -52           # tapegrad's default eps for float64 ŷ (machine epsilon)
AGGS = ["mean", "sum", "none"]

# ----------------------------------------------------------------------------------------
# reference definitions (opts use tapegrad's names and defaults)
# ----------------------------------------------------------------------------------------


def agg(t, o):
    a = o.get("agg", "mean")
    if a == "mean":
        return t.mean()
    if a == "sum":
        return t.sum()
    if a == "none":
        return t
    raise ValueError(a)


def cdim(x, o):
    """Class dimension: `dims` option, default 1 for rank >= 2 and 0 for rank 1."""
    return o.get("dims", 1 if x.dim() >= 2 else 0)


def is_index(y):
    return not torch.is_floating_point(y)


def class_index(f, y, o, dim):
    """PyTorch's cross_entropy structure over per-class values f (class dim `dim`).

    loss_i = m_i [(1-α) w[y_i] f[i,y_i] + (α/C) Σ_c w_c f[i,c]],  m_i = (y_i != ignoreIndex)
    'mean' divides Σ loss_i by Σ_i m_i w[y_i].
    """
    C = f.shape[dim]
    w = o.get("weight")
    if w is None:
        w = torch.ones(C, dtype=f.dtype)
    ii = o.get("ignoreIndex", -100)
    a = o.get("labelSmoothing", 0.0)
    m = y != ii
    ys = torch.where(m, y, torch.zeros_like(y))
    fm = torch.movedim(f, dim, -1)                       # [..., C]
    f_t = fm.gather(-1, ys.unsqueeze(-1)).squeeze(-1)    # shape of y
    w_t = w[ys]
    li = (1 - a) * w_t * f_t
    if a != 0:  # skipped when α = 0 so a -Infinity logit elsewhere cannot give 0·Inf
        li = li + (a / C) * (fm * w).sum(-1)
    li = torch.where(m, li, torch.zeros_like(li))
    red = o.get("agg", "mean")
    if red == "none":
        return li
    if red == "sum":
        return li.sum()
    return li.sum() / torch.where(m, w_t, torch.zeros_like(w_t)).sum()


def xent_probs(yh, y, o):
    d = cdim(yh, o)
    return -torch.xlogy(y, yh + o["eps"]).sum(d)


def l2normalize(x, d):
    # Keras l2_normalize: x / sqrt(max(Σx², 1e-12)); the clamp is inactive for our data.
    return x / torch.sqrt(torch.clamp((x * x).sum(d, keepdim=True), min=1e-12))


def dense_options(y, o):
    return not is_index(y) and ("weight" in o or "labelSmoothing" in o)


def ref_crossentropy(args, o, stable):
    yh, y = args
    if dense_options(y, o):
        return dense_ref("crossentropy", yh, y, o)
    if is_index(y):
        return class_index(-torch.log(yh + o["eps"]), y, o, cdim(yh, o))
    return agg(xent_probs(yh, y, o), o)


def ref_logit_crossentropy(args, o, stable):
    yh, y = args
    if dense_options(y, o):
        return dense_ref("logitCrossentropy", yh, y, o)
    d = cdim(yh, o)
    ls = F.log_softmax(yh, d)
    if is_index(y):
        return class_index(-ls, y, o, d)
    t = y * ls
    if stable:
        # A -Infinity logit makes y·logSoftmax = 0·(-Inf) = NaN in the naive form; the stable
        # reference drops the terms with y = 0 (their true contribution is 0).
        t = torch.where(y != 0, t, torch.zeros_like(t))
    return agg(-t.sum(d), o)


def focal_factor(yh, o):
    # The base 1 - (ŷ + ε) is -ε at ŷ = 1: clamped at 0 so a fractional γ never sees a negative base.
    p = yh + o["eps"]
    return torch.clamp(1 - p, min=0) ** o.get("gamma", 2.0), p


def ref_focal(args, o, stable):
    yh, y = args
    if dense_options(y, o):
        return dense_ref("focalLoss", yh, y, o)
    fac, p = focal_factor(yh, o)
    if is_index(y):
        return class_index(-fac * torch.log(p), y, o, cdim(yh, o))
    return agg((-y * fac * torch.log(p)).sum(cdim(yh, o)), o)


def ref_nll(args, o, stable):
    yh, y = args
    if dense_options(y, o):
        return dense_ref("nllLoss", yh, y, o)
    assert is_index(y)
    return class_index(-yh, y, o, cdim(yh, o))


def ref_kl(args, o, stable):
    yh, y = args
    d = cdim(yh, o)
    return agg(torch.xlogy(y, y).sum(d), o) + agg(xent_probs(yh, y, o), o)


def ref_bce(args, o, stable):
    yh, y = args
    e = o["eps"]
    return agg(-torch.xlogy(y, yh + e) - torch.xlogy(1 - y, 1 - yh + e), o)


def ref_logit_bce(args, o, stable):
    yh, y = args
    return F.binary_cross_entropy_with_logits(yh, y, pos_weight=o.get("posWeight"),
                                              reduction=o.get("agg", "mean"))


def ref_binary_focal(args, o, stable):
    yh, y = args
    # ε inside each log argument, as in binaryCrossentropy: pₜ = y(ŷ + ε) + (1 - y)(1 - ŷ + ε) ≥ ε.
    # (Flux's p = ŷ + ε, pₜ = y·p + (1 - y)(1 - p) is -ε, a NaN log, at ŷ = 1, y = 0.)
    # The base 1 - pₜ is -ε at a perfect prediction: clamped at 0 for fractional γ.
    e = o["eps"]
    pt = y * (yh + e) + (1 - y) * ((1 - yh) + e)
    l = torch.clamp(1 - pt, min=0) ** o.get("gamma", 2.0) * -torch.log(pt)
    if "alpha" in o:
        a = o["alpha"]
        l = l * (a * y + (1 - a) * (1 - y))
    return agg(l, o)


def ref_dice(args, o, stable):
    yh, y = args
    s = o.get("smooth", 1.0)
    return 1 - (2 * (y * yh).sum() + s) / ((y * y).sum() + (yh * yh).sum() + s)


def ref_tversky(args, o, stable):
    yh, y = args
    b = o.get("beta", 0.7)
    tp = (y * yh).sum()
    # Flux's code: β on false positives (1 − y)·ŷ, 1 − β on false negatives y·(1 − ŷ)
    den = (y * yh + b * (1 - y) * yh + (1 - b) * y * (1 - yh)).sum()
    return 1 - (tp + 1) / (den + 1)


def ref_siamese(args, o, stable):
    yh, y = args
    m = o.get("margin", 1.0)
    return agg((1 - y) * yh ** 2 + y * torch.clamp(m - yh, min=0) ** 2, o)


def ref_label_smoothing(args, o, stable):
    (y,) = args
    a = o["alpha"]
    d = o.get("dims", 1)
    if d == 0:
        return y * (1 - a) + a / 2
    return y * (1 - a) + a / y.shape[d]


def ref_log_cosh(args, o, stable):
    yh, y = args
    e = yh - y
    return agg(e + torch.logaddexp(torch.zeros_like(e), -2 * e) - math.log(2), o)


def ref_quantile(args, o, stable):
    yh, y = args
    q = o["quantile"]
    d = y - yh
    return agg(torch.maximum(q * d, (q - 1) * d), o)


def ref_mape(args, o, stable):
    yh, y = args
    return agg(100 * (y - yh).abs() / torch.clamp(y.abs(), min=o["eps"]), o)


def ref_smape(args, o, stable):
    yh, y = args
    return agg(200 * (yh - y).abs() / (yh.abs() + y.abs()), o)


def ref_categorical_hinge(args, o, stable):
    yh, y = args
    d = cdim(yh, o)
    pos = (y * yh).sum(d)
    neg = ((1 - y) * yh).amax(d)
    return agg(torch.clamp(neg - pos + 1, min=0), o)


def ref_cosine_similarity(args, o, stable):
    yh, y = args
    d = cdim(yh, o)
    return agg(-(l2normalize(y, d) * l2normalize(yh, d)).sum(d), o)


def ref_self_adjusting_dice(args, o, stable):
    p, y = args
    a = o.get("alpha", 1.0)
    g = o.get("gamma", 1.0)
    q = (1 - p) ** a * p
    return agg(1 - (2 * q * y + g) / (q + y + g), o)


def ref_class_balanced(args, o, stable):
    (n,) = args
    b = o.get("beta", 0.9999)
    w = (1 - b) / (1 - b ** n)
    return w / w.sum() * n.numel()


def red(o):
    return o.get("agg", "mean")


REF = {
    "mse": lambda a, o, s: F.mse_loss(a[0], a[1], reduction=red(o)),
    "mae": lambda a, o, s: F.l1_loss(a[0], a[1], reduction=red(o)),
    "msle": lambda a, o, s: agg((torch.log(a[0] + o["eps"]) - torch.log(a[1] + o["eps"])) ** 2, o),
    "huberLoss": lambda a, o, s: F.huber_loss(a[0], a[1], reduction=red(o), delta=o.get("delta", 1.0)),
    "smoothL1Loss": lambda a, o, s: F.smooth_l1_loss(a[0], a[1], reduction=red(o), beta=o.get("beta", 1.0)),
    "crossentropy": ref_crossentropy,
    "logitCrossentropy": ref_logit_crossentropy,
    "binaryCrossentropy": ref_bce,
    "logitBinaryCrossentropy": ref_logit_bce,
    "kldivergence": ref_kl,
    "poissonLoss": lambda a, o, s: F.poisson_nll_loss(a[0], a[1], log_input=False, full=False,
                                                      eps=o.get("eps", 0.0), reduction=red(o)),
    "hingeLoss": lambda a, o, s: agg(torch.clamp(1 - a[0] * a[1], min=0), o),
    "squaredHingeLoss": lambda a, o, s: agg(torch.clamp(1 - a[0] * a[1], min=0) ** 2, o),
    "diceCoeffLoss": ref_dice,
    "tverskyLoss": ref_tversky,
    "binaryFocalLoss": ref_binary_focal,
    "focalLoss": ref_focal,
    "siameseContrastiveLoss": ref_siamese,
    "labelSmoothing": ref_label_smoothing,
    "nllLoss": ref_nll,
    "marginRankingLoss": lambda a, o, s: F.margin_ranking_loss(
        a[0], a[1], a[2], margin=o.get("margin", 0.0), reduction=red(o)),
    "tripletMarginLoss": lambda a, o, s: F.triplet_margin_loss(
        a[0], a[1], a[2], margin=o.get("margin", 1.0), p=o.get("p", 2.0), eps=o["eps"],
        swap=o.get("swap", False), reduction=red(o)),
    "cosineEmbeddingLoss": lambda a, o, s: F.cosine_embedding_loss(
        a[0], a[1], a[2], margin=o.get("margin", 0.0), reduction=red(o)),
    "hingeEmbeddingLoss": lambda a, o, s: F.hinge_embedding_loss(
        a[0], a[1], margin=o.get("margin", 1.0), reduction=red(o)),
    "logCoshLoss": ref_log_cosh,
    "quantileLoss": ref_quantile,
    "mape": ref_mape,
    "smape": ref_smape,
    "categoricalHinge": ref_categorical_hinge,
    "cosineSimilarityLoss": ref_cosine_similarity,
    "exponentialLoss": lambda a, o, s: agg(torch.exp(-a[1] * a[0]), o),
    "perceptronLoss": lambda a, o, s: agg(torch.clamp(-a[1] * a[0], min=0), o),
    "selfAdjustingDiceLoss": ref_self_adjusting_dice,
    "classBalancedWeights": ref_class_balanced,
}

# ----------------------------------------------------------------------------------------
# case recording
# ----------------------------------------------------------------------------------------

CASES = []


def evaluate(loss, args, opts, diff, stable=False):
    leaves = []
    for a, d in zip(args, diff):
        a = a.detach().clone()
        if d:
            a.requires_grad_(True)
        leaves.append(a)
    value = REF[loss](leaves, opts, stable)
    want = [l for l, d in zip(leaves, diff) if d]
    grads = [None] * len(args)
    if want:
        gs = torch.autograd.grad(value.sum(), want, allow_unused=True)
        it = iter(gs)
        for i, d in enumerate(diff):
            if d:
                g = next(it)
                grads[i] = torch.zeros_like(leaves[i]) if g is None else g
    return value.detach(), grads


def add(name, loss, args, opts, diff, stable=False):
    assert len(args) == len(diff)
    value, grads = evaluate(loss, args, opts, diff, stable)
    assert value.dtype == F64, name
    assert all_finite(value), f"{name}: non-finite value {value}"
    for g in grads:
        assert all_finite(g), f"{name}: non-finite gradient {g}"
    CASES.append({
        "name": name,
        "loss": loss,
        "args": [enc(a) for a in args],
        "opts": enc_value(opts),
        "value": enc(value),
        "grads": [enc(g) for g in grads],
    })
    return value, grads


def close(a, b, tol=1e-12, what=""):
    a = a.detach()
    b = b.detach()
    assert a.shape == b.shape, f"{what}: shapes {a.shape} vs {b.shape}"
    assert torch.allclose(a, b, rtol=tol, atol=tol), f"{what}: {a} vs {b}"


# ----------------------------------------------------------------------------------------
# data
# ----------------------------------------------------------------------------------------

EL_SHAPES = {1: [5], 2: [4, 3], 3: [2, 3, 4]}      # elementwise losses
CL_SHAPES = {1: [4], 2: [5, 4], 3: [2, 4, 3]}      # distributions, classes on dim 1 (C = 4)
LAST_SHAPE = [2, 3, 4]                              # rank 3 with classes on the last dim


def randn(g, shape, scale=1.0):
    return torch.randn(shape, generator=g, dtype=F64) * scale


def rand(g, shape, lo=0.0, hi=1.0):
    return lo + (hi - lo) * torch.rand(shape, generator=g, dtype=F64)


def pm1(g, shape):
    return torch.where(torch.rand(shape, generator=g, dtype=F64) < 0.5,
                       torch.tensor(-1.0, dtype=F64), torch.tensor(1.0, dtype=F64))


def bits(g, shape):
    b = (torch.rand(shape, generator=g, dtype=F64) < 0.5).to(F64)
    flat = b.reshape(-1)
    flat[0], flat[-1] = 1.0, 0.0  # both labels present
    return b


def probs(g, shape, d, scale=1.5):
    return torch.softmax(randn(g, shape, scale), d)


def onehot(g, shape, d):
    C = shape[d]
    idx = torch.randint(0, C, [s for i, s in enumerate(shape) if i != d % len(shape)], generator=g)
    return torch.movedim(F.one_hot(idx, C).to(F64), -1, d)


def away_from(x, points, gap=0.05):
    """Nudge entries away from kinks at the given points (keeps gradients unambiguous)."""
    for p in points:
        near = (x - p).abs() < gap
        x = torch.where(near, x + 2 * gap * torch.sign(x - p + 1e-300), x)
    return x


def dname(o):
    return "" if "dims" not in o else f"/dims={o['dims']}"


def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if torch.is_tensor(v):
        return "tensor"
    return repr(v)


def oname(opts, base=None, skip=("agg", "dims")):
    """Name part for the options that differ from `base` (eps defaults stay out of names)."""
    base = dict(base or {})
    base.setdefault("eps", EPS64)
    return "".join(f"/{k}={fmt(v)}" for k, v in opts.items()
                   if k not in skip and not (k in base and not torch.is_tensor(v) and base[k] == v))


# ----------------------------------------------------------------------------------------
# sweeps
# ----------------------------------------------------------------------------------------


def sweep(loss, make, diff, base=None, variants=(), shapes=EL_SHAPES, ranks=(1, 2, 3),
          prefix="", aggs=AGGS, variant_ranks=(2,), variant_aggs=AGGS):
    """Every agg × every rank with `base` opts, then each variant × agg on `variant_ranks`.

    make(g, shape, opts) -> list of argument tensors.
    """
    base = dict(base or {})
    runs = []
    for r in ranks:
        for a in aggs:
            o = dict(base)
            if a is not None:
                o["agg"] = a
            runs.append((r, o))
    for v in variants:
        for r in variant_ranks:
            for a in variant_aggs:
                o = dict(base)
                o.update(v)
                if a is not None:
                    o["agg"] = a
                runs.append((r, o))
    for r, o in runs:
        shape = shapes[r] if isinstance(shapes, dict) else shapes
        aggpart = f"/agg={o['agg']}" if "agg" in o else ""
        name = f"{loss}{prefix}{oname(o, base)}{dname(o)}{aggpart}/rank{r}"
        g = gen_for(name)
        add(name, loss, make(g, shape, o), o, diff)


def sweep_dims(loss, make, diff, base=None, prefix=""):
    """Rank-3 inputs with classes on the last dim, selected by dims = -1 and dims = 2."""
    for d in (-1, 2):
        for a in AGGS:
            o = dict(base or {})
            o["dims"] = d
            o["agg"] = a
            name = f"{loss}{prefix}{oname(o, base)}/dims={d}/agg={a}/rank3"
            add(name, loss, make(gen_for(name), LAST_SHAPE, o), o, diff)


# ---- elementwise regression losses ----------------------------------------------------

def mk_reg(g, shape, o):
    yh = randn(g, shape, 1.5)
    y = randn(g, shape, 1.5)
    return [yh, yh - away_from(yh - y, [0.0])]   # keep ŷ - y away from 0 (|.| kink)


def mk_pos(g, shape, o):
    return [rand(g, shape, 0.1, 3.0), rand(g, shape, 0.1, 3.0)]


def mk_huber(g, shape, o):
    yh = randn(g, shape, 1.5)
    y = randn(g, shape, 1.5)
    k = o.get("delta", o.get("beta", 1.0))
    e = away_from(yh - y, [0.0, k, -k])
    return [y + e, y]


def run_regression():
    sweep("mse", mk_reg, [True, True])
    sweep("mae", mk_reg, [True, True])
    sweep("msle", mk_pos, [True, True], base={"eps": EPS64}, variants=[{"eps": 1e-7}])
    # ŷ and y exactly 0 with eps: log(0 + ε) stays finite
    z = torch.tensor([0.0, 0.0, 1.0, 2.0])
    add("msle/stability/zeros/agg=none/rank1", "msle", [z, torch.tensor([0.0, 1.0, 0.0, 2.0])],
        {"eps": EPS64, "agg": "none"}, [True, True])
    sweep("huberLoss", mk_huber, [True, True], variants=[{"delta": 0.5}, {"delta": 2.0}])
    sweep("smoothL1Loss", mk_huber, [True, True], variants=[{"beta": 0.5}, {"beta": 2.0}])
    sweep("logCoshLoss", mk_reg, [True, True])
    e = torch.tensor([1e3, -1e3, 1e4, -1e4, 0.5])
    add("logCoshLoss/stability/large/agg=none/rank1", "logCoshLoss", [e, torch.zeros(5)],
        {"agg": "none"}, [True, True])
    sweep("quantileLoss", mk_reg, [True, True], base={"quantile": 0.5},
          variants=[{"quantile": 0.1}, {"quantile": 0.9}])

    def mk_mape(g, shape, o):
        y = rand(g, shape, 0.5, 2.0) * pm1(g, shape)
        yh = y + away_from(randn(g, shape, 0.5), [0.0])
        return [yh, y]
    sweep("mape", mk_mape, [True, True], base={"eps": EPS64}, variants=[{"eps": 1e-7}])
    # |y| clamped below by eps (Keras): a target exactly 0
    y = torch.tensor([0.0, 1.5, -2.0, 0.7])
    add("mape/zero-target/eps=1e-07/agg=none/rank1", "mape", [torch.tensor([0.3, 1.0, -1.0, 0.2]), y],
        {"eps": 1e-7, "agg": "none"}, [True, True])

    def mk_smape(g, shape, o):
        y = rand(g, shape, 0.5, 2.0) * pm1(g, shape)
        yh = y + away_from(randn(g, shape, 0.7), [0.0])
        yh = away_from(yh, [0.0])
        return [yh, y]
    sweep("smape", mk_smape, [True, True])

    def mk_poisson(g, shape, o):
        return [rand(g, shape, 0.2, 3.0), rand(g, shape, 0.1, 4.0)]
    # eps (Flux's default 0 when omitted) inside the log; eps = 1e-8 is PyTorch's log_input=False form
    sweep("poissonLoss", mk_poisson, [True, True], variants=[{"eps": 1e-8}, {"eps": 1e-3}])
    # a zero rate: finite only because of eps
    add("poissonLoss/stability/zero-rate/agg=none/rank1", "poissonLoss",
        [torch.tensor([0.0, 0.0, 1.0]), torch.tensor([2.0, 0.0, 1.0])], {"agg": "none", "eps": 1e-8}, [True, False])
    # integer counts including 0; y-gradient left null (xlogy's ∂/∂x at x = 0 is a convention)
    add("poissonLoss/counts/agg=mean/rank2", "poissonLoss",
        [rand(gen_for("poisson-counts"), [3, 4], 0.2, 3.0),
         torch.tensor([[0.0, 1.0, 2.0, 3.0], [4.0, 0.0, 1.0, 0.0], [2.0, 2.0, 5.0, 1.0]])],
        {"agg": "mean"}, [True, False])


# ---- ±1-label margin losses --------------------------------------------------------------

def run_margin():
    def mk_hinge(g, shape, o):
        y = pm1(g, shape)
        yh = randn(g, shape, 1.5)
        m = away_from(yh * y, [1.0, 0.0])      # kinks of hinge (1) and perceptron (0)
        return [m * y, y]
    for loss in ("hingeLoss", "squaredHingeLoss", "exponentialLoss", "perceptronLoss"):
        sweep(loss, mk_hinge, [True, False])

    def mk_hemb(g, shape, o):
        m = o.get("margin", 1.0)
        yh = away_from(rand(g, shape, 0.0, 2.5), [m])
        return [yh, pm1(g, shape)]
    sweep("hingeEmbeddingLoss", mk_hemb, [True, False],
          variants=[{"margin": 0.5}, {"margin": 2.0}])

    def mk_rank(g, shape, o):
        m = o.get("margin", 0.0)
        x1 = randn(g, shape)
        x2 = randn(g, shape)
        y = pm1(g, shape)
        # keep -y(x1-x2)+margin away from 0
        t = away_from(-y * (x1 - x2) + m, [0.0])
        x1 = x2 - (t - m) / y
        return [x1, x2, y]
    sweep("marginRankingLoss", mk_rank, [True, True, False],
          variants=[{"margin": 0.5}, {"margin": -0.3}])

    def mk_cosemb(g, shape, o):
        x1 = randn(g, shape)
        x2 = randn(g, shape)
        y = pm1(g, shape[:-1])
        return [x1, x2, y]
    sweep("cosineEmbeddingLoss", mk_cosemb, [True, True, False], shapes={1: [4], 2: [5, 4]},
          ranks=(1, 2), variants=[{"margin": 0.5}, {"margin": -0.2}])

    def mk_trip(g, shape, o):
        a = randn(g, shape)
        return [a, a + randn(g, shape, 0.8), a + randn(g, shape, 1.2)]
    sweep("tripletMarginLoss", mk_trip, [True, True, True], base={"eps": 1e-6},
          shapes={1: [4], 2: [5, 4]}, ranks=(1, 2),
          variants=[{"margin": 0.5}, {"margin": 3.0}, {"p": 1.0}, {"p": 3.0}, {"swap": True},
                    {"eps": 1e-3}, {"margin": 3.0, "p": 1.0, "swap": True}])

    def mk_siam(g, shape, o):
        m = o.get("margin", 1.0)
        d = away_from(rand(g, shape, 0.05, 2.5), [m])
        return [d, bits(g, shape)]
    sweep("siameseContrastiveLoss", mk_siam, [True, True],
          variants=[{"margin": 0.5}, {"margin": 2.0}])
    # soft labels in [0, 1]
    add("siameseContrastiveLoss/soft-labels/agg=mean/rank2", "siameseContrastiveLoss",
        [rand(gen_for("siam-soft"), [4, 3], 0.05, 2.0), rand(gen_for("siam-soft-y"), [4, 3])],
        {"agg": "mean"}, [True, True])


# ---- probability / distribution losses ---------------------------------------------------

def mk_probs_soft(g, shape, o):
    d = cdim(torch.empty(shape), o)
    return [probs(g, shape, d), probs(g, shape, d, 1.0)]


def mk_probs_onehot(g, shape, o):
    d = cdim(torch.empty(shape), o)
    return [probs(g, shape, d), onehot(g, shape, d)]


def mk_logits_soft(g, shape, o):
    d = cdim(torch.empty(shape), o)
    return [randn(g, shape, 2.0), probs(g, shape, d, 1.0)]


def mk_logits_onehot(g, shape, o):
    d = cdim(torch.empty(shape), o)
    return [randn(g, shape, 2.0), onehot(g, shape, d)]


def run_distributions():
    E = {"eps": EPS64}
    # crossentropy / kldivergence with probability targets.  Soft targets (strictly positive):
    # gradients w.r.t. y given.  One-hot targets: y-gradient null (torch's xlogy gives 0 for
    # ∂/∂x at x = 0, a convention, not the derivative log(ŷ+ε)).
    sweep("crossentropy", mk_probs_soft, [True, True], base=E, shapes=CL_SHAPES,
          prefix="/soft", variants=[{"eps": 1e-7}])
    sweep_dims("crossentropy", mk_probs_soft, [True, True], base=E, prefix="/soft")
    sweep("crossentropy", mk_probs_onehot, [True, False], base=E, shapes=CL_SHAPES,
          prefix="/onehot", ranks=(1, 2, 3), aggs=["mean"], variants=[])
    sweep("kldivergence", mk_probs_soft, [True, True], base=E, shapes=CL_SHAPES,
          variants=[{"eps": 1e-7}])
    sweep_dims("kldivergence", mk_probs_soft, [True, True], base=E)
    sweep("kldivergence", mk_probs_onehot, [True, False], base=E, shapes=CL_SHAPES,
          prefix="/onehot", ranks=(2,), aggs=AGGS, variants=[])
    # KL(p, p) = 0 (up to eps)
    p = probs(gen_for("kl-self"), [3, 4], 1)
    add("kldivergence/self/agg=none/rank2", "kldivergence", [p, p.clone()], {"eps": EPS64, "agg": "none"},
        [True, True])

    sweep("logitCrossentropy", mk_logits_soft, [True, True], shapes=CL_SHAPES, prefix="/soft")
    sweep_dims("logitCrossentropy", mk_logits_soft, [True, True], prefix="/soft")
    sweep("logitCrossentropy", mk_logits_onehot, [True, True], shapes=CL_SHAPES,
          prefix="/onehot", ranks=(2, 3), aggs=["mean"], variants=[])

    # focalLoss with probability targets
    sweep("focalLoss", mk_probs_soft, [True, True], base=E, shapes=CL_SHAPES, prefix="/soft",
          variants=[{"gamma": 0.0}, {"gamma": 1.0}, {"gamma": 2.5}, {"eps": 1e-7}])
    sweep_dims("focalLoss", mk_probs_soft, [True, True], base=E, prefix="/soft")
    sweep("focalLoss", mk_probs_onehot, [True, True], base=E, shapes=CL_SHAPES,
          prefix="/onehot", ranks=(2, 3), aggs=["mean"], variants=[])

    # binary losses on probabilities in (0, 1) and soft labels in [0, 1]
    def mk_bin(g, shape, o):
        return [torch.sigmoid(randn(g, shape, 1.5)), rand(g, shape)]

    def mk_bin_labels(g, shape, o):
        return [torch.sigmoid(randn(g, shape, 1.5)), bits(g, shape)]
    sweep("binaryCrossentropy", mk_bin, [True, True], base=E, prefix="/soft",
          variants=[{"eps": 1e-7}])
    sweep("binaryCrossentropy", mk_bin_labels, [True, False], base=E, prefix="/labels",
          ranks=(2,), variants=[])
    sweep("binaryFocalLoss", mk_bin, [True, True], base=E, prefix="/soft",
          variants=[{"gamma": 0.0}, {"gamma": 1.0}, {"gamma": 2.5}, {"alpha": 0.25},
                    {"gamma": 1.0, "alpha": 0.75}, {"eps": 1e-7}])
    sweep("binaryFocalLoss", mk_bin_labels, [True, True], base=E, prefix="/labels",
          ranks=(2,), variants=[{"alpha": 0.25}])

    def mk_logit_bin(g, shape, o):
        return [randn(g, shape, 2.0), rand(g, shape)]

    def mk_logit_bin_labels(g, shape, o):
        return [randn(g, shape, 2.0), bits(g, shape)]
    sweep("logitBinaryCrossentropy", mk_logit_bin, [True, True], prefix="/soft")
    sweep("logitBinaryCrossentropy", mk_logit_bin_labels, [True, True], prefix="/labels",
          ranks=(2,))
    for r, shape in EL_SHAPES.items():
        pw = rand(gen_for(f"posWeight{r}"), [shape[-1]], 0.5, 3.0)
        for a in AGGS:
            o = {"posWeight": pw, "agg": a}
            name = f"logitBinaryCrossentropy/labels/posWeight=tensor/agg={a}/rank{r}"
            add(name, "logitBinaryCrossentropy", mk_logit_bin_labels(gen_for(name), shape, o), o,
                [True, True])

    # dice / tversky: whole-tensor sums, no agg (issue 3's formulas)
    def mk_seg(g, shape, o):
        return [torch.sigmoid(randn(g, shape, 1.5)), bits(g, shape)]

    def mk_seg_soft(g, shape, o):
        return [torch.sigmoid(randn(g, shape, 1.5)), rand(g, shape)]
    for loss, variants in (("diceCoeffLoss", [{"smooth": 0.5}, {"smooth": 2.0}, {"smooth": 0.0}]),
                           ("tverskyLoss", [{"beta": 0.3}, {"beta": 0.5}, {"beta": 0.9}])):
        sweep(loss, mk_seg, [True, True], prefix="/labels", aggs=[None], variants=variants,
              variant_ranks=(2, 3), variant_aggs=[None])
        sweep(loss, mk_seg_soft, [True, True], prefix="/soft", ranks=(2,), aggs=[None])

    sweep("selfAdjustingDiceLoss", mk_seg, [True, True],
          variants=[{"alpha": 0.5}, {"alpha": 2.0}, {"gamma": 0.5}, {"gamma": 2.0},
                    {"alpha": 0.5, "gamma": 0.1}])

    def mk_cat_hinge(g, shape, o):
        d = cdim(torch.empty(shape), o)
        return [randn(g, shape, 1.0), onehot(g, shape, d)]
    sweep("categoricalHinge", mk_cat_hinge, [True, True], shapes=CL_SHAPES)

    def mk_cos(g, shape, o):
        return [randn(g, shape), randn(g, shape)]
    sweep("cosineSimilarityLoss", mk_cos, [True, True], shapes=CL_SHAPES)
    sweep_dims("cosineSimilarityLoss", mk_cos, [True, True])


def run_transforms():
    for name, y, o in [
        ("labelSmoothing/alpha=0.1/dims=1/rank2", onehot(gen_for("ls2"), [4, 3], 1), {"alpha": 0.1, "dims": 1}),
        ("labelSmoothing/alpha=0.2/dims=1/rank3", onehot(gen_for("ls3"), [2, 4, 3], 1), {"alpha": 0.2, "dims": 1}),
        ("labelSmoothing/alpha=0.1/dims=-1/rank3", onehot(gen_for("ls3l"), [2, 3, 4], 2), {"alpha": 0.1, "dims": -1}),
        ("labelSmoothing/alpha=0.3/dims=0/rank1", bits(gen_for("ls1b"), [6]), {"alpha": 0.3, "dims": 0}),
        ("labelSmoothing/alpha=0.1/dims=0/rank2", bits(gen_for("ls2b"), [3, 4]), {"alpha": 0.1, "dims": 0}),
        ("labelSmoothing/alpha=0.25/dims=1/rank2/soft", probs(gen_for("ls2s"), [3, 5], 1), {"alpha": 0.25, "dims": 1}),
    ]:
        add(name, "labelSmoothing", [y], o, [True])

    counts = torch.tensor([1000.0, 100.0, 10.0, 1.0])
    for o in ({}, {"beta": 0.99}, {"beta": 0.9}, {"beta": 0.999}):
        add("classBalancedWeights" + (oname(o) or "/default"), "classBalancedWeights", [counts], o, [False])
    add("classBalancedWeights/beta=0.99/counts=95-5", "classBalancedWeights",
        [torch.tensor([950.0, 50.0])], {"beta": 0.99}, [False])


# ---- class-index targets -------------------------------------------------------------------

def index_input(loss, g, shape):
    d = 1 if len(shape) >= 2 else 0
    if loss == "logitCrossentropy":
        return randn(g, shape, 2.0)
    if loss == "nllLoss":
        return F.log_softmax(randn(g, shape, 2.0), d)
    return probs(g, shape, d)          # crossentropy, focalLoss take probabilities


def index_target(g, shape, C):
    d = 1 if len(shape) >= 2 else 0
    yshape = [s for i, s in enumerate(shape) if i != d]
    y = torch.randint(0, C, yshape, generator=g)
    if y.dim() > 0:
        flat = y.reshape(-1)
        flat[0] = 1          # the ignoreIndex value 1 always occurs ...
        flat[1] = 3          # ... and so do other classes
        flat[-1] = 0
    return y


def builtin_check(loss, yh, y, o):
    """The class_index formula must equal PyTorch's builtins."""
    w = o.get("weight")
    ii = o.get("ignoreIndex", -100)
    ls = o.get("labelSmoothing", 0.0)
    r = o.get("agg", "mean")
    mine = REF[loss]([yh, y], o, False)
    if loss == "logitCrossentropy":
        ref = F.cross_entropy(yh, y, weight=w, ignore_index=ii, label_smoothing=ls, reduction=r)
        close(mine, ref, 1e-12, f"class_index vs F.cross_entropy {o}")
    if loss == "nllLoss" and ls == 0:
        ref = F.nll_loss(yh, y, weight=w, ignore_index=ii, reduction=r)
        close(mine, ref, 1e-12, f"class_index vs F.nll_loss {o}")
    if loss == "crossentropy" and ls == 0:
        ref = F.nll_loss(torch.log(yh + o["eps"]), y, weight=w, ignore_index=ii, reduction=r)
        close(mine, ref, 1e-12, f"crossentropy index vs F.nll_loss(log) {o}")
    if loss == "focalLoss" and o.get("gamma", 2.0) == 0:
        o2 = {k: v for k, v in o.items() if k != "gamma"}
        close(mine, REF["crossentropy"]([yh, y], o2, False), 1e-12, "focal γ=0 vs crossentropy")
    # gradients too, for the builtin comparisons
    if loss == "logitCrossentropy":
        a = yh.clone().requires_grad_(True)
        b = yh.clone().requires_grad_(True)
        g1, = torch.autograd.grad(REF[loss]([a, y], o, False).sum(), a)
        g2, = torch.autograd.grad(F.cross_entropy(b, y, weight=w, ignore_index=ii,
                                                  label_smoothing=ls, reduction=r).sum(), b)
        close(g1, g2, 1e-12, f"grad class_index vs F.cross_entropy {o}")


def run_class_index():
    C = 4
    for loss in ("crossentropy", "logitCrossentropy", "focalLoss", "nllLoss"):
        base = {"eps": EPS64} if loss in ("crossentropy", "focalLoss") else {}
        for r, shape in CL_SHAPES.items():
            for wt in (False, True):
                for ig in ((None,) if r == 1 else (None, 1)):
                    for ls in (0.0, 0.1):
                        for a in AGGS:
                            o = dict(base)
                            name = f"{loss}/index/rank{r}/weight={'tensor' if wt else 'none'}" \
                                   f"/ignoreIndex={'default' if ig is None else ig}" \
                                   f"/labelSmoothing={ls}/agg={a}"
                            g = gen_for(name)
                            yh = index_input(loss, g, shape)
                            y = index_target(g, shape, C)
                            if wt:
                                o["weight"] = rand(g, [C], 0.3, 2.0)
                            if ig is not None:
                                o["ignoreIndex"] = ig
                            if ls:
                                o["labelSmoothing"] = ls
                            o["agg"] = a
                            builtin_check(loss, yh, y, o)
                            add(name, loss, [yh, y], o, [True, False])
        # an ignoreIndex that does not occur in y, on rank 2
        o = dict(base, ignoreIndex=7, agg="mean")
        name = f"{loss}/index/rank2/ignoreIndex=7-absent/agg=mean"
        g = gen_for(name)
        yh, y = index_input(loss, g, [5, 4]), index_target(g, [5, 4], C)
        builtin_check(loss, yh, y, o)
        add(name, loss, [yh, y], o, [True, False])
    # focal index: gamma options (γ = 0 equals crossentropy, asserted in builtin_check)
    for gm in (0.0, 1.0, 2.5):
        for wt, ig, ls in ((False, None, 0.0), (True, 1, 0.1)):
            o = {"eps": EPS64, "gamma": gm}
            name = f"focalLoss/index/rank2/gamma={gm}/weight={'tensor' if wt else 'none'}" \
                   f"/ignoreIndex={'default' if ig is None else ig}/labelSmoothing={ls}/agg=mean"
            g = gen_for(name)
            yh, y = index_input("focalLoss", g, [5, 4]), index_target(g, [5, 4], C)
            if wt:
                o["weight"] = rand(g, [C], 0.3, 2.0)
            if ig is not None:
                o["ignoreIndex"] = ig
            if ls:
                o["labelSmoothing"] = ls
            o["agg"] = "mean"
            builtin_check("focalLoss", yh, y, o)
            add(name, "focalLoss", [yh, y], o, [True, False])
    # crossentropy index with a non-default eps
    o = {"eps": 1e-7, "agg": "mean"}
    g = gen_for("ce-index-eps")
    yh, y = index_input("crossentropy", g, [5, 4]), index_target(g, [5, 4], C)
    add("crossentropy/index/rank2/eps=1e-07/agg=mean", "crossentropy", [yh, y], o, [True, False])


# ---- dense (one-hot / probability) targets with weight and labelSmoothing ------------------

def dense_terms(loss, yh, o, d):
    """Per-class loss terms f (= minus the log-likelihood terms) of the four cross-entropy losses."""
    if loss == "crossentropy":
        return -torch.log(yh + o["eps"])
    if loss == "logitCrossentropy":
        return -F.log_softmax(yh, d)
    if loss == "nllLoss":
        return -yh
    fac, p = focal_factor(yh, o)
    return -fac * torch.log(p)


def dense_ref(loss, yh, y, o):
    """PyTorch 1.13's cross_entropy for probability targets over the loss terms f:
    l_i = Σ_c w_c ỹ_c f_c, ỹ = (1 - α) y + α/C; 'mean' divides by the number of samples."""
    d = cdim(yh, o)
    C = yh.shape[d]
    a = o.get("labelSmoothing", 0.0)
    yt = y * (1 - a) + a / C if a else y
    t = yt * dense_terms(loss, yh, o, d)
    w = o.get("weight")
    if w is not None:
        t = t * w.reshape([C if i == d else 1 for i in range(yh.dim())])
    return agg(t.sum(d), o)


def run_dense_options():
    E = {"eps": EPS64}
    inputs = {"crossentropy": lambda g, sh, d: probs(g, sh, d),
              "focalLoss": lambda g, sh, d: probs(g, sh, d),
              "logitCrossentropy": lambda g, sh, d: randn(g, sh, 2.0),
              "nllLoss": lambda g, sh, d: F.log_softmax(randn(g, sh, 2.0), d)}
    for loss, make in inputs.items():
        base = dict(E) if loss in ("crossentropy", "focalLoss") else {}
        if loss == "focalLoss":
            base["gamma"] = 1.5
        for shape in ([5, 4], [2, 4, 3]):
            for target in ("soft", "onehot"):
                for wt in (False, True):
                    for ls in (0.0, 0.1):
                        if not wt and not ls:
                            continue
                        for a in AGGS:
                            o = dict(base)
                            name = f"{loss}/dense/{target}/weight={'tensor' if wt else 'none'}" \
                                   f"/labelSmoothing={ls}/agg={a}/rank{len(shape)}"
                            g = gen_for(name)
                            yh = make(g, shape, 1)
                            y = probs(g, shape, 1, 1.0) if target == "soft" else onehot(g, shape, 1)
                            if wt:
                                o["weight"] = rand(g, [4], 0.3, 2.0)
                            if ls:
                                o["labelSmoothing"] = ls
                            o["agg"] = a
                            if loss in ("logitCrossentropy", "nllLoss"):
                                want = F.cross_entropy(yh, y, weight=o.get("weight"), label_smoothing=ls,
                                                       reduction=a)
                                close(dense_ref(loss, yh, y, o), want, 1e-12, name)
                            add(name, loss, [yh, y], o, [True, target == "soft"])
    # focal with γ = 0 equals crossentropy with the same options
    g = gen_for("dense-focal-gamma0")
    yh, y = probs(g, [5, 4], 1), probs(g, [5, 4], 1, 1.0)
    o = dict(E, weight=rand(g, [4], 0.3, 2.0), labelSmoothing=0.2, agg="sum")
    close(dense_ref("focalLoss", yh, y, dict(o, gamma=0.0)), dense_ref("crossentropy", yh, y, o), 1e-12, "focal γ=0")


# ---- stability rows ------------------------------------------------------------------------

def run_stability():
    inf = math.inf
    for mag in (1e3, 1e4):
        m = f"{mag:.0e}".replace("+0", "")
        # rows: target on the largest logit, target on the smallest logit, mixed
        logits = torch.tensor([[mag, -mag, 0.0, 1.0],
                               [-mag, mag, 2.0, -1.0],
                               [mag, mag, -mag, 0.0]])
        y = torch.tensor([0, 0, 2])
        for a in ("mean", "none"):
            o = {"agg": a}
            builtin_check("logitCrossentropy", logits, y, o)
            add(f"logitCrossentropy/stability/logits={m}/index/agg={a}", "logitCrossentropy",
                [logits, y], o, [True, False])
            o = {"agg": a, "weight": torch.tensor([1.0, 2.0, 0.5, 1.5]), "labelSmoothing": 0.1}
            builtin_check("logitCrossentropy", logits, y, o)
            add(f"logitCrossentropy/stability/logits={m}/index/weight=tensor/labelSmoothing=0.1/agg={a}",
                "logitCrossentropy", [logits, y], o, [True, False])
            yo = F.one_hot(y, 4).to(F64)
            add(f"logitCrossentropy/stability/logits={m}/onehot/agg={a}", "logitCrossentropy",
                [logits, yo], {"agg": a}, [True, True])
            # nllLoss on the log-softmax of huge logits
            lp = F.log_softmax(logits, 1)
            add(f"nllLoss/stability/logits={m}/index/agg={a}", "nllLoss", [lp, y], {"agg": a},
                [True, False])
        x = torch.tensor([[mag, -mag, mag], [-mag, mag, -mag]])
        yb = torch.tensor([[1.0, 0.0, 0.0], [1.0, 0.0, 1.0]])   # right and wrong with confidence
        for a in ("mean", "none"):
            add(f"logitBinaryCrossentropy/stability/logits={m}/agg={a}", "logitBinaryCrossentropy",
                [x, yb], {"agg": a}, [True, True])
            add(f"logitBinaryCrossentropy/stability/logits={m}/posWeight=tensor/agg={a}",
                "logitBinaryCrossentropy", [x, yb], {"agg": a, "posWeight": torch.tensor([2.0, 0.5, 3.0])},
                [True, True])

    # -Infinity on a non-target class
    logits = torch.tensor([[2.0, -inf, 0.5, -1.0],
                           [-inf, 1.0, -inf, 0.0],
                           [0.3, 0.2, 0.1, -inf]])
    y = torch.tensor([0, 1, 2])
    for a in AGGS:
        for wt in (False, True):
            o = {"agg": a}
            if wt:
                o["weight"] = torch.tensor([1.0, 2.0, 0.5, 1.5])
            builtin_check("logitCrossentropy", logits, y, o)
            add(f"logitCrossentropy/stability/neginf/index/weight={'tensor' if wt else 'none'}/agg={a}",
                "logitCrossentropy", [logits, y], o, [True, False])
        # F.cross_entropy is finite here (gather picks the target); the one-hot probability form
        # y·logSoftmax gives 0·(-Inf) = NaN in torch, so that reference uses the stable form
        # (terms with y = 0 dropped); the y-gradient there is left null.
        add(f"logitCrossentropy/stability/neginf/onehot/agg={a}", "logitCrossentropy",
            [logits, F.one_hot(y, 4).to(F64)], {"agg": a}, [True, False], stable=True)
        # ignoreIndex on a row whose target is present and finite
        o = {"agg": a, "ignoreIndex": 1}
        builtin_check("logitCrossentropy", logits, y, o)
        add(f"logitCrossentropy/stability/neginf/index/ignoreIndex=1/agg={a}", "logitCrossentropy",
            [logits, y], o, [True, False])
    # -Inf logits in nllLoss are log-probs of 0: finite when not the target
    lp = F.log_softmax(logits, 1)
    add("nllLoss/stability/neginf/index/agg=mean", "nllLoss", [lp, y], {"agg": "mean"}, [True, False])

    # probabilities exactly 0 and 1 with one-hot targets (eps keeps logs finite)
    P = torch.tensor([[1.0, 0.0, 0.0, 0.0],    # confident and right
                      [1.0, 0.0, 0.0, 0.0],    # confident and wrong (target prob 0)
                      [0.0, 0.5, 0.5, 0.0]])
    yi = torch.tensor([0, 2, 1])
    Y = F.one_hot(yi, 4).to(F64)
    E = {"eps": EPS64}
    for a in ("mean", "none"):
        o = dict(E, agg=a)
        add(f"crossentropy/stability/probs01/onehot/agg={a}", "crossentropy", [P, Y], o, [True, False])
        add(f"crossentropy/stability/probs01/index/agg={a}", "crossentropy", [P, yi], o, [True, False])
        add(f"kldivergence/stability/probs01/onehot/agg={a}", "kldivergence", [P, Y], o, [True, False])
        add(f"focalLoss/stability/probs01/onehot/agg={a}", "focalLoss", [P, Y], o, [True, True])
        add(f"focalLoss/stability/probs01/index/agg={a}", "focalLoss", [P, yi], o, [True, False])
        add(f"categoricalHinge/stability/probs01/onehot/agg={a}", "categoricalHinge", [P, Y],
            {"agg": a}, [True, True])
    # binary: ŷ ∈ {0, 1}, y ∈ {0, 1}
    bp = torch.tensor([0.0, 1.0, 0.0, 1.0])
    by = torch.tensor([0.0, 1.0, 1.0, 0.0])
    for a in ("mean", "none"):
        o = dict(E, agg=a)
        add(f"binaryCrossentropy/stability/probs01/agg={a}", "binaryCrossentropy", [bp, by], o,
            [True, False])
        add(f"selfAdjustingDiceLoss/stability/probs01/agg={a}", "selfAdjustingDiceLoss", [bp, by],
            {"agg": a}, [True, True])
        # binaryFocalLoss with ε inside each log argument: finite at every ŷ, y ∈ {0, 1}
        # (γ = 2.5: the clamped base 0 meets a fractional power).
        add(f"binaryFocalLoss/stability/probs01/agg={a}", "binaryFocalLoss", [bp, by], o,
            [True, True])
        add(f"binaryFocalLoss/stability/probs01/gamma=2.5/alpha=0.25/agg={a}", "binaryFocalLoss",
            [bp, by], dict(o, gamma=2.5, alpha=0.25), [True, True])
        add(f"focalLoss/stability/probs01/gamma=2.5/onehot/agg={a}", "focalLoss", [P, Y],
            dict(o, gamma=2.5), [True, True])
    add("diceCoeffLoss/stability/probs01", "diceCoeffLoss", [bp, by], {}, [True, True])
    add("tverskyLoss/stability/probs01", "tverskyLoss", [bp, by], {}, [True, True])


# ---- self checks of the formula-based references against torch builtins --------------------

def self_checks():
    g = gen_for("self-checks")
    yh = probs(g, [5, 4], 1)
    y = probs(g, [5, 4], 1, 1.0)
    o = {"eps": EPS64, "agg": "sum"}
    # KL(y ‖ ŷ) vs F.kl_div(log ŷε, y, 'sum')
    close(REF["kldivergence"]([yh, y], o, False),
          F.kl_div(torch.log(yh + EPS64), y, reduction="sum"), 1e-12, "kl vs F.kl_div")
    # focal γ = 0 equals crossentropy (probability targets)
    close(REF["focalLoss"]([yh, y], dict(o, gamma=0.0), False),
          REF["crossentropy"]([yh, y], o, False), 1e-12, "focal γ=0")
    # binary focal γ = 0 equals binaryCrossentropy
    # (hard labels only: with soft labels pₜ is a mixture and the two differ)
    pb = torch.sigmoid(randn(g, [6]))
    yb = bits(g, [6])
    close(REF["binaryFocalLoss"]([pb, yb], dict(o, gamma=0.0), False),
          REF["binaryCrossentropy"]([pb, yb], o, False), 1e-13, "binary focal γ=0")
    close(REF["binaryCrossentropy"]([pb, yb], dict(o, eps=0.0), False),
          F.binary_cross_entropy(pb, yb, reduction="sum"), 1e-12, "bce vs builtin")
    # logit forms equal probability forms at moderate values
    x = randn(g, [5, 4])
    close(REF["logitCrossentropy"]([x, y], o, False),
          REF["crossentropy"]([torch.softmax(x, 1), y], dict(o, eps=0.0), False), 1e-12, "logit ce")
    close(REF["logitBinaryCrossentropy"]([x, (x > 0).to(F64)], o, False),
          REF["binaryCrossentropy"]([torch.sigmoid(x), (x > 0).to(F64)], dict(o, eps=0.0), False),
          1e-12, "logit bce")
    # huber with delta = 1 equals smooth L1 with beta = 1
    a, b = randn(g, [6]), randn(g, [6])
    close(REF["huberLoss"]([a, b], o, False), REF["smoothL1Loss"]([a, b], o, False), 1e-14, "huber")
    # logCosh stable form vs log(cosh(e))
    close(REF["logCoshLoss"]([a, b], o, False), torch.log(torch.cosh(a - b)).sum(), 1e-12, "logcosh")
    # cosine similarity loss vs F.cosine_similarity
    close(REF["cosineSimilarityLoss"]([x, y], o, False),
          -F.cosine_similarity(x, y, dim=1, eps=0).sum(), 1e-12, "cosine")
    # class-balanced weights sum to C
    w = REF["classBalancedWeights"]([torch.tensor([10.0, 3.0, 1.0])], {"beta": 0.9}, False)
    close(w.sum(), torch.tensor(3.0), 1e-14, "cb weights")
    # tversky direction (Flux's code): β weighs false positives -> more FP raises the loss more for larger β
    yy = torch.tensor([1.0, 1.0, 0.0, 0.0])
    fn = torch.tensor([0.0, 1.0, 0.0, 0.0])     # one false negative
    fp = torch.tensor([1.0, 1.0, 1.0, 0.0])     # one false positive
    hi = {"beta": 0.9}
    assert REF["tverskyLoss"]([fn, yy], hi, False) < REF["tverskyLoss"]([fp, yy], hi, False)
    print("self checks passed")


def main():
    torch.manual_seed(0)
    self_checks()
    run_regression()
    run_margin()
    run_distributions()
    run_transforms()
    run_class_index()
    run_dense_options()
    run_stability()
    write_fixture("test/fixtures/losses.json", "scripts/golden/losses.py", CASES)
    counts = {}
    for c in CASES:
        counts[c["loss"]] = counts.get(c["loss"], 0) + 1
    for k, v in counts.items():
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
