import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fromJSON, manualSeed, nn, optim, tensor, zeros, type Optimizer, type Tensor, type TensorJSON,
} from '../src/index.js';
import { load, save } from '../src/node.js';

interface ClipCase { name: string; clip: 'norm' | 'value'; opts: Record<string, number | string>; grads: TensorJSON[]; total?: number; clipped: TensorJSON[] }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/optim.json', import.meta.url), 'utf8')) as { cases: Array<{ name: string; clip?: string }> };

for (const c of fixture.cases.filter((x): x is ClipCase => 'clip' in x)) {
  test(`${c.name}: matches PyTorch`, () => {
    const ps = c.grads.map((g) => { const p = zeros(g.shape, { dtype: 'float64', requiresGrad: true }); p.grad = fromJSON(g); return p; });
    if (c.clip === 'norm') {
      const normType = c.opts['normType'] === 'Infinity' ? Infinity : (c.opts['normType'] as number);
      const total = optim.clipGradNorm(ps, c.opts['maxNorm'] as number, { normType });
      assert.ok(Math.abs(total - c.total!) <= 1e-12 * (1 + c.total!), `total ${total} vs ${c.total}`);
    } else {
      optim.clipGradValue(ps, c.opts['clipValue'] as number);
    }
    ps.forEach((p, j) => {
      const got = p.grad!.contiguousData(), want = fromJSON(c.clipped[j]!).contiguousData();
      want.forEach((w, i) => assert.ok(Math.abs(got[i]! - w) <= 1e-12 * (1 + Math.abs(w)), `${c.name} grad ${j}[${i}]: ${got[i]} vs ${w}`));
    });
  });
}

test('clipGradNorm: no gradients, non-finite norms, argument checks; clipGradValue keeps NaN', () => {
  const p = zeros([2], { requiresGrad: true });
  assert.is(optim.clipGradNorm([p], 1), 0);
  p.grad = tensor([3, 4]);
  assert.is(optim.clipGradNorm(p, 10), 5);
  assert.equal(p.grad.toArray(), [3, 4]);
  p.grad = tensor([NaN, 1]);
  assert.ok(Number.isNaN(optim.clipGradNorm(p, 1)));
  assert.throws(() => optim.clipGradNorm(p, 1, { errorIfNonfinite: true }), /clipGradNorm: the total norm of order 2 of the gradients is NaN/);
  p.grad = tensor([Infinity, 1]);
  assert.throws(() => optim.clipGradNorm(p, 1, { normType: Infinity, errorIfNonfinite: true }), /order Infinity .* is Infinity/);
  assert.throws(() => optim.clipGradNorm(p, -1), /clipGradNorm: maxNorm must be a number >= 0, got -1/);
  assert.throws(() => optim.clipGradNorm(p, 1, { normType: 0 }), /clipGradNorm: option normType must be a number > 0 or Infinity/);
  assert.throws(() => optim.clipGradValue(p, NaN), /clipGradValue: clipValue must be a number >= 0, got NaN/);
  p.grad = tensor([NaN, -5, 0.25]);
  optim.clipGradValue([p], 1);
  assert.ok(Number.isNaN(p.grad.toArray()[0]));
  assert.equal(p.grad.toArray().slice(1), [-1, 0.25]);
});

test('new optimizers and schedulers validate their options, naming the class and the option', () => {
  const p = zeros([2], { requiresGrad: true });
  const sgd = new optim.SGD([p], { lr: 0.1 });
  const bad: Array<[() => unknown, RegExp]> = [
    [() => new optim.RMSprop([p], { alpha: -0.5 }), /^RMSprop: option alpha must be a finite number ≥ 0, got -0.5$/],
    [() => new optim.RMSprop([p], { centered: 1 as unknown as boolean }), /^RMSprop: option centered must be true or false, got 1$/],
    [() => new optim.RMSprop([p], { momentm: 0.9 } as object), /^RMSprop: unknown option 'momentm' \(RMSprop takes lr, alpha.*did you mean 'momentum'/],
    [() => new optim.RMSprop([p], { lr: -1 }), /^RMSprop: lr must be a non-negative number, got -1$/],
    [() => new optim.Adagrad([p], { lrDecay: -1 }), /^Adagrad: option lrDecay must be a finite number ≥ 0, got -1$/],
    [() => new optim.Adagrad([p], { initialAccumulatorValue: NaN }), /^Adagrad: option initialAccumulatorValue must be a finite number ≥ 0, got null$|NaN/],
    [() => new optim.Adagrad([p], { eps: Infinity }), /^Adagrad: option eps must be a finite number ≥ 0/],
    [() => new optim.LinearLR(sgd, { startFactor: 0 }), /^LinearLR: option startFactor must be a number in \(0, 1\], got 0$/],
    [() => new optim.LinearLR(sgd, { endFactor: 1.5 }), /^LinearLR: option endFactor must be a number in \[0, 1\]/],
    [() => new optim.LinearLR(sgd, { totalIters: 2.5 }), /^LinearLR: option totalIters must be an integer ≥ 1/],
    [() => new optim.ExponentialLR(sgd, { gamma: 0 }), /^ExponentialLR: option gamma must be a finite number > 0, got 0$/],
    [() => new optim.ExponentialLR(sgd, {} as { gamma: number }), /^ExponentialLR: gamma is required$/],
    [() => new optim.ReduceLROnPlateau(sgd, { factor: 1 }), /^ReduceLROnPlateau: option factor must be a number in \[0, 1\), got 1$/],
    [() => new optim.ReduceLROnPlateau(sgd, { mode: 'up' as 'min' }), /^ReduceLROnPlateau: option mode must be one of 'min', 'max', got 'up'$/],
    [() => new optim.ReduceLROnPlateau(sgd, { patience: -1 }), /^ReduceLROnPlateau: option patience must be an integer ≥ 0/],
    [() => new optim.ReduceLROnPlateau(sgd, { thresholdMode: 'pct' as 'rel' }), /^ReduceLROnPlateau: option thresholdMode must be one of 'rel', 'abs'/],
    [() => new optim.ReduceLROnPlateau(sgd, { minLR: 0.1 } as object), /^ReduceLROnPlateau: unknown option 'minLR'/],
  ];
  for (const [make, re] of bad) assert.throws(make, (e: Error) => re.test(e.message), String(re));
  assert.is(optim.SGD, (sgd.constructor as typeof optim.SGD));
  const plateau = new optim.ReduceLROnPlateau(sgd, { patience: 0 });
  plateau.step(tensor(1));
  assert.is(plateau.step(tensor([2])), 0.1 * 0.1);
});

// ---- stop, save, load into fresh objects, resume ----------------------------------------------

type Make = (params: Tensor[]) => { opt: Optimizer; sched: { step(m?: number): number; stateDict(): Record<string, Tensor>; loadStateDict(d: Record<string, Tensor>): void } };
const setups: Record<string, Make> = {
  'SGD nesterov + StepLR': (ps) => { const opt = new optim.SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }); return { opt, sched: new optim.StepLR(opt, { stepSize: 3, gamma: 0.5 }) }; },
  'Adam amsgrad + LinearLR': (ps) => { const opt = new optim.Adam(ps, { lr: 0.02, amsgrad: true }); return { opt, sched: new optim.LinearLR(opt, { startFactor: 0.2, totalIters: 6 }) }; },
  'AdamW + CosineAnnealingLR': (ps) => { const opt = new optim.AdamW(ps, { lr: 0.02 }); return { opt, sched: new optim.CosineAnnealingLR(opt, { tMax: 7 }) }; },
  'RMSprop centered momentum + ExponentialLR': (ps) => { const opt = new optim.RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true, weightDecay: 0.01 }); return { opt, sched: new optim.ExponentialLR(opt, { gamma: 0.9 }) }; },
  'Adagrad lrDecay + ReduceLROnPlateau': (ps) => {
    const opt = new optim.Adagrad(ps, { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 });
    const plateau = new optim.ReduceLROnPlateau(opt, { patience: 1, factor: 0.5, threshold: 0.05 });
    return { opt, sched: { step: (m?: number) => plateau.step(m!), stateDict: () => plateau.stateDict(), loadStateDict: (d) => plateau.loadStateDict(d) } };
  },
};

function makeModel(seed: number): nn.Module {
  manualSeed(seed);
  return new nn.Sequential(new nn.Linear(3, 8), new nn.Tanh(), new nn.Linear(8, 1));
}
manualSeed(99);
const X = tensor(Array.from({ length: 24 }, (_, i) => [Math.sin(i), Math.cos(2 * i), (i % 5) / 5]));
const Y = X.sum(1, true).tanh();

/** One epoch: three mini-batches, then the schedule. */
function epoch(model: nn.Module, opt: Optimizer, sched: ReturnType<Make>['sched']): void {
  let total = 0;
  for (let b = 0; b < 3; b++) {
    opt.zeroGrad();
    const loss = model.forward(X.slice(0, 8 * b, 8 * b + 8)).sub(Y.slice(0, 8 * b, 8 * b + 8)).square().mean();
    loss.backward();
    optim.clipGradNorm(model.parameters(), 5);
    opt.step();
    total += loss.item();
  }
  sched.step(total);
}

const bits = (m: nn.Module) => m.parameters().map((p) => Array.from(p.contiguousData()));

for (const [name, make] of Object.entries(setups)) {
  for (const format of ['safetensors', 'json'] as const) {
    test(`${name}: 5 epochs, save (${format}), load into fresh objects, 7 more = 12 straight through, bit for bit`, () => {
      const straight = makeModel(1);
      const a = make(straight.parameters());
      for (let e = 0; e < 12; e++) epoch(straight, a.opt, a.sched);

      const first = makeModel(1);
      const b = make(first.parameters());
      for (let e = 0; e < 5; e++) epoch(first, b.opt, b.sched);
      const dir = mkdtempSync(join(tmpdir(), 'tapegrad-resume-'));
      try {
        save(join(dir, `model.${format}`), first.stateDict());
        save(join(dir, `optim.${format}`), b.opt.stateDict());
        save(join(dir, `sched.${format}`), b.sched.stateDict());
        for (let e = 0; e < 3; e++) epoch(first, b.opt, b.sched); // the first run goes on; the checkpoint must not move

        const resumed = makeModel(2); // other initial weights: everything must come from the files
        const c = make(resumed.parameters());
        resumed.loadStateDict(load(join(dir, `model.${format}`)));
        c.opt.loadStateDict(load(join(dir, `optim.${format}`)));
        c.sched.loadStateDict(load(join(dir, `sched.${format}`)));
        for (let e = 0; e < 7; e++) epoch(resumed, c.opt, c.sched);
        assert.equal(bits(resumed), bits(straight));
        assert.is(c.opt.lr, a.opt.lr);
        assert.is(c.opt.stepCount, a.opt.stepCount);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}

test('a fresh optimizer without the loaded state does not reproduce the run (the test can fail)', () => {
  const straight = makeModel(1);
  const a = setups['Adam amsgrad + LinearLR']!(straight.parameters());
  for (let e = 0; e < 8; e++) epoch(straight, a.opt, a.sched);
  const first = makeModel(1);
  const b = setups['Adam amsgrad + LinearLR']!(first.parameters());
  for (let e = 0; e < 4; e++) epoch(first, b.opt, b.sched);
  const resumed = makeModel(2);
  const c = setups['Adam amsgrad + LinearLR']!(resumed.parameters());
  resumed.loadStateDict(first.stateDict());
  for (let e = 0; e < 4; e++) epoch(resumed, c.opt, c.sched);
  assert.not.equal(bits(resumed), bits(straight));
});

test('Optimizer.loadStateDict checks keys and shapes and changes nothing on error', () => {
  const p = zeros([2, 3], { requiresGrad: true });
  const opt = new optim.Adam([p], { lr: 0.1 });
  p.grad = tensor([[1, 2, 3], [4, 5, 6]]);
  opt.step();
  const sd = opt.stateDict();
  assert.equal(Object.keys(sd), ['lr', 'stepCount', 'state.0.step', 'state.0.expAvg', 'state.0.expAvgSq']);
  const fresh = new optim.Adam([zeros([2, 3], { requiresGrad: true })], { lr: 0.5 });
  assert.throws(() => fresh.loadStateDict({ ...sd, 'state.1.expAvg': zeros([2, 3]) }), /Adam.loadStateDict: unexpected key 'state.1.expAvg' \(this optimizer has 1 parameters/);
  assert.throws(() => fresh.loadStateDict({ ...sd, 'state.0.expAvg': zeros([3, 2]) }), /'state.0.expAvg' has shape \[3,2\], parameter 0 has shape \[2,3\]/);
  assert.throws(() => fresh.loadStateDict({ stepCount: sd['stepCount']! }), /'lr' must be a one-element tensor \(missing\)/);
  const { ['state.0.step']: _, ...noStep } = sd;
  assert.throws(() => fresh.loadStateDict(noStep), /'state.0.step' must be a one-element tensor \(missing\)/);
  assert.is(fresh.lr, 0.5);
  fresh.loadStateDict(sd);
  assert.is(fresh.lr, 0.1);
  assert.is(fresh.stateOf(fresh.params[0]!)!.step, 1);
  sd['state.0.expAvg']!.data.data[0] = 123; // the loaded state is a copy
  assert.not.equal(fresh.stateOf(fresh.params[0]!)!.buffers['expAvg']!.toArray()[0][0], 123);
  const sched = new optim.StepLR(fresh, { stepSize: 2 });
  assert.throws(() => sched.loadStateDict({ epoch: zeros([2]) }), /StepLR.loadStateDict: 'epoch' must be a one-element tensor/);
  assert.throws(() => sched.loadStateDict({ epoch: zeros([]), last: zeros([]) }), /StepLR.loadStateDict: unexpected key 'last'/);
});

test.run();
