"""PyTorch reference for `npm run bench` (bench/peers/pytorch.ts runs it; never a test dependency).

  /usr/bin/python3 bench/torch_bench.py <lenet-step|transformer-step> [--clock=cpu|wall] [--threads=N] [--quick]

One thread (torch.set_num_threads(1); --threads=N for N), float32, the architectures of bench/common.ts (LENET,
TRANSFORMER) with the same optimizers, timed like bench/common.ts `measure`: warm-up, then samples
(each at least 1 ms) until the budget is spent, the median per call. Prints one JSON line:
{"metrics": [...]} in the bench's Metric format, or {"skipped": why} without torch.
"""
import json
import sys
import time


def measure(fn, warmup_ms=400, min_warmup=2, budget_ms=3000, min_samples=5, max_samples=400, min_sample_ms=1, clock=time.perf_counter):
    calls, w0 = 0, time.perf_counter()
    while calls < min_warmup or (time.perf_counter() - w0) * 1000 < warmup_ms:
        fn()
        calls += 1
    per_call = (time.perf_counter() - w0) * 1000 / calls
    reps = max(1, -(-min_sample_ms // max(per_call, 1e-6)))
    times, s0 = [], time.perf_counter()
    while len(times) < min_samples or ((time.perf_counter() - s0) * 1000 < budget_ms and len(times) < max_samples):
        t0 = clock()
        for _ in range(int(reps)):
            fn()
        times.append((clock() - t0) * 1000 / reps)
    times.sort()
    mid = len(times) // 2
    median = times[mid] if len(times) % 2 else (times[mid - 1] + times[mid]) / 2
    return median, times[0], times[-1], len(times)


def lenet_step(torch):
    nn = torch.nn
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    x, y = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()
    return 'lenet-step b64', step, dict(min_samples=5, max_samples=400)


def transformer_step(torch):
    nn = torch.nn
    B, T, V, D, H, F = 16, 14, 27, 32, 4, 128
    torch.manual_seed(0)
    tok, pos = nn.Embedding(V, D), nn.Embedding(T, D)
    block = nn.TransformerEncoderLayer(D, H, F, dropout=0.0, activation='gelu', batch_first=True, norm_first=True)
    norm, head = nn.LayerNorm(D), nn.Linear(D, V)
    params = [p for m in (tok, pos, block, norm, head) for p in m.parameters()]
    x, y, positions = torch.randint(0, V, (B, T)), torch.randint(0, V, (B * T,)), torch.arange(T)
    mask = torch.triu(torch.full((T, T), float('-inf')), diagonal=1)
    opt = torch.optim.Adam(params, lr=3e-3)

    def step():
        opt.zero_grad()
        h = block(tok(x) + pos(positions), src_mask=mask)
        loss = nn.functional.cross_entropy(head(norm(h)).reshape(B * T, V), y)
        loss.backward()
        opt.step()
        return loss.item()
    return 'transformer-step b16', step, dict(min_samples=10, max_samples=1000)


def main(argv):
    try:
        import torch
    except ImportError:
        print(json.dumps({'skipped': 'no torch in /usr/bin/python3 (apt-get install python3-torch)'}))
        return
    threads = next((int(a[10:]) for a in argv if a.startswith('--threads=')), 1)
    torch.set_num_threads(threads)
    workload = argv[0] if argv else ''
    clock = time.process_time if '--clock=cpu' in argv else time.perf_counter
    quick = '--quick' in argv
    builders = {'lenet-step': lenet_step, 'transformer-step': transformer_step}
    if workload not in builders:
        print(json.dumps({'skipped': f'no PyTorch version of {workload}'}))
        return
    ident, step, opts = builders[workload](torch)
    budget = dict(warmup_ms=50, min_warmup=1, budget_ms=100, min_samples=3) if quick else dict(budget_ms=3000, **opts)
    median, lo, hi, n = measure(step, clock=clock, **budget)
    per_s = lambda ms: 1000 / ms
    note = f'PyTorch {torch.__version__}, {threads} thread{"s" if threads > 1 else ""}'
    print(json.dumps({'metrics': [{'id': ident, 'unit': 'steps/s', 'better': 'higher', 'median': per_s(median),
                                   'min': per_s(hi), 'max': per_s(lo), 'samples': n, 'note': note}]}))


if __name__ == '__main__':
    main(sys.argv[1:])
