#!/usr/bin/python3
"""PyTorch 1.13 optimizer trajectories and LR schedules for tapegrad's src/optim (issue 4).

    /usr/bin/python3 scripts/golden/optim.py       # writes test/fixtures/optim.json

Optimizer case: {name, optimizer, opts, params0, grads, params}
  optimizer  "SGD" | "Adam" | "AdamW" | "RMSprop" | "Adagrad"
  opts       tapegrad camelCase options. The "…/defaults" cases give only `lr` (tapegrad must
             apply PyTorch's defaults); every other case spells out every option.
  params0    two float64 tensors, shapes [3] and [2, 3]
  grads      grads[k][j]: the gradient assigned to parameter j before step k (10 steps)
  params     params[k][j]: parameter j after step k
The gradients are fixed random tensors (not computed from a loss), so the cases test the
update rule alone.

Clipping case: {name, clip, opts, grads, total, clipped}
  clip       "norm" {maxNorm, normType} (torch.nn.utils.clip_grad_norm_) | "value" {clipValue}
             (clip_grad_value_); grads are three float64 tensors (a NaN-free set)
  total      the returned total norm (norm cases), clipped: the gradients afterwards

Schedule case: {name, scheduler, opts, lr0, lrs[, lrInit, metrics]}
  scheduler  "StepLR" {stepSize, gamma} | "CosineAnnealingLR" {tMax, etaMin}
             | "LinearLR" {startFactor, endFactor, totalIters} | "ExponentialLR" {gamma}
             | "ReduceLROnPlateau" {mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps}
  lrInit     the lr right after the scheduler is built (LinearLR sets lr0 * startFactor at once)
  metrics    ReduceLROnPlateau: the value passed to each step(metric)
  lrs        optimizer.param_groups[0]['lr'] after each of 12 scheduler.step() calls (16 for
             ReduceLROnPlateau)
             (torch 1.13's CosineAnnealingLR.step() uses its recursive form; it agrees with the
             closed form eta_min + (lr0 - eta_min)(1 + cos(pi t / T_max))/2 to ~1e-16)
"""

import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import F64, enc, gen_for, write_fixture  # noqa: E402

STEPS = 10
SHAPES = [[3], [2, 3]]

CASES = []


def torch_kwargs(kind, o):
    if kind == "SGD":
        m = {"lr": "lr", "momentum": "momentum", "dampening": "dampening",
             "nesterov": "nesterov", "weightDecay": "weight_decay"}
    elif kind == "RMSprop":
        m = {"lr": "lr", "alpha": "alpha", "eps": "eps", "weightDecay": "weight_decay",
             "momentum": "momentum", "centered": "centered"}
    elif kind == "Adagrad":
        m = {"lr": "lr", "lrDecay": "lr_decay", "weightDecay": "weight_decay",
             "initialAccumulatorValue": "initial_accumulator_value", "eps": "eps"}
    else:
        m = {"lr": "lr", "betas": "betas", "eps": "eps", "weightDecay": "weight_decay",
             "amsgrad": "amsgrad"}
    kw = {}
    for k, v in o.items():
        kw[m[k]] = tuple(v) if k == "betas" else v
    return kw


def optimizer_case(name, kind, opts):
    g = gen_for(name)
    params0 = [torch.randn(s, generator=g, dtype=F64) for s in SHAPES]
    grads = [[torch.randn(s, generator=g, dtype=F64) * 0.5 for s in SHAPES] for _ in range(STEPS)]
    ps = [p.clone().requires_grad_(True) for p in params0]
    cls = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW,
           "RMSprop": torch.optim.RMSprop, "Adagrad": torch.optim.Adagrad}[kind]
    # foreach=False: the plain single-tensor loop, the reference semantics
    opt = cls(ps, foreach=False, **torch_kwargs(kind, opts))
    traj = []
    for k in range(STEPS):
        opt.zero_grad()
        for p, gr in zip(ps, grads[k]):
            p.grad = gr.clone()
        opt.step()
        traj.append([p.detach().clone() for p in ps])
    mine = manual_trajectory(kind, opts, params0, grads)
    for step, ref in zip(traj, mine):
        for p, q in zip(step, ref):
            assert torch.isfinite(p).all(), name
            assert torch.allclose(p, q, rtol=1e-13, atol=1e-14), (name, p, q)
    CASES.append({
        "name": name,
        "optimizer": kind,
        "opts": {k: (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()},
        "params0": [enc(p) for p in params0],
        "grads": [[enc(x) for x in step] for step in grads],
        "params": [[enc(x) for x in step] for step in traj],
    })


def manual_trajectory(kind, o, params0, grads):
    """The PyTorch 1.13 update rules written out, as an independent check of the opts mapping."""
    lr = o.get("lr", 0.01)  # SGD cases always give lr; Adam/RMSprop/Adagrad default to 0.001/0.01/0.01
    wd = o.get("weightDecay", 0.01 if kind == "AdamW" else 0.0)
    ps = [p.clone() for p in params0]
    state = [{} for _ in ps]
    out = []
    for t, gs in enumerate(grads, start=1):
        for j, (p, g) in enumerate(zip(ps, gs)):
            st = state[j]
            if kind == "SGD":
                mom, damp = o.get("momentum", 0.0), o.get("dampening", 0.0)
                d = g + wd * p
                if mom != 0:
                    st["buf"] = d.clone() if "buf" not in st else mom * st["buf"] + (1 - damp) * d
                    d = d + mom * st["buf"] if o.get("nesterov", False) else st["buf"]
                ps[j] = p - lr * d
            elif kind == "RMSprop":
                alpha, eps = o.get("alpha", 0.99), o.get("eps", 1e-8)
                mom = o.get("momentum", 0.0)
                g = g + wd * p
                st["v"] = alpha * st.get("v", torch.zeros_like(p)) + (1 - alpha) * g * g
                s2 = st["v"]
                if o.get("centered", False):
                    st["ga"] = alpha * st.get("ga", torch.zeros_like(p)) + (1 - alpha) * g
                    s2 = s2 - st["ga"] * st["ga"]
                d = g / (s2.sqrt() + eps)
                if mom > 0:
                    st["b"] = mom * st.get("b", torch.zeros_like(p)) + d
                    d = st["b"]
                ps[j] = p - lr * d
            elif kind == "Adagrad":
                eps = o.get("eps", 1e-10)
                g = g + wd * p
                st["s"] = st.get("s", torch.full_like(p, o.get("initialAccumulatorValue", 0.0))) + g * g
                clr = lr / (1 + (t - 1) * o.get("lrDecay", 0.0))
                ps[j] = p - clr * g / (st["s"].sqrt() + eps)
            else:
                b1, b2 = o.get("betas", [0.9, 0.999])
                eps = o.get("eps", 1e-8)
                if kind == "Adam":
                    g = g + wd * p
                else:
                    p = p * (1 - lr * wd)
                st["m"] = b1 * st.get("m", torch.zeros_like(p)) + (1 - b1) * g
                st["v"] = b2 * st.get("v", torch.zeros_like(p)) + (1 - b2) * g * g
                v = st["v"]
                if o.get("amsgrad", False):
                    st["vmax"] = torch.maximum(st.get("vmax", torch.zeros_like(p)), v)
                    v = st["vmax"]
                denom = v.sqrt() / math.sqrt(1 - b2 ** t) + eps
                ps[j] = p - (lr / (1 - b1 ** t)) * st["m"] / denom
        out.append([p.clone() for p in ps])
    return out


def sgd_cases():
    full = dict(lr=0.1, momentum=0.0, dampening=0.0, nesterov=False, weightDecay=0.0)
    optimizer_case("sgd/defaults", "SGD", {"lr": 0.1})
    optimizer_case("sgd/plain", "SGD", dict(full))
    optimizer_case("sgd/lr=0.01", "SGD", dict(full, lr=0.01))
    optimizer_case("sgd/momentum=0.9", "SGD", dict(full, momentum=0.9))
    optimizer_case("sgd/momentum=0.5", "SGD", dict(full, momentum=0.5))
    optimizer_case("sgd/momentum=0.9/dampening=0.1", "SGD", dict(full, momentum=0.9, dampening=0.1))
    optimizer_case("sgd/momentum=0.9/dampening=0.5", "SGD", dict(full, momentum=0.9, dampening=0.5))
    optimizer_case("sgd/momentum=0.9/nesterov", "SGD", dict(full, momentum=0.9, nesterov=True))
    optimizer_case("sgd/weightDecay=0.01", "SGD", dict(full, weightDecay=0.01))
    optimizer_case("sgd/weightDecay=0.1", "SGD", dict(full, weightDecay=0.1))
    optimizer_case("sgd/momentum=0.9/weightDecay=0.01", "SGD", dict(full, momentum=0.9, weightDecay=0.01))
    optimizer_case("sgd/momentum=0.9/nesterov/weightDecay=0.05", "SGD",
                   dict(full, momentum=0.9, nesterov=True, weightDecay=0.05))
    optimizer_case("sgd/momentum=0.8/dampening=0.3/weightDecay=0.05", "SGD",
                   dict(full, momentum=0.8, dampening=0.3, weightDecay=0.05))


def adam_cases(kind):
    pre = kind.lower()
    wd0 = 0.0 if kind == "Adam" else 0.01      # PyTorch's default weight_decay
    full = dict(lr=0.01, betas=[0.9, 0.999], eps=1e-8, weightDecay=wd0, amsgrad=False)
    optimizer_case(f"{pre}/defaults", kind, {"lr": 0.01})
    optimizer_case(f"{pre}/plain", kind, dict(full))
    optimizer_case(f"{pre}/lr=0.1", kind, dict(full, lr=0.1))
    optimizer_case(f"{pre}/betas=0.8,0.99", kind, dict(full, betas=[0.8, 0.99]))
    optimizer_case(f"{pre}/betas=0.5,0.9", kind, dict(full, betas=[0.5, 0.9]))
    optimizer_case(f"{pre}/betas=0,0.999", kind, dict(full, betas=[0.0, 0.999]))
    optimizer_case(f"{pre}/eps=0.1", kind, dict(full, eps=0.1))
    optimizer_case(f"{pre}/eps=1e-3", kind, dict(full, eps=1e-3))
    optimizer_case(f"{pre}/weightDecay=0", kind, dict(full, weightDecay=0.0))
    optimizer_case(f"{pre}/weightDecay=0.1", kind, dict(full, weightDecay=0.1))
    optimizer_case(f"{pre}/weightDecay=0.5", kind, dict(full, weightDecay=0.5))
    optimizer_case(f"{pre}/amsgrad", kind, dict(full, amsgrad=True))
    optimizer_case(f"{pre}/amsgrad/betas=0.5,0.9", kind, dict(full, amsgrad=True, betas=[0.5, 0.9]))
    optimizer_case(f"{pre}/amsgrad/weightDecay=0.1", kind, dict(full, amsgrad=True, weightDecay=0.1))
    optimizer_case(f"{pre}/all/lr=0.05/betas=0.8,0.95/eps=1e-6/weightDecay=0.2/amsgrad", kind,
                   dict(lr=0.05, betas=[0.8, 0.95], eps=1e-6, weightDecay=0.2, amsgrad=True))


def rmsprop_cases():
    full = dict(lr=0.01, alpha=0.99, eps=1e-8, weightDecay=0.0, momentum=0.0, centered=False)
    optimizer_case("rmsprop/defaults", "RMSprop", {})
    optimizer_case("rmsprop/plain", "RMSprop", dict(full))
    optimizer_case("rmsprop/lr=0.1/alpha=0.9", "RMSprop", dict(full, lr=0.1, alpha=0.9))
    optimizer_case("rmsprop/eps=0.1", "RMSprop", dict(full, eps=0.1))
    optimizer_case("rmsprop/weightDecay=0.1", "RMSprop", dict(full, weightDecay=0.1))
    optimizer_case("rmsprop/momentum=0.9", "RMSprop", dict(full, momentum=0.9))
    optimizer_case("rmsprop/centered", "RMSprop", dict(full, centered=True))
    optimizer_case("rmsprop/centered/momentum=0.5/weightDecay=0.05/alpha=0.8", "RMSprop",
                   dict(full, centered=True, momentum=0.5, weightDecay=0.05, alpha=0.8))


def adagrad_cases():
    full = dict(lr=0.01, lrDecay=0.0, weightDecay=0.0, initialAccumulatorValue=0.0, eps=1e-10)
    optimizer_case("adagrad/defaults", "Adagrad", {})
    optimizer_case("adagrad/plain", "Adagrad", dict(full))
    optimizer_case("adagrad/lr=0.1", "Adagrad", dict(full, lr=0.1))
    optimizer_case("adagrad/lrDecay=0.1", "Adagrad", dict(full, lrDecay=0.1))
    optimizer_case("adagrad/weightDecay=0.1", "Adagrad", dict(full, weightDecay=0.1))
    optimizer_case("adagrad/initialAccumulatorValue=0.5", "Adagrad", dict(full, initialAccumulatorValue=0.5))
    optimizer_case("adagrad/eps=0.1", "Adagrad", dict(full, eps=0.1))
    optimizer_case("adagrad/all/lr=0.05/lrDecay=0.2/weightDecay=0.05/initialAccumulatorValue=0.1/eps=1e-6", "Adagrad",
                   dict(lr=0.05, lrDecay=0.2, weightDecay=0.05, initialAccumulatorValue=0.1, eps=1e-6))


PLATEAU_KW = {"mode": "mode", "factor": "factor", "patience": "patience", "threshold": "threshold",
              "thresholdMode": "threshold_mode", "cooldown": "cooldown", "minLr": "min_lr", "eps": "eps"}


def plateau_case(name, opts, metrics, lr0=0.1):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr0)
    s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **{PLATEAU_KW[k]: v for k, v in opts.items()})
    lrs = []
    for m in metrics:
        opt.step()
        s.step(m)
        lrs.append(opt.param_groups[0]["lr"])
    CASES.append({"name": name, "scheduler": "ReduceLROnPlateau", "opts": opts, "lr0": lr0,
                  "lrInit": lr0, "metrics": metrics, "lrs": lrs})


def plateau_cases():
    falling = [1.0, 0.9, 0.9, 0.9, 0.85, 0.85, 0.85, 0.85, 0.84999, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]
    rising = [0.5, 0.6, 0.6, 0.6, 0.61, 0.61, 0.61, 0.61, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]
    plateau_case("plateau/defaults", {}, falling)
    plateau_case("plateau/patience=1", {"patience": 1}, falling)
    plateau_case("plateau/patience=0/factor=0.5/minLr=0.02", {"patience": 0, "factor": 0.5, "minLr": 0.02}, falling)
    plateau_case("plateau/patience=1/cooldown=2", {"patience": 1, "cooldown": 2}, falling)
    plateau_case("plateau/patience=1/threshold=0.1/rel", {"patience": 1, "threshold": 0.1}, falling)
    plateau_case("plateau/patience=1/threshold=0.05/abs", {"patience": 1, "threshold": 0.05, "thresholdMode": "abs"}, falling)
    plateau_case("plateau/max/patience=1", {"mode": "max", "patience": 1}, rising)
    plateau_case("plateau/max/patience=1/threshold=0.05/abs/cooldown=1", {"mode": "max", "patience": 1, "threshold": 0.05,
                 "thresholdMode": "abs", "cooldown": 1}, rising)
    plateau_case("plateau/patience=0/factor=0.5/eps=0.02", {"patience": 0, "factor": 0.5, "eps": 0.02}, falling)


def schedule_case(name, sched, opts, lr0=0.1, n=12):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr0)
    if sched == "LinearLR":
        s = torch.optim.lr_scheduler.LinearLR(opt, start_factor=opts["startFactor"], end_factor=opts["endFactor"],
                                              total_iters=opts["totalIters"])
    elif sched == "ExponentialLR":
        s = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=opts["gamma"])
    elif sched == "StepLR":
        s = torch.optim.lr_scheduler.StepLR(opt, step_size=opts["stepSize"], gamma=opts["gamma"])
    else:
        s = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=opts["tMax"], eta_min=opts["etaMin"])
    lr_init = opt.param_groups[0]["lr"]
    lrs = []
    for t in range(1, n + 1):
        opt.step()
        s.step()
        lr = opt.param_groups[0]["lr"]
        lrs.append(lr)
        if sched == "LinearLR":
            f = opts["startFactor"] + (opts["endFactor"] - opts["startFactor"]) * min(t, opts["totalIters"]) / opts["totalIters"]
            assert abs(lr0 * f - lr) < 1e-15, (name, t, lr)
        elif sched == "ExponentialLR":
            assert abs(lr0 * opts["gamma"] ** t - lr) < 1e-15, (name, t)
        elif sched == "CosineAnnealingLR":
            closed = opts["etaMin"] + (lr0 - opts["etaMin"]) * (1 + math.cos(math.pi * t / opts["tMax"])) / 2
            assert abs(closed - lr) < 1e-12, (name, t, lr, closed)
        else:
            assert abs(lr0 * opts["gamma"] ** (t // opts["stepSize"]) - lr) < 1e-15, (name, t)
    case = {"name": name, "scheduler": sched, "opts": opts, "lr0": lr0, "lrs": lrs}
    if sched == "LinearLR":
        case["lrInit"] = lr_init
    CASES.append(case)


def schedules():
    schedule_case("steplr/stepSize=3/gamma=0.1", "StepLR", {"stepSize": 3, "gamma": 0.1})
    schedule_case("steplr/stepSize=5/gamma=0.5", "StepLR", {"stepSize": 5, "gamma": 0.5})
    schedule_case("steplr/stepSize=1/gamma=0.9", "StepLR", {"stepSize": 1, "gamma": 0.9})
    schedule_case("cosine/tMax=10/etaMin=0", "CosineAnnealingLR", {"tMax": 10, "etaMin": 0.0})
    schedule_case("cosine/tMax=5/etaMin=0.01", "CosineAnnealingLR", {"tMax": 5, "etaMin": 0.01})
    schedule_case("cosine/tMax=12/etaMin=0.001", "CosineAnnealingLR", {"tMax": 12, "etaMin": 0.001})
    schedule_case("linearlr/defaults", "LinearLR", {"startFactor": 1 / 3, "endFactor": 1.0, "totalIters": 5})
    schedule_case("linearlr/warmup/startFactor=0.1/totalIters=4", "LinearLR", {"startFactor": 0.1, "endFactor": 1.0, "totalIters": 4})
    schedule_case("linearlr/decay/startFactor=1/endFactor=0.2/totalIters=8", "LinearLR", {"startFactor": 1.0, "endFactor": 0.2, "totalIters": 8})
    schedule_case("linearlr/startFactor=0.5/endFactor=0.75/totalIters=1", "LinearLR", {"startFactor": 0.5, "endFactor": 0.75, "totalIters": 1})
    schedule_case("exponentiallr/gamma=0.9", "ExponentialLR", {"gamma": 0.9})
    schedule_case("exponentiallr/gamma=0.5", "ExponentialLR", {"gamma": 0.5})
    plateau_cases()


def clip_case(name, clip, opts):
    g = gen_for(name)
    grads = [torch.randn(sh, generator=g, dtype=F64) * 2 for sh in ([3], [2, 3], [])]
    ps = [torch.zeros_like(x, requires_grad=True) for x in grads]
    for p, x in zip(ps, grads):
        p.grad = x.clone()
    case = {"name": name, "clip": clip, "opts": opts, "grads": [enc(x) for x in grads]}
    if clip == "norm":
        nt = opts["normType"]
        total = torch.nn.utils.clip_grad_norm_(ps, opts["maxNorm"], norm_type=float(nt) if nt != "Infinity" else math.inf)
        flat = torch.cat([x.reshape(-1) for x in grads])
        want = flat.abs().max() if nt == "Infinity" else flat.abs().pow(nt).sum().pow(1 / nt)
        assert abs(float(total) - float(want)) < 1e-12 * (1 + float(want)), name
        case["total"] = float(total)
    else:
        torch.nn.utils.clip_grad_value_(ps, opts["clipValue"])
    case["clipped"] = [enc(p.grad) for p in ps]
    CASES.append(case)


def clip_cases():
    clip_case("clip/norm/maxNorm=1", "norm", {"maxNorm": 1.0, "normType": 2})
    clip_case("clip/norm/maxNorm=100", "norm", {"maxNorm": 100.0, "normType": 2})
    clip_case("clip/norm/maxNorm=0.5/normType=1", "norm", {"maxNorm": 0.5, "normType": 1})
    clip_case("clip/norm/maxNorm=2/normType=3", "norm", {"maxNorm": 2.0, "normType": 3})
    clip_case("clip/norm/maxNorm=1/normType=inf", "norm", {"maxNorm": 1.0, "normType": "Infinity"})
    clip_case("clip/value/clipValue=0.5", "value", {"clipValue": 0.5})
    clip_case("clip/value/clipValue=10", "value", {"clipValue": 10.0})


def main():
    torch.manual_seed(0)
    sgd_cases()
    adam_cases("Adam")
    adam_cases("AdamW")
    rmsprop_cases()
    adagrad_cases()
    schedules()
    clip_cases()
    write_fixture("test/fixtures/optim.json", "scripts/golden/optim.py", CASES)
    for c in CASES:
        print("  " + c["name"])


if __name__ == "__main__":
    main()
