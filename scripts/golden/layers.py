"""PyTorch 1.13 reference values and gradients for the convolution, pooling, normalization and
attention layers (issue 13). Writes test/fixtures/layers.json; test/nn.layers.test.ts reads it.

    /usr/bin/python3 scripts/golden/layers.py

Every case computes y = layer(inputs), then the gradients of sum(y * upstream) with a random
`upstream`, so the tests check the VJP against an arbitrary cotangent, not only ones.
"""

import torch
import torch.nn.functional as F

from common import F64, enc, gen_for, write_fixture

CASES = []


def randn(g, *shape):
    return torch.randn(*shape, generator=g, dtype=F64)


def grads_of(y, inputs, g):
    up = randn(g, *y.shape)
    gs = torch.autograd.grad((y * up).sum(), inputs)
    return up, gs


def conv_case(name, x_shape, w_shape, bias, **opts):
    g = gen_for(name)
    x = randn(g, *x_shape).requires_grad_()
    w = randn(g, *w_shape).requires_grad_()
    b = randn(g, w_shape[0]).requires_grad_() if bias else None
    y = F.conv2d(x, w, b, **opts)
    inputs = [x, w] + ([b] if bias else [])
    up, gs = grads_of(y, inputs, g)
    CASES.append({"name": name, "layer": "conv2d", "opts": opts, "inputs": [enc(t) for t in inputs],
                  "upstream": enc(up), "output": enc(y), "grads": [enc(t) for t in gs]})


def pool_case(name, kind, x, **opts):
    g = gen_for(name)
    x = x.clone().requires_grad_()
    y = F.max_pool2d(x, **opts) if kind == "maxPool2d" else F.avg_pool2d(x, **opts)
    up, gs = grads_of(y, [x], g)
    CASES.append({"name": name, "layer": kind, "opts": opts, "inputs": [enc(x)],
                  "upstream": enc(up), "output": enc(y), "grads": [enc(t) for t in gs]})


def layer_norm_case(name, x_shape, normalized):
    g = gen_for(name)
    x = randn(g, *x_shape).requires_grad_()
    w = randn(g, *normalized).requires_grad_()
    b = randn(g, *normalized).requires_grad_()
    y = F.layer_norm(x, normalized, w, b, eps=1e-5)
    up, gs = grads_of(y, [x, w, b], g)
    CASES.append({"name": name, "layer": "layerNorm", "opts": {"normalizedShape": list(normalized)},
                  "inputs": [enc(x), enc(w), enc(b)], "upstream": enc(up), "output": enc(y),
                  "grads": [enc(t) for t in gs]})


def batch_norm_case(name, shapes, momentum):
    """Training steps on each input shape in turn, then one eval pass: outputs, gradients of the
    first step, and the running statistics after every step."""
    g = gen_for(name)
    c = shapes[0][1]
    bn = torch.nn.BatchNorm1d(c, momentum=momentum).double()
    with torch.no_grad():
        bn.weight.copy_(randn(g, c))
        bn.bias.copy_(randn(g, c))
    steps = []
    for i, shape in enumerate(shapes):
        x = (randn(g, *shape) * 2 + 1).requires_grad_()
        y = bn(x)
        up, gs = grads_of(y, [x, bn.weight, bn.bias], g)
        steps.append({"input": enc(x), "output": enc(y), "upstream": enc(up), "grads": [enc(t) for t in gs],
                      "runningMean": enc(bn.running_mean), "runningVar": enc(bn.running_var),
                      "numBatchesTracked": int(bn.num_batches_tracked)})
    bn.eval()
    x = randn(g, *shapes[0])
    CASES.append({"name": name, "layer": "batchNorm1d", "opts": {"momentum": momentum},
                  "weight": enc(bn.weight), "bias": enc(bn.bias), "steps": steps,
                  "evalInput": enc(x), "evalOutput": enc(bn(x))})


def sdpa_case(name, q_shape, k_shape, dv, causal):
    g = gen_for(name)
    q = randn(g, *q_shape).requires_grad_()
    k = randn(g, *k_shape).requires_grad_()
    v = randn(g, *k_shape[:-1], dv).requires_grad_()
    scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5
    if causal:
        keep = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool).tril()
        scores = scores.masked_fill(~keep, float("-inf"))
    y = scores.softmax(-1) @ v
    up, gs = grads_of(y, [q, k, v], g)
    CASES.append({"name": name, "layer": "scaledDotProductAttention", "opts": {"causal": causal},
                  "inputs": [enc(q), enc(k), enc(v)], "upstream": enc(up), "output": enc(y),
                  "grads": [enc(t) for t in gs]})


def causal(t):
    return torch.triu(torch.full((t, t), float("-inf"), dtype=F64), diagonal=1)


def module_case(name, kind, module, x, mask):
    """A module's output and the gradients of the input and every parameter, by PyTorch name."""
    g = gen_for(name)
    x = x.requires_grad_()
    if kind == "multiheadAttention":
        y = module(x, x, x, attn_mask=mask, need_weights=False)[0]
    else:
        y = module(x, src_mask=mask)
    params = dict(module.named_parameters())
    up, gs = grads_of(y, [x] + list(params.values()), g)
    CASES.append({"name": name, "layer": kind, "opts": {"causal": mask is not None},
                  "state": {k: enc(v) for k, v in params.items()}, "inputs": [enc(x)], "upstream": enc(up),
                  "output": enc(y), "grads": [enc(gs[0])],
                  "paramGrads": {k: enc(t) for k, t in zip(params.keys(), gs[1:])}})


def attention_modules():
    torch.manual_seed(13)
    mha = torch.nn.MultiheadAttention(8, 2, batch_first=True).double()
    with torch.no_grad():
        mha.in_proj_bias.normal_()
        mha.out_proj.bias.normal_()
    g = gen_for("mha")
    module_case("multiheadAttention/E=8/heads=2/causal", "multiheadAttention", mha, randn(g, 2, 5, 8), causal(5))
    module_case("multiheadAttention/E=8/heads=2/unmasked", "multiheadAttention", mha, randn(g, 2, 4, 8), None)
    block = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation="gelu",
                                             batch_first=True, norm_first=True).double()
    with torch.no_grad():
        for p in block.parameters():
            if p.dim() == 1:
                p.normal_(0, 0.5)
    module_case("transformerBlock/E=8/heads=2/ff=16/causal", "transformerBlock", block, randn(g, 2, 6, 8), causal(6))


def main():
    conv_case("conv2d/basic", (2, 3, 6, 5), (4, 3, 3, 3), True)
    conv_case("conv2d/stride=2/padding=1", (2, 2, 7, 6), (3, 2, 3, 3), True, stride=2, padding=1)
    conv_case("conv2d/stride=(2,1)/padding=(1,2)/dilation=(2,1)", (1, 2, 8, 7), (3, 2, 3, 2), False,
              stride=(2, 1), padding=(1, 2), dilation=(2, 1))
    conv_case("conv2d/groups=2", (2, 4, 5, 5), (6, 2, 3, 3), True, groups=2, padding=1)
    conv_case("conv2d/depthwise groups=3 dilation=2", (1, 3, 7, 7), (3, 1, 3, 3), True, groups=3, dilation=2)
    conv_case("conv2d/1x1", (2, 5, 3, 4), (2, 5, 1, 1), True)
    conv_case("conv2d/padding=same, even kernel 4x2, dilation (1,2)", (1, 2, 5, 6), (3, 2, 4, 2), True,
              padding="same", dilation=(1, 2))
    conv_case("conv2d/padding=valid", (1, 2, 5, 6), (3, 2, 3, 3), False, padding="valid")
    g = gen_for("pools")
    x = randn(g, 2, 3, 7, 6)
    pool_case("maxPool2d/k=2", "maxPool2d", x, kernel_size=2)
    pool_case("maxPool2d/k=3/stride=2/padding=1", "maxPool2d", x, kernel_size=3, stride=2, padding=1)
    pool_case("maxPool2d/k=(2,3)/stride=1/dilation=2", "maxPool2d", x, kernel_size=(2, 3), stride=1, dilation=2)
    ties = torch.tensor([[[[1, 1, 0, 2], [1, 0, 2, 2], [3, 3, 0, 0], [3, 3, 0, 0]]]], dtype=F64)
    pool_case("maxPool2d/ties go to the first maximum", "maxPool2d", ties, kernel_size=2)
    pool_case("maxPool2d/overlapping windows with ties", "maxPool2d", ties, kernel_size=2, stride=1)
    pool_case("avgPool2d/k=2", "avgPool2d", x, kernel_size=2)
    pool_case("avgPool2d/k=3/stride=2/padding=1 (count_include_pad)", "avgPool2d", x, kernel_size=3, stride=2, padding=1)
    pool_case("avgPool2d/k=3/stride=2/padding=1/count_include_pad=False", "avgPool2d", x, kernel_size=3, stride=2,
              padding=1, count_include_pad=False)
    layer_norm_case("layerNorm/[4,6] over 6", (4, 6), (6,))
    layer_norm_case("layerNorm/[2,3,4] over [3,4]", (2, 3, 4), (3, 4))
    batch_norm_case("batchNorm1d/[N,C] two steps", [(8, 3), (5, 3)], 0.1)
    batch_norm_case("batchNorm1d/[N,C,L] momentum 0.3", [(4, 3, 5), (2, 3, 4)], 0.3)
    sdpa_case("sdpa/causal [2,5,4]", (2, 5, 4), (2, 5, 4), 3, True)
    sdpa_case("sdpa/cross [2,2,3,4] x [2,2,6,4]", (2, 2, 3, 4), (2, 2, 6, 4), 5, False)
    attention_modules()
    write_fixture("test/fixtures/layers.json", "scripts/golden/layers.py", CASES)
    for c in CASES:
        print("  " + c["name"])


if __name__ == "__main__":
    main()
