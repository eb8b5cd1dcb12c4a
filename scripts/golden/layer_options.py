"""PyTorch 1.13 reference values and gradients for the layer options of issue 20: pooling ceil_mode
and divisor_override, conv2d padding_mode, Embedding padding_idx/max_norm, BatchNorm2d, GroupNorm,
attention masks (attn_mask, key_padding_mask, need_weights). Writes test/fixtures/layer-options.json;
test/nn.options.test.ts reads it.

    /usr/bin/python3 scripts/golden/layer_options.py

Each case: y = f(inputs); grads are those of sum(y * upstream) (with need_weights, plus
sum(weights * upstreamWeights)) for a random upstream, w.r.t. the inputs, then `params` by name.
`opts` uses tapegrad's option names and values.

scaled_dot_product_attention arrived in PyTorch 2.0, so 1.13 has none: its reference is computed
here from 1.13 primitives, softmax(q·kᵀ/√d + mask)·v, with PyTorch 2's mask meanings (a bool mask
is True where a query may attend; a float mask is added). nn.MultiheadAttention is 1.13's own
module (bool mask True = may not attend).
"""

import torch
import torch.nn.functional as F

from common import F64, enc, gen_for, write_fixture

CASES = []


def randn(g, *shape):
    return torch.randn(*shape, generator=g, dtype=F64)


def record(name, kind, opts, inputs, y, g, params=None, extra=None, weights=None):
    params = params or {}
    leaves = [t for t in inputs if t.requires_grad] + list(params.values())
    up = randn(g, *y.shape)
    loss = (y * up).sum()
    up_w = None
    if weights is not None:
        up_w = randn(g, *weights.shape)
        loss = loss + (weights * up_w).sum()
    gs = torch.autograd.grad(loss, leaves, allow_unused=True)
    n_in = sum(1 for t in inputs if t.requires_grad)
    case = {"name": name, "kind": kind, "opts": opts, "inputs": [enc(t) for t in inputs],
            "params": {k: enc(v) for k, v in params.items()}, "upstream": enc(up), "output": enc(y),
            "grads": [enc(t) for t in gs[:n_in]],
            "paramGrads": {k: enc(t) for k, t in zip(params.keys(), gs[n_in:])}}
    if weights is not None:
        case["weights"] = enc(weights)
        case["upstreamWeights"] = enc(up_w)
    if extra:
        case.update(extra)
    CASES.append(case)


def pool(name, kind, shape, kernel, **o):
    g = gen_for(name)
    x = randn(g, *shape).requires_grad_()
    if kind == "maxPool2d":
        y = F.max_pool2d(x, kernel, stride=o.get("stride"), padding=o.get("padding", 0),
                         dilation=o.get("dilation", 1), ceil_mode=o.get("ceilMode", False))
    else:
        y = F.avg_pool2d(x, kernel, stride=o.get("stride"), padding=o.get("padding", 0),
                         ceil_mode=o.get("ceilMode", False), count_include_pad=o.get("countIncludePad", True),
                         divisor_override=o.get("divisorOverride"))
    record(name, kind, {"kernelSize": kernel, **o}, [x], y, g)


def conv(name, x_shape, w_shape, bias, padding_mode, **o):
    g = gen_for(name)
    x = randn(g, *x_shape).requires_grad_()
    layer = torch.nn.Conv2d(x_shape[1], w_shape[0], w_shape[2:], bias=bias, padding_mode=padding_mode,
                            stride=o.get("stride", 1), padding=o.get("padding", 0), dilation=o.get("dilation", 1),
                            groups=o.get("groups", 1)).double()
    with torch.no_grad():
        layer.weight.copy_(randn(g, *w_shape))
        if bias:
            layer.bias.copy_(randn(g, w_shape[0]))
    y = layer(x)
    record(name, "conv2d", {**o, "paddingMode": padding_mode}, [x], y, g, dict(layer.named_parameters()))


def embedding(name, num, dim, idx, **o):
    g = gen_for(name)
    w0 = randn(g, num, dim) * 2
    w = w0.clone().requires_grad_()
    idx_t = torch.tensor(idx, dtype=torch.int64)
    pad = o.get("paddingIdx")
    y = F.embedding(idx_t, w, padding_idx=pad if pad is None or pad >= 0 else pad + num,
                    max_norm=o.get("maxNorm"), norm_type=o.get("normType", 2.0))
    # max_norm renormalizes w in place: the weight before the call is the input, after it the result
    record(name, "embedding", o, [idx_t], y, g, {"weight": w}, {"weightBefore": enc(w0), "weightAfter": enc(w.detach())})


def batch_norm_2d(name, shapes, momentum, affine=True, track=True):
    g = gen_for(name)
    c = shapes[0][1]
    bn = torch.nn.BatchNorm2d(c, momentum=momentum, affine=affine, track_running_stats=track).double()
    if affine:
        with torch.no_grad():
            bn.weight.copy_(randn(g, c))
            bn.bias.copy_(randn(g, c))
    steps = []
    for shape in shapes:
        x = (randn(g, *shape) * 2 + 1).requires_grad_()
        y = bn(x)
        leaves = [x] + ([bn.weight, bn.bias] if affine else [])
        up = randn(g, *y.shape)
        gs = torch.autograd.grad((y * up).sum(), leaves)
        steps.append({"input": enc(x), "output": enc(y), "upstream": enc(up), "grads": [enc(t) for t in gs],
                      "runningMean": enc(bn.running_mean), "runningVar": enc(bn.running_var),
                      "numBatchesTracked": int(bn.num_batches_tracked) if track else None})
    bn.eval()
    x = randn(g, *shapes[0])
    CASES.append({"name": name, "kind": "batchNorm2d", "opts": {"momentum": momentum, "affine": affine, "trackRunningStats": track},
                  "weight": enc(bn.weight) if affine else None, "bias": enc(bn.bias) if affine else None,
                  "steps": steps, "evalInput": enc(x), "evalOutput": enc(bn(x))})


def group_norm(name, shape, groups, affine=True, eps=1e-5):
    g = gen_for(name)
    x = randn(g, *shape).requires_grad_()
    params = {}
    if affine:
        params = {"weight": randn(g, shape[1]).requires_grad_(), "bias": randn(g, shape[1]).requires_grad_()}
    y = F.group_norm(x, groups, params.get("weight"), params.get("bias"), eps)
    record(name, "groupNorm", {"numGroups": groups, "affine": affine, "eps": eps}, [x], y, g, params)


def sdpa(name, q_shape, k_shape, dv, mask_kind=None, is_causal=False):
    g = gen_for(name)
    q = randn(g, *q_shape).requires_grad_()
    k = randn(g, *k_shape).requires_grad_()
    v = randn(g, *k_shape[:-1], dv).requires_grad_()
    tq, tk = q_shape[-2], k_shape[-2]
    scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5
    opts, inputs = {}, [q, k, v]
    if is_causal:
        keep = torch.ones(tq, tk, dtype=torch.bool).tril()
        scores = scores.masked_fill(~keep, float("-inf"))
        opts["isCausal"] = True
    if mask_kind == "bool":
        keep = torch.rand(q_shape[0], 1, tq, tk, generator=g) > 0.35
        keep[..., 0] = True  # every query keeps one key (no all-blocked row)
        scores = scores.masked_fill(~keep, float("-inf"))
        inputs.append(keep)
    elif mask_kind == "float":
        add = randn(g, tq, tk)
        add[torch.rand(tq, tk, generator=g) > 0.6] = float("-inf")
        add[:, 0] = 0.0
        scores = scores + add
        inputs.append(add)
    y = scores.softmax(-1) @ v
    record(name, "sdpa", opts, inputs, y, g)


def mha(name, tq, tk, attn=None, kpm=None, need_weights=False, average=True, batch=2):
    g = gen_for(name)
    torch.manual_seed(20)
    m = torch.nn.MultiheadAttention(8, 2, batch_first=True).double()
    with torch.no_grad():
        m.in_proj_bias.normal_(generator=g)
        m.out_proj.bias.normal_(generator=g)
    qx = randn(g, batch, tq, 8).requires_grad_()
    kx = qx if tk is None else randn(g, batch, tk, 8).requires_grad_()
    tk = tk or tq
    inputs = [qx] if kx is qx else [qx, kx, kx.detach().clone().requires_grad_()]
    opts, kwargs = {"needWeights": need_weights}, {}
    if not average:
        opts["averageAttnWeights"] = False
    if attn == "bool":
        blocked = torch.rand(tq, tk, generator=g) > 0.6
        blocked[:, 0] = False
        kwargs["attn_mask"] = blocked
    elif attn == "float":
        add = randn(g, tq, tk)
        add[torch.rand(tq, tk, generator=g) > 0.7] = float("-inf")
        add[:, 0] = 0.0
        kwargs["attn_mask"] = add
    elif attn == "bool3d":
        blocked = torch.rand(batch * 2, tq, tk, generator=g) > 0.6
        blocked[..., 0] = False
        kwargs["attn_mask"] = blocked
    elif attn == "causal":
        kwargs["attn_mask"] = torch.ones(tq, tk, dtype=torch.bool).tril().logical_not()
    if kpm == "bool":
        pad = torch.zeros(batch, tk, dtype=torch.bool)
        pad[0, -2:] = True
        kwargs["key_padding_mask"] = pad
    elif kpm == "float":
        add = torch.zeros(batch, tk, dtype=F64)
        add[1, -1] = float("-inf")
        add[0, 1] = -0.5
        kwargs["key_padding_mask"] = add
    if "attn_mask" in kwargs:
        inputs.append(kwargs["attn_mask"])
        opts["attnMask"] = len(inputs) - 1
    if "key_padding_mask" in kwargs:
        inputs.append(kwargs["key_padding_mask"])
        opts["keyPaddingMask"] = len(inputs) - 1
    q, k, v = (inputs[0], inputs[0], inputs[0]) if len([t for t in inputs if t.requires_grad]) == 1 else inputs[:3]
    out, w = m(q, k, v, need_weights=need_weights, average_attn_weights=average, **kwargs)
    record(name, "multiheadAttention", opts, inputs, out, g, dict(m.named_parameters()),
           weights=w if need_weights else None)


def main():
    # pools: ceil_mode (PyTorch's window rule), divisor_override
    pool("maxPool2d/k=3/stride=2/padding=1/ceilMode (4x4, floor gives 4x3)", "maxPool2d", (2, 3, 7, 6), 3, stride=2, padding=1, ceilMode=True)
    pool("maxPool2d/k=2/ceilMode (partial last window)", "maxPool2d", (1, 2, 7, 5), 2, ceilMode=True)
    pool("maxPool2d/k=2/stride=3/padding=1/ceilMode (the last window would start in the padding: dropped)", "maxPool2d", (1, 1, 4, 4), 2, stride=3, padding=1, ceilMode=True)
    pool("maxPool2d/k=(3,2)/stride=(2,3)/dilation=(1,2)/padding=1/ceilMode", "maxPool2d", (1, 2, 8, 9), (3, 2), stride=(2, 3), dilation=(1, 2), padding=1, ceilMode=True)
    pool("avgPool2d/k=3/stride=2/padding=1/ceilMode", "avgPool2d", (2, 3, 7, 6), 3, stride=2, padding=1, ceilMode=True)
    pool("avgPool2d/k=3/stride=2/padding=1/ceilMode/countIncludePad=false", "avgPool2d", (2, 3, 7, 6), 3, stride=2, padding=1, ceilMode=True, countIncludePad=False)
    pool("avgPool2d/k=2/ceilMode (partial last window)", "avgPool2d", (1, 2, 7, 5), 2, ceilMode=True)
    pool("avgPool2d/k=2/stride=3/padding=1/ceilMode (dropped window)", "avgPool2d", (1, 1, 4, 4), 2, stride=3, padding=1, ceilMode=True)
    pool("avgPool2d/k=2/divisorOverride=3", "avgPool2d", (1, 2, 6, 6), 2, divisorOverride=3)
    pool("avgPool2d/k=3/stride=2/padding=1/ceilMode/divisorOverride=5", "avgPool2d", (1, 2, 7, 6), 3, stride=2, padding=1, ceilMode=True, divisorOverride=5)
    # conv2d padding_mode
    for mode in ("reflect", "replicate", "circular"):
        conv(f"conv2d/paddingMode={mode}/padding=1", (2, 3, 5, 6), (4, 3, 3, 3), True, mode, padding=1)
        conv(f"conv2d/paddingMode={mode}/padding=(2,1)/stride=2", (1, 2, 6, 5), (3, 2, 3, 3), False, mode, padding=(2, 1), stride=2)
        conv(f"conv2d/paddingMode={mode}/padding=same/dilation=(1,2)/even kernel", (1, 2, 5, 6), (2, 2, 2, 3), True, mode, padding="same", dilation=(1, 2))
    conv("conv2d/paddingMode=reflect/groups=2/padding=2", (1, 4, 5, 5), (4, 2, 3, 3), True, "reflect", padding=2, groups=2)
    conv("conv2d/paddingMode=circular/padding=3 (= width)", (1, 1, 4, 3), (2, 1, 3, 3), True, "circular", padding=(1, 3))
    conv("conv2d/paddingMode=zeros/padding=1", (1, 2, 4, 4), (2, 2, 3, 3), True, "zeros", padding=1)
    # Embedding
    embedding("embedding/paddingIdx=0", 5, 3, [[0, 2, 0], [4, 0, 1]], paddingIdx=0)
    embedding("embedding/paddingIdx=-1 (the last row)", 5, 3, [[4, 2, 4, 3]], paddingIdx=-1)
    embedding("embedding/maxNorm=1", 6, 4, [[1, 3, 3], [5, 0, 1]], maxNorm=1.0)
    embedding("embedding/maxNorm=2/normType=1/paddingIdx=2", 6, 4, [[2, 3, 1, 2]], maxNorm=2.0, normType=1.0, paddingIdx=2)
    # BatchNorm2d, GroupNorm
    batch_norm_2d("batchNorm2d/two steps", [(4, 3, 3, 2), (2, 3, 4, 4)], 0.1)
    batch_norm_2d("batchNorm2d/momentum 0.4/affine=false", [(3, 2, 2, 3)], 0.4, affine=False)
    batch_norm_2d("batchNorm2d/momentum=null (cumulative average) three steps", [(2, 3, 2, 2), (3, 3, 2, 1), (2, 3, 3, 3)], None)
    batch_norm_2d("batchNorm2d/trackRunningStats=false (batch statistics in eval)", [(2, 2, 3, 3)], 0.1, track=False)
    group_norm("groupNorm/[2,6,3,4] groups=3", (2, 6, 3, 4), 3)
    group_norm("groupNorm/[2,4,5] groups=1", (2, 4, 5), 1)
    group_norm("groupNorm/[3,4,2,2] groups=4 (instance norm)/affine=false/eps=1e-3", (3, 4, 2, 2), 4, affine=False, eps=1e-3)
    # scaled dot-product attention (PyTorch 2 semantics from 1.13 primitives)
    sdpa("sdpa/isCausal [2,5,4]", (2, 5, 4), (2, 5, 4), 3, is_causal=True)
    sdpa("sdpa/isCausal cross [2,3,4] x [2,6,4]", (2, 3, 4), (2, 6, 4), 2, is_causal=True)
    sdpa("sdpa/attnMask bool (true = attend) [2,2,4,6]", (2, 2, 4, 4), (2, 2, 6, 4), 3, mask_kind="bool")
    sdpa("sdpa/attnMask float (added, with -inf) [2,4,5]", (2, 4, 3), (2, 5, 3), 2, mask_kind="float")
    # nn.MultiheadAttention masks and weights
    mha("mha/self/attnMask bool (true = blocked)", 5, None, attn="bool")
    mha("mha/self/attnMask float", 5, None, attn="float")
    mha("mha/self/attnMask bool [B*H,Tq,Tk]", 4, None, attn="bool3d")
    mha("mha/self/keyPaddingMask bool", 5, None, kpm="bool")
    # 1.13 merges a float key_padding_mask into a bool attn_mask with logical_or (booleanizing it) and
    # cannot merge it into a float attn_mask; PyTorch 2 adds both as floats, as tapegrad does: those
    # combinations have no 1.13 golden.
    mha("mha/cross/keyPaddingMask float", 3, 5, kpm="float")
    mha("mha/cross/keyPaddingMask bool + attnMask bool", 3, 5, attn="bool", kpm="bool")
    mha("mha/self/causal/needWeights (averaged)", 5, None, attn="causal", need_weights=True)
    mha("mha/cross/keyPaddingMask bool/needWeights per head", 4, 6, kpm="bool", need_weights=True, average=False)
    write_fixture("test/fixtures/layer-options.json", "scripts/golden/layer_options.py", CASES)
    for c in CASES:
        print("  " + c["name"])


if __name__ == "__main__":
    main()
