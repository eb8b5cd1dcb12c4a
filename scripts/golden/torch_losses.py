#!/usr/bin/python3
"""PyTorch 1.13's own numbers for `losses.torch` (issue 19): every torch.nn loss over its options.

    /usr/bin/python3 scripts/golden/torch_losses.py     # writes test/fixtures/torch-losses.json

Each case: {name, loss, args, opts, value, grads}
  loss   the `losses.torch` function name (camelCase of torch.nn.functional's).
  args   in PyTorch's argument order (input, target, ...); int32 for class indices, CTC targets and
         lengths.
  opts   PyTorch's option names in camelCase (`reduction`, `ignoreIndex`, `posWeight`, ...); tensors
         as tensor objects. `distanceFunction` is a name the test maps to the same JS function
         ("l1": Σ|a − b| over the last dim, "sqeuclidean": Σ(a − b)² over the last dim).
         `inputTransform: "logSoftmax"` (CTC only) means args[0] holds logits and the loss is taken of
         log_softmax(args[0], -1): PyTorch's CTC backward returns exp(lp) − γ as "the gradient w.r.t.
         log_probs", which is the gradient w.r.t. the logits under log_softmax, not w.r.t. log_probs
         themselves (that one is −γ); through log_softmax both agree, so that is what is compared.
  value  the value of the torch.nn.functional call (float64).
  grads  d(value.sum())/d(args[i]) by torch autograd, or null (integer arguments, targets whose
         gradient PyTorch does not implement).

Every call goes through torch.nn.functional (the numbers PyTorch gives); each criterion class is
checked to give the same number as its function for one case per loss.
"""

import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import F64, enc, enc_value, gen_for, write_fixture  # noqa: E402

CASES = []
REDUCTIONS = ["mean", "sum", "none"]


def randn(g, shape, scale=1.0):
    return torch.randn(shape, generator=g, dtype=F64) * scale


def rand(g, shape, lo=0.0, hi=1.0):
    return lo + (hi - lo) * torch.rand(shape, generator=g, dtype=F64)


def randint(g, lo, hi, shape):
    return torch.randint(lo, hi, shape, generator=g, dtype=torch.int64)


def pm1(g, shape):
    return torch.where(torch.rand(shape, generator=g) < 0.5, -1.0, 1.0).to(F64)


DISTANCES = {
    "l1": lambda a, b: (a - b).abs().sum(-1),
    "sqeuclidean": lambda a, b: ((a - b) ** 2).sum(-1),
}


def kwargs_of(loss, o):
    """PyTorch's keyword arguments for tapegrad's camelCase options."""
    names = {"reduction": "reduction", "weight": "weight", "ignoreIndex": "ignore_index",
             "labelSmoothing": "label_smoothing", "posWeight": "pos_weight", "logInput": "log_input",
             "full": "full", "eps": "eps", "logTarget": "log_target", "margin": "margin", "p": "p",
             "swap": "swap", "delta": "delta", "beta": "beta", "blank": "blank",
             "zeroInfinity": "zero_infinity"}
    kw = {names[k]: v for k, v in o.items() if k not in ("distanceFunction", "inputTransform")}
    if "distanceFunction" in o:
        kw["distance_function"] = DISTANCES[o["distanceFunction"]]
    return kw


FUNCTIONS = {
    "l1Loss": F.l1_loss, "mseLoss": F.mse_loss, "crossEntropy": F.cross_entropy, "ctcLoss": F.ctc_loss,
    "nllLoss": F.nll_loss, "poissonNllLoss": F.poisson_nll_loss, "gaussianNllLoss": F.gaussian_nll_loss,
    "klDiv": F.kl_div, "binaryCrossEntropy": F.binary_cross_entropy,
    "binaryCrossEntropyWithLogits": F.binary_cross_entropy_with_logits,
    "marginRankingLoss": F.margin_ranking_loss, "hingeEmbeddingLoss": F.hinge_embedding_loss,
    "multilabelMarginLoss": F.multilabel_margin_loss, "huberLoss": F.huber_loss,
    "smoothL1Loss": F.smooth_l1_loss, "softMarginLoss": F.soft_margin_loss,
    "multilabelSoftMarginLoss": F.multilabel_soft_margin_loss, "cosineEmbeddingLoss": F.cosine_embedding_loss,
    "multiMarginLoss": F.multi_margin_loss, "tripletMarginLoss": F.triplet_margin_loss,
    "tripletMarginWithDistanceLoss": F.triplet_margin_with_distance_loss,
}

CLASSES = {
    "l1Loss": nn.L1Loss, "mseLoss": nn.MSELoss, "crossEntropy": nn.CrossEntropyLoss, "ctcLoss": nn.CTCLoss,
    "nllLoss": nn.NLLLoss, "poissonNllLoss": nn.PoissonNLLLoss, "gaussianNllLoss": nn.GaussianNLLLoss,
    "klDiv": nn.KLDivLoss, "binaryCrossEntropy": nn.BCELoss, "binaryCrossEntropyWithLogits": nn.BCEWithLogitsLoss,
    "marginRankingLoss": nn.MarginRankingLoss, "hingeEmbeddingLoss": nn.HingeEmbeddingLoss,
    "multilabelMarginLoss": nn.MultiLabelMarginLoss, "huberLoss": nn.HuberLoss, "smoothL1Loss": nn.SmoothL1Loss,
    "softMarginLoss": nn.SoftMarginLoss, "multilabelSoftMarginLoss": nn.MultiLabelSoftMarginLoss,
    "cosineEmbeddingLoss": nn.CosineEmbeddingLoss, "multiMarginLoss": nn.MultiMarginLoss,
    "tripletMarginLoss": nn.TripletMarginLoss, "tripletMarginWithDistanceLoss": nn.TripletMarginWithDistanceLoss,
}
CHECKED_CLASS = set()


def call(loss, args, o):
    xs = list(args)
    if o.get("inputTransform") == "logSoftmax":
        xs[0] = torch.log_softmax(xs[0], -1)
    return FUNCTIONS[loss](*xs, **kwargs_of(loss, o))


def add(name, loss, args, opts=None, diff=None, grads=True):
    """One case; diff[i] says whether args[i] is differentiated (default: every float argument)."""
    o = dict(opts or {})
    if diff is None:
        diff = [torch.is_floating_point(a) for a in args]
    leaves = [a.detach().clone().requires_grad_(d) if torch.is_floating_point(a) else a for a, d in zip(args, diff)]
    value = call(loss, leaves, o)
    gs = [None] * len(args)
    if grads and any(diff):
        want = [i for i, d in enumerate(diff) if d]
        out = torch.autograd.grad(value.sum(), [leaves[i] for i in want])
        for i, g in zip(want, out):
            gs[i] = g
    if loss not in CHECKED_CLASS and "distanceFunction" not in o and "inputTransform" not in o:
        kw = kwargs_of(loss, o)
        crit = CLASSES[loss](**kw)
        same = crit(*[a.detach() if torch.is_tensor(a) else a for a in args])
        assert torch.equal(same, value.detach()) or torch.allclose(same, value.detach(), rtol=0, atol=0, equal_nan=True), name
        CHECKED_CLASS.add(loss)
    for g in gs:
        assert g is None or bool(torch.isfinite(g).all()), f"{name}: non-finite gradient"
    CASES.append({
        "name": name, "loss": loss,
        "args": [enc(a.detach() if torch.is_tensor(a) else torch.tensor(a)) for a in args],
        "opts": enc_value(o), "value": enc(value.detach()), "grads": [enc(g) for g in gs],
    })


def sweep(loss, make, variants=({},), reductions=REDUCTIONS, diff=None, tag=""):
    for v in variants:
        for r in reductions:
            o = {**v, "reduction": r}
            label = "/".join(f"{k}={v[k] if not torch.is_tensor(v[k]) else 'tensor'}" for k in v)
            name = "/".join(x for x in [loss, tag, label, f"reduction={r}"] if x)
            g = gen_for(name)
            add(name, loss, make(g, o), o, diff)


def away(x, points, gap=0.05):
    """Moves values within `gap` of any kink point to a safe distance, so gradients are not conventions."""
    for p in points:
        near = (x - p).abs() < gap
        x = torch.where(near, p + torch.sign(x - p + 1e-12) * 2 * gap, x)
    return x


# ---- regression ------------------------------------------------------------------------------

def run_regression():
    pair = lambda shape: (lambda g, o: [randn(g, shape), randn(g, shape)])
    for shape in ([3, 4], [2, 3, 2]):
        tag = f"rank{len(shape)}"
        def mk(g, o, shape=shape):
            a, b = randn(g, shape, 2), randn(g, shape)
            return [b + away(a - b, [0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0]), b]
        sweep("l1Loss", mk, tag=tag)
        sweep("mseLoss", pair(shape), tag=tag)
        sweep("huberLoss", mk, variants=[{}, {"delta": 0.5}, {"delta": 2.0}], tag=tag)
        sweep("smoothL1Loss", mk, variants=[{}, {"beta": 0.5}, {"beta": 0.0}, {"beta": 2.0}], tag=tag)
        def mk_soft(g, o, shape=shape):
            return [randn(g, shape, 2), pm1(g, shape)]
        sweep("softMarginLoss", mk_soft, tag=tag, diff=[True, False])

    def mk_pois_log(g, o):
        return [randn(g, [3, 4]), rand(g, [3, 4], 0.0, 4.0).round()]
    def mk_pois_rate(g, o):
        return [rand(g, [3, 4], 0.2, 3.0), rand(g, [3, 4], 0.0, 4.0).round()]
    for full in (False, True):
        sweep("poissonNllLoss", mk_pois_log, variants=[{"full": full}, {"logInput": True, "full": full}], diff=[True, False])
        sweep("poissonNllLoss", mk_pois_rate, variants=[{"logInput": False, "full": full},
                                                        {"logInput": False, "full": full, "eps": 1e-3}], diff=[True, False])
    add("poissonNllLoss/stability/zero-rate/logInput=false", "poissonNllLoss",
        [torch.tensor([0.0, 0.0, 1.0]), torch.tensor([2.0, 0.0, 1.0])], {"logInput": False, "reduction": "none"}, [True, False])
    add("poissonNllLoss/float-target/full=true", "poissonNllLoss",
        [randn(gen_for("pf"), [2, 3]), rand(gen_for("pf2"), [2, 3], 1.5, 4.0)], {"full": True}, [True, True])

    # var: same shape, one per sample ([N, 1] and [N]), and a shared [1]-broadcast along the last dim
    for vshape, tag in (([3, 4], "var=full"), ([3, 1], "var=N1"), ([3], "var=N")):
        def mk_g(g, o, vshape=vshape):
            return [randn(g, [3, 4]), randn(g, [3, 4]), rand(g, vshape, 0.3, 2.0)]
        sweep("gaussianNllLoss", mk_g, variants=[{}, {"full": True}], tag=tag)
    def mk_g_eps(g, o):
        return [randn(g, [3, 4]), randn(g, [3, 4]), torch.tensor([[1e-9], [0.5], [2.0]])]
    sweep("gaussianNllLoss", mk_g_eps, variants=[{"eps": 1e-6}, {"eps": 0.1}], tag="clamped-var", reductions=["mean"])


def run_kl():
    def mk(g, o):
        inp = torch.log_softmax(randn(g, [3, 4], 1.5), 1)
        t = torch.softmax(randn(g, [3, 4], 1.5), 1)
        return [inp, torch.log(t) if o.get("logTarget") else t]
    for lt in (False, True):
        sweep("klDiv", mk, variants=[{"logTarget": lt}], reductions=REDUCTIONS + ["batchmean"])
    def mk_zero(g, o):
        return [torch.log_softmax(randn(g, [2, 3]), 1), torch.tensor([[0.0, 0.3, 0.7], [1.0, 0.0, 0.0]])]
    add("klDiv/zero-target/batchmean", "klDiv", mk_zero(gen_for("klz"), {}), {"reduction": "batchmean"}, [True, False])


def run_binary():
    for shape in ([3, 4], [2, 3, 2]):
        tag = f"rank{len(shape)}"
        def mk(g, o, shape=shape):
            return [torch.sigmoid(randn(g, shape, 2)), rand(g, shape)]
        w = rand(gen_for("bce-w" + tag), shape[-1:], 0.5, 2.0)
        sweep("binaryCrossEntropy", mk, variants=[{}, {"weight": w}], tag=tag)
        def mkl(g, o, shape=shape):
            return [randn(g, shape, 2), rand(g, shape)]
        pw = rand(gen_for("pw" + tag), shape[-1:], 0.5, 3.0)
        sweep("binaryCrossEntropyWithLogits", mkl, variants=[{}, {"weight": w}, {"posWeight": pw},
                                                            {"weight": w, "posWeight": pw}], tag=tag)
    add("binaryCrossEntropy/at-bounds/reduction=none", "binaryCrossEntropy",
        [torch.tensor([0.0, 1.0, 0.0, 1.0]), torch.tensor([1.0, 0.0, 0.0, 1.0])], {"reduction": "none"}, grads=False)
    add("binaryCrossEntropyWithLogits/huge-logits", "binaryCrossEntropyWithLogits",
        [torch.tensor([-800.0, 800.0, 40.0]), torch.tensor([1.0, 0.0, 1.0])], {"reduction": "none"})


# ---- classification ---------------------------------------------------------------------------

def run_classification():
    C = 4
    for shape, tshape, tag in (([5, C], [5], "rank2"), ([2, C, 3], [2, 3], "rank3"), ([C], [], "rank1")):
        weight = rand(gen_for("ce-w" + tag), [C], 0.3, 2.0)
        for wv in (None, weight):
            for ii in (None, 1):
                for ls in (None, 0.2):
                    v = {}
                    if wv is not None:
                        v["weight"] = wv
                    if ii is not None:
                        v["ignoreIndex"] = ii
                    if ls is not None:
                        v["labelSmoothing"] = ls
                    def mk(g, o, shape=shape, tshape=tshape, ii=ii):
                        t = randint(g, 0, C, tshape)
                        if ii is not None and len(tshape) > 0:
                            t.view(-1)[0] = ii
                        return [randn(g, shape, 1.5), t]
                    sweep("crossEntropy", mk, variants=[v], tag=f"index/{tag}")
                    if ls is None:
                        def mkn(g, o, shape=shape, tshape=tshape, ii=ii):
                            t = randint(g, 0, C, tshape)
                            if ii is not None and len(tshape) > 0:
                                t.view(-1)[0] = ii
                            return [torch.log_softmax(randn(g, shape, 1.5), 1 if len(shape) > 1 else 0), t]
                        sweep("nllLoss", mkn, variants=[v], tag=f"{tag}")
        for v in ({}, {"weight": weight}, {"labelSmoothing": 0.15}, {"weight": weight, "labelSmoothing": 0.15}):
            def mkp(g, o, shape=shape):
                d = 1 if len(shape) > 1 else 0
                return [randn(g, shape, 1.5), torch.softmax(randn(g, shape, 1.5), d)]
            sweep("crossEntropy", mkp, variants=[v], tag=f"probs/{tag}")
    # a negative ignore_index is ignored for probability targets (PyTorch rejects one ≥ 0)
    g = gen_for("ce-probs-negative-ignore")
    add("crossEntropy/probs/ignoreIndex=-1/reduction=mean", "crossEntropy",
        [randn(g, [3, C], 1.5), torch.softmax(randn(g, [3, C]), 1)], {"ignoreIndex": -1, "reduction": "mean"})
    add("crossEntropy/all-ignored/mean", "crossEntropy", [randn(gen_for("ai"), [2, 3]), torch.tensor([-100, -100])],
        {"reduction": "mean"}, grads=False)

    # multi margin: p 1/2, margin, weight
    w = rand(gen_for("mm-w"), [C], 0.5, 2.0)
    for shape, tshape, tag in (([5, C], [5], "rank2"), ([C], [], "rank1")):
        def mkm(g, o, shape=shape, tshape=tshape):
            x = randn(g, shape)
            t = randint(g, 0, C, tshape)
            m = o.get("margin", 1.0)
            xt = x.gather(-1, t.unsqueeze(-1))
            z = away(m - xt + x, [0.0], 0.05)       # keep off the hinge's kink
            return [z - m + xt, t]
        sweep("multiMarginLoss", mkm, variants=[{}, {"p": 2}, {"margin": 0.5}, {"weight": w}, {"p": 2, "margin": 2.0, "weight": w}], tag=tag)

    # multilabel margin: targets listed up to the first −1
    def mkml(g, o):
        x = randn(g, [3, C])
        t = torch.tensor([[3, 0, -1, 1], [1, 2, 3, 0], [-1, 1, 0, 0]])
        return [x, t]
    sweep("multilabelMarginLoss", mkml, tag="rank2")
    def mkml1(g, o):
        return [randn(g, [C]), torch.tensor([2, -1, 0, 0])]
    sweep("multilabelMarginLoss", mkml1, tag="rank1")

    def mkms(g, o):
        return [randn(g, [3, C], 2), (rand(g, [3, C]) > 0.5).to(F64)]
    sweep("multilabelSoftMarginLoss", mkms, variants=[{}, {"weight": w}], diff=[True, True])


# ---- pairs and triplets -------------------------------------------------------------------------

def run_embedding():
    def mkr(g, o):
        a, b, y = randn(g, [6]), randn(g, [6]), pm1(g, [6])
        m = o.get("margin", 0.0)
        d = away(-y * (a - b) + m, [0.0])
        return [b + (m - d) / y, b, y]
    sweep("marginRankingLoss", mkr, variants=[{}, {"margin": 0.5}], diff=[True, True, False])
    def mkh(g, o):
        m = o.get("margin", 1.0)
        return [away(rand(g, [3, 4], 0.0, 2.5), [m]), pm1(g, [3, 4])]
    sweep("hingeEmbeddingLoss", mkh, variants=[{}, {"margin": 2.0}], diff=[True, False])
    def mkc(g, o):
        return [randn(g, [4, 5]), randn(g, [4, 5]), torch.tensor([1.0, -1.0, -1.0, 1.0])]
    sweep("cosineEmbeddingLoss", mkc, variants=[{}, {"margin": -0.5}, {"margin": 0.2}], diff=[True, True, False])
    def mkc1(g, o):
        return [randn(g, [5]), randn(g, [5]), torch.tensor(-1.0)]
    sweep("cosineEmbeddingLoss", mkc1, variants=[{"margin": -0.9}], tag="rank1", diff=[True, True, False])

    def mkt(g, o):
        a = randn(g, [4, 3])
        return [a, a + randn(g, [4, 3], 0.7), a + randn(g, [4, 3], 1.2)]
    sweep("tripletMarginLoss", mkt, variants=[{}, {"p": 1.0}, {"p": 3.0}, {"swap": True}, {"margin": 2.0, "p": 1.0, "swap": True},
                                               {"eps": 1e-3}])
    sweep("tripletMarginWithDistanceLoss", mkt, variants=[{}, {"swap": True}, {"margin": 2.0},
                                                          {"distanceFunction": "l1"}, {"distanceFunction": "sqeuclidean", "swap": True}])


# ---- CTC ----------------------------------------------------------------------------------------

def run_ctc():
    T, N, C = 8, 3, 5
    for blank in (0, C - 1):
        labels = [c for c in range(C) if c != blank]
        def mk_targets(g, padded):
            lens = torch.tensor([3, 2, 0])
            rows = [[labels[int(i)] for i in randint(g, 0, len(labels), [3])] for _ in range(N)]
            rows[1][1] = rows[1][0]          # a repeated label: needs a blank between the two
            if padded:
                t = torch.tensor([r[:] for r in rows])
            else:
                t = torch.tensor([c for r, n in zip(rows, lens) for c in r[:n]])
            return t, lens
        for padded in (True, False):
            for zi in (False, True):
                layout = "padded" if padded else "concatenated"
                for r in REDUCTIONS:
                    name = f"ctcLoss/blank={blank}/{layout}/zeroInfinity={zi}/reduction={r}"
                    g = gen_for(name)
                    targets, tl = mk_targets(g, padded)
                    logits = randn(g, [T, N, C], 1.5)
                    il = torch.tensor([8, 6, 5])
                    o = {"blank": blank, "reduction": r, "zeroInfinity": zi, "inputTransform": "logSoftmax"}
                    add(name, "ctcLoss", [logits, targets, il, tl], o, [True, False, False, False])
                    # the value on log-probabilities as given (no transform), without gradients
                    o2 = {k: v for k, v in o.items() if k != "inputTransform"}
                    add(name + "/log-probs", "ctcLoss", [torch.log_softmax(logits, -1), targets, il, tl], o2, grads=False)
        # an infeasible sample: 3 repeated labels need 5 frames, sample 1 has 3
        for zi in (False, True):
            for r in REDUCTIONS:
                name = f"ctcLoss/blank={blank}/infeasible/zeroInfinity={zi}/reduction={r}"
                g = gen_for(name)
                lab = labels[0]
                targets = torch.tensor([[labels[1], labels[2], labels[0]], [lab, lab, lab]])
                logits = randn(g, [6, 2, C])
                il, tl = torch.tensor([6, 3]), torch.tensor([3, 3])
                o = {"blank": blank, "reduction": r, "zeroInfinity": zi, "inputTransform": "logSoftmax"}
                add(name, "ctcLoss", [logits, targets, il, tl], o, [zi, False, False, False], grads=zi)
    # empty targets: the loss is the blank path; 'mean' divides by max(length, 1)
    for r in REDUCTIONS:
        g = gen_for(f"ctc-empty/{r}")
        add(f"ctcLoss/empty-targets/reduction={r}", "ctcLoss",
            [randn(g, [4, 2, 3]), torch.zeros(2, 0, dtype=torch.long), torch.tensor([4, 3]), torch.tensor([0, 0])],
            {"reduction": r, "inputTransform": "logSoftmax"}, [True, False, False, False])
    # unbatched: [T, C] log-probs, 1-d target, 0-d lengths
    g = gen_for("ctc-unbatched")
    add("ctcLoss/unbatched/reduction=mean", "ctcLoss",
        [randn(g, [6, 4]), torch.tensor([1, 2, 2]), torch.tensor(6), torch.tensor(3)],
        {"reduction": "mean", "inputTransform": "logSoftmax"}, [True, False, False, False])


def main():
    torch.manual_seed(0)
    run_regression()
    run_kl()
    run_binary()
    run_classification()
    run_embedding()
    run_ctc()
    assert CHECKED_CLASS == set(FUNCTIONS) - {"ctcLoss"} or CHECKED_CLASS == set(FUNCTIONS), sorted(set(FUNCTIONS) - CHECKED_CLASS)
    write_fixture("test/fixtures/torch-losses.json", "scripts/golden/torch_losses.py", CASES)
    counts = {}
    for c in CASES:
        counts[c["loss"]] = counts.get(c["loss"], 0) + 1
    for k, v in sorted(counts.items()):
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
