"""PyTorch 1.13 checkpoints that tapegrad must load by name and write back (issue 20 part 3).

    /usr/bin/python3 scripts/golden/checkpoints.py

Three float32 models, each trained a few SGD steps (so BatchNorm's running statistics and
num_batches_tracked are not their initial values), then saved with its state_dict() in PyTorch's
names and order as test/fixtures/checkpoints/<name>.safetensors (written by the format's
definition with io.py's write_safetensors, int64 buffers as I64, metadata {"format": "pt"}, and
read back by io.py's spec-checking reader), with an input batch and PyTorch's eval-mode logits in
test/fixtures/checkpoints/manifest.json:

- lenet: LeNet-5 with BatchNorm2d after each conv, as an nn.Sequential (keys "0.weight", "1.running_mean", ...)
- charblock: a character-level causal transformer (token and position Embedding, one pre-norm
  nn.TransformerEncoderLayer, LayerNorm, Linear head) as a custom nn.Module
- mlp: nn.Sequential(Linear, ReLU, Linear, ReLU, Linear)
"""

import importlib.util
import json
import os

import numpy as np
import torch
import torch.nn as nn

from common import REPO_ROOT, enc

spec = importlib.util.spec_from_file_location("golden_io", os.path.join(os.path.dirname(__file__), "io.py"))
golden_io = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden_io)

OUT = os.path.join(REPO_ROOT, "test", "fixtures", "checkpoints")
F32 = torch.float32


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.BatchNorm2d(6), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


class CharBlock(nn.Module):
    """Token + position embeddings → one causal pre-norm encoder layer → LayerNorm → logits."""

    def __init__(self, vocab=27, context=8, d=16, heads=2, ff=32):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, d)
        self.pos_emb = nn.Embedding(context, d)
        self.block = nn.TransformerEncoderLayer(d, heads, dim_feedforward=ff, dropout=0.0, activation="gelu",
                                                batch_first=True, norm_first=True)
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tok_emb(idx) + self.pos_emb(torch.arange(t))
        mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        return self.head(self.ln_f(self.block(x, src_mask=mask)))


def mlp():
    return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3))


def train(model, make_batch, loss_fn, steps=3):
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    for _ in range(steps):
        x, y = make_batch()
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()


def save(name, model, x, description):
    model.eval()
    with torch.no_grad():
        logits = model(x)
    sd = model.state_dict()
    tensors = [(k, v.detach().numpy(), None) for k, v in sd.items()]
    path = os.path.join(OUT, f"{name}.safetensors")
    golden_io.write_safetensors(path, tensors, {"format": "pt"})
    back, meta = golden_io.read_safetensors(path)
    assert meta == {"format": "pt"} and list(back) == list(sd)
    for k, v in sd.items():
        assert np.array_equal(back[k], v.numpy()) and back[k].dtype == v.numpy().dtype, k
    # the file loads back into a fresh PyTorch model by name, strictly, and gives the same logits
    fresh = {"lenet": lenet, "charblock": CharBlock, "mlp": mlp}[name]()
    fresh.load_state_dict({k: torch.from_numpy(np.array(a)) for k, a in back.items()}, strict=True)
    fresh.eval()
    with torch.no_grad():
        assert torch.equal(fresh(x), logits)
    return {"file": f"{name}.safetensors", "description": description, "keys": list(sd),
            "dtypes": {k: str(v.dtype).replace("torch.", "") for k, v in sd.items()},
            "input": enc(x), "logits": enc(logits)}


def main():
    torch.set_default_dtype(F32)  # common.py makes float64 the default; checkpoints are float32
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20)
    g = torch.Generator().manual_seed(2020)
    manifest = {"generator": "scripts/golden/checkpoints.py", "torch": torch.__version__, "models": {}}

    net = lenet()
    train(net, lambda: (torch.randn(8, 1, 28, 28, generator=g), torch.randint(0, 10, (8,), generator=g)),
          nn.functional.cross_entropy)
    manifest["models"]["lenet"] = save("lenet", net, torch.randn(4, 1, 28, 28, generator=g),
                                       "LeNet-5 with BatchNorm2d, nn.Sequential, 3 SGD steps")

    block = CharBlock()
    ce = lambda logits, y: nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
    train(block, lambda: (torch.randint(0, 27, (4, 8), generator=g), torch.randint(0, 27, (4, 8), generator=g)), ce)
    manifest["models"]["charblock"] = save("charblock", block, torch.randint(0, 27, (2, 8), generator=g),
                                           "char-level causal transformer block (Embedding, TransformerEncoderLayer norm_first, LayerNorm, Linear)")

    m = mlp()
    train(m, lambda: (torch.randn(16, 4, generator=g), torch.randint(0, 3, (16,), generator=g)), nn.functional.cross_entropy)
    manifest["models"]["mlp"] = save("mlp", m, torch.randn(5, 4, generator=g), "MLP 4-16-16-3 with ReLU, nn.Sequential")

    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    for name, c in manifest["models"].items():
        print(f"{name}: {len(c['keys'])} tensors, {os.path.getsize(os.path.join(OUT, c['file']))} bytes")


if __name__ == "__main__":
    main()
