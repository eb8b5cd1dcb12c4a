"""Shared helpers for the PyTorch golden-fixture generators.

Run the generators with Debian's interpreter, which has PyTorch 1.13:

    /usr/bin/python3 scripts/golden/losses.py
    /usr/bin/python3 scripts/golden/optim.py

Tensor encoding (what the TypeScript tests read):
    { "dtype": "float64" | "int32", "shape": [..], "data": [flat row-major numbers] }
Non-finite numbers are written as the strings "Infinity", "-Infinity", "NaN".
Floats are written with Python's repr, i.e. at full float64 precision.
"""

import json
import math
import os
import zlib

import torch

torch.set_default_dtype(torch.float64)

F64 = torch.float64

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def gen_for(name):
    """A torch.Generator seeded from a stable hash of `name`.

    Every case draws its random inputs from its own generator, so adding or
    removing a case never changes the data of any other case.
    """
    g = torch.Generator()
    g.manual_seed(zlib.crc32(name.encode("utf-8")))
    return g


def encode_number(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def enc(t):
    """Encode a tensor (or None) as the fixture JSON tensor object."""
    if t is None:
        return None
    if not torch.is_tensor(t):
        t = torch.tensor(t, dtype=F64)
    t = t.detach()
    shape = list(t.shape)
    flat = t.reshape(-1)
    if t.dtype in (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool):
        return {"dtype": "int32", "shape": shape, "data": [int(v) for v in flat.tolist()]}
    return {"dtype": "float64", "shape": shape,
            "data": [encode_number(v) for v in flat.to(F64).tolist()]}


def enc_value(v):
    """Encode an option value: tensors as tensor objects, lists/dicts recursively."""
    if torch.is_tensor(v):
        return enc(v)
    if isinstance(v, (list, tuple)):
        return [enc_value(x) for x in v]
    if isinstance(v, dict):
        return {k: enc_value(x) for k, x in v.items()}
    if isinstance(v, float):
        return encode_number(v)
    return v


def all_finite(t):
    if t is None:
        return True
    if not torch.is_floating_point(t):
        return True
    return bool(torch.isfinite(t).all())


def write_fixture(path_rel, generator_rel, cases):
    """Write {generator, torch, cases} with one case per line (diff-friendly)."""
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f"duplicate case names: {sorted(dup)}"
    path = os.path.join(REPO_ROOT, path_rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    head = {"generator": generator_rel, "torch": torch.__version__}
    lines = []
    for c in cases:
        lines.append(json.dumps(c, allow_nan=False, separators=(",", ":")))
    with open(path, "w", encoding="utf-8") as f:
        f.write("{\n")
        for k, v in head.items():
            f.write(f"{json.dumps(k)}: {json.dumps(v)},\n")
        f.write('"cases": [\n')
        f.write(",\n".join(lines))
        f.write("\n]\n}\n")
    size = os.path.getsize(path)
    print(f"wrote {path_rel}: {len(cases)} cases, {size / 1e6:.2f} MB")
    return path
