#!/usr/bin/python3
"""PyTorch 1.13 reference values for the everyday ops whose semantics could differ (issue 12).

    /usr/bin/python3 scripts/golden/ops.py      # writes test/fixtures/ops.json

Each case: {name, op, args, opts, value, cot, grads}
  op     the tapegrad function (test/ops.fixtures.test.ts maps it to a call).
  args   input tensors (float64 unless opts.dtype says float32: the values are then float32s).
  value  the output (for sort/topk/argmax: {values, indices} or the int indices).
  cot    a cotangent w; grads = d Σ(w·value) / d args (null where not differentiable).
"""

import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from common import enc, gen_for, write_fixture  # noqa: E402

cases = []


def randn(name, *shape):
    return torch.randn(*shape, generator=gen_for(name), dtype=torch.float64)


def case(name, op, args, opts, fn, differentiable=True):
    leaves = [a.clone().requires_grad_(differentiable and a.is_floating_point()) for a in args]
    out = fn(*leaves)
    c = {"name": name, "op": op, "args": [enc(a) for a in args], "opts": opts}
    if isinstance(out, tuple):
        c["value"] = {"values": enc(out[0]), "indices": enc(out[1])}
        out = out[0]
    else:
        c["value"] = enc(out)
    if differentiable and out.is_floating_point() and out.requires_grad:
        w = torch.cos(torch.arange(out.numel(), dtype=torch.float64) * 0.7 + 0.3).reshape(out.shape)
        gs = torch.autograd.grad((out * w).sum(), [l for l in leaves if l.requires_grad], allow_unused=True)
        c["cot"] = enc(w)
        c["grads"] = [enc(g if g is not None else torch.zeros_like(l)) for g, l in zip(gs, leaves)]
    cases.append(c)


# var / std: PyTorch's correction semantics (1.13: torch.var(x, dim, correction=c, keepdim=k)).
x = randn("var", 3, 4)
for dim in [None, 0, 1, [0, 1]]:
    for corr in [0, 1, 2]:
        for keep in [False, True]:
            opts = {"dim": dim, "correction": corr, "keepdim": keep}
            case(f"var dim={dim} correction={corr} keepdim={keep}", "var", [x], opts,
                 lambda t: torch.var(t, dim=dim, correction=corr, keepdim=keep))
            case(f"std dim={dim} correction={corr} keepdim={keep}", "std", [x], opts,
                 lambda t: torch.std(t, dim=dim, correction=corr, keepdim=keep))
case("var unbiased=False", "var", [x], {"dim": 1, "unbiased": False}, lambda t: torch.var(t, 1, unbiased=False))
case("var of one element (N - correction = 0)", "var", [x[:1, :1]], {"dim": 1}, lambda t: torch.var(t, 1), differentiable=False)
case("var correction > N", "var", [x[:, :2]], {"dim": 1, "correction": 3}, lambda t: torch.var(t, 1, correction=3), differentiable=False)

# round: halves to even, and values near halves.
r = torch.tensor([-2.5, -1.5, -0.5, -0.0, 0.5, 1.5, 2.5, 3.5, 0.49999999999999994, 2.675, -3.7, 4503599627370497.0, 1e300, float("inf"), float("nan")], dtype=torch.float64)
case("round halves to even", "round", [r], {}, torch.round, differentiable=False)
case("floor", "floor", [r], {}, torch.floor, differentiable=False)
case("ceil", "ceil", [r], {}, torch.ceil, differentiable=False)
r32 = torch.tensor([-2.5, -1.5, 0.5, 1.5, 2.5, 8388609.0, 0.4999999701976776], dtype=torch.float32)
case("round float32", "round", [r32], {"dtype": "float32"}, torch.round, differentiable=False)

# cumsum, both directions (reverse = flip, cumsum, flip), and float32 accumulation.
c = randn("cumsum", 3, 4)
for d in [0, 1, -1]:
    case(f"cumsum dim={d}", "cumsum", [c], {"dim": d}, lambda t: torch.cumsum(t, d))
    case(f"cumsum dim={d} reverse", "cumsum", [c], {"dim": d, "reverse": True},
         lambda t: torch.flip(torch.cumsum(torch.flip(t, [d]), d), [d]))
c32 = torch.full((3000,), 0.1, dtype=torch.float32) + torch.linspace(0, 1, 3000, dtype=torch.float32)
case("cumsum float32 (accumulated in float64)", "cumsum", [c32], {"dim": 0, "dtype": "float32"}, lambda t: torch.cumsum(t, 0), differentiable=False)

# atan2 in all four quadrants and on the axes.
ys = torch.tensor([1.0, 1.0, -1.0, -1.0, 0.0, 0.0, 2.0, -0.5], dtype=torch.float64)
xs = torch.tensor([1.0, -1.0, -1.0, 1.0, 1.0, -1.0, 0.0, 3.0], dtype=torch.float64)
case("atan2 quadrants", "atan2", [ys, xs], {}, torch.atan2)
case("atan2 signed zeros", "atan2", [torch.tensor([0.0, -0.0, 0.0, -0.0]), torch.tensor([-0.0, -0.0, 0.0, 0.0])], {}, torch.atan2, differentiable=False)

# norm
n = randn("norm", 3, 4)
for p in [2, 1, 3, 0.5, "fro", "inf", "-inf", 0]:
    for dim in [None, 1, [0, 1]]:
        pp = float(p[:-3] + "1") * math.inf if isinstance(p, str) and p.endswith("inf") else p
        if p == "fro" and dim == 1:
            continue
        case(f"norm p={p} dim={dim}", "norm", [n], {"p": p, "dim": dim}, lambda t: torch.norm(t, p=pp, dim=dim), differentiable=p != 0)
case("norm keepdim", "norm", [n], {"p": 2, "dim": 0, "keepdim": True}, lambda t: torch.norm(t, 2, 0, True))
case("norm of zeros: gradient 0", "norm", [torch.zeros(4, dtype=torch.float64)], {"p": 2}, lambda t: torch.norm(t))

# sort (stable, with ties and NaN) and topk (no ties: PyTorch leaves their order unspecified).
s = torch.tensor([[3.0, 1.0, 2.0, 1.0, float("nan"), -float("inf")], [0.5, 0.5, 0.5, -1.0, 2.0, 2.0]], dtype=torch.float64)
for desc in [False, True]:
    case(f"sort descending={desc} ties and NaN", "sort", [s], {"dim": -1, "descending": desc},
         lambda t: tuple(torch.sort(t, dim=-1, descending=desc, stable=True)))
t3 = randn("sort3", 3, 4, 5)
case("sort dim=1", "sort", [t3], {"dim": 1, "descending": False}, lambda t: tuple(torch.sort(t, dim=1, stable=True)))
for largest in [True, False]:
    case(f"topk k=3 largest={largest}", "topk", [t3], {"k": 3, "dim": -1, "largest": largest}, lambda t: tuple(torch.topk(t, 3, -1, largest)))
case("topk dim=0", "topk", [t3], {"k": 2, "dim": 0, "largest": True}, lambda t: tuple(torch.topk(t, 2, 0)))

# argmax / argmin: ties give the first index; NaN counts as the extreme.
a = torch.tensor([[1.0, 3.0, 3.0, 0.0], [2.0, float("nan"), 5.0, float("nan")], [-1.0, -1.0, -4.0, -4.0]], dtype=torch.float64)
for fn in ["argmax", "argmin"]:
    f = getattr(torch, fn)
    case(f"{fn} dim=1", fn, [a], {"dim": 1}, lambda t: f(t, 1), differentiable=False)
    case(f"{fn} dim=0 keepdim", fn, [a], {"dim": 0, "keepdim": True}, lambda t: f(t, 0, keepdim=True), differentiable=False)
    case(f"{fn} flattened", fn, [a[[0, 2]]], {}, lambda t: f(t), differentiable=False)

# repeat / tile
rp = randn("repeat", 2, 3)
case("repeat (2,1,2)", "repeat", [rp], {"reps": [2, 1, 2]}, lambda t: t.repeat(2, 1, 2))
case("tile (2,)", "tile", [rp], {"reps": [2]}, lambda t: torch.tile(t, (2,)))
case("tile (3,1,2)", "tile", [rp], {"reps": [3, 1, 2]}, lambda t: torch.tile(t, (3, 1, 2)))

# hardtanh: clamp's value, but the gradient is 0 at the bounds themselves (hardtanh_backward tests
# x <= min || x >= max), and a NaN passes its gradient.
h = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, float("nan")], dtype=torch.float64)
case("hardtanh default bounds, at and beyond them", "hardtanh", [h], {}, F.hardtanh)
h2 = torch.tensor([[-0.3, 0.6, 0.1], [-0.31, 0.61, 0.599]], dtype=torch.float64)
case("hardtanh min_val=-0.3 max_val=0.6, at the bounds", "hardtanh", [h2], {"min": -0.3, "max": 0.6}, lambda t: F.hardtanh(t, -0.3, 0.6))
case("hardtanh of random values", "hardtanh", [randn("hardtanh", 3, 4)], {"min": -0.5, "max": 0.8}, lambda t: F.hardtanh(t, -0.5, 0.8))

# einsum: bilinear, attention and the classic contractions.
def ein(name, eq, *shapes):
    args = [randn(f"{name} {i}", *s) for i, s in enumerate(shapes)]
    case(f"einsum {name} '{eq}'", "einsum", args, {"equation": eq}, lambda *ts: torch.einsum(eq, *ts))

ein("bilinear", "bi,oij,bj->bo", (4, 3), (2, 3, 5), (4, 5))
ein("attention scores", "bhqd,bhkd->bhqk", (2, 2, 3, 4), (2, 2, 5, 4))
ein("attention values", "bhqk,bhkd->bhqd", (2, 2, 3, 5), (2, 2, 5, 4))
ein("matmul implicit", "ij,jk", (3, 4), (4, 2))
ein("batch matmul", "bij,bjk->bik", (2, 3, 4), (2, 4, 5))
ein("outer", "i,j->ij", (3,), (4,))
ein("dot", "i,i->", (5,), (5,))
ein("trace", "ii->", (4, 4))
ein("diagonal", "ii->i", (4, 4))
ein("transpose", "ij->ji", (3, 4))
ein("sum over a dim", "ijk->kj", (2, 3, 4))
ein("three operands", "ij,jk,kl->il", (2, 3), (3, 4), (4, 2))
ein("implicit sorted output", "ba,ca", (3, 4), (2, 4))
ein("batch diagonal", "bii->bi", (2, 3, 3))
ein("ellipsis attention, broadcast batch", "...qd,...kd->...qk", (2, 3, 4, 5), (3, 6, 5))
ein("ellipsis implicit output", "...qd,...kd", (2, 3, 4, 5), (3, 6, 5))
ein("ellipsis summed", "...ij->ij", (2, 3, 4, 5))
ein("ellipsis in the middle", "b...,b...->b", (2, 3, 4), (2, 3, 4))
ein("ellipsis with a diagonal", "i...i", (3, 2, 3))
ein("size-1 broadcast", "ij,j->i", (3, 4), (1,))

write_fixture("test/fixtures/ops.json", "scripts/golden/ops.py", cases)
