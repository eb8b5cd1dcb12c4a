// Plain-JS forward + backward formulas for the loss-zoo: each returns the loss (mean aggregation,
// the library's default) and writes d loss / d (first argument) into `grad`. Inputs are the
// loss-zoo arrays: [n, c] row-major, class-index targets [n] (Int32Array), per-row signs [n].
// eps follows the float32 default of the loss library (2^-23).

export type PlainLoss = (args: ReadonlyArray<Float32Array | Int32Array>, n: number, c: number, grad: Float32Array) => number;

const EPS = 2 ** -23;

function f(a: Float32Array | Int32Array | undefined): Float32Array {
  if (!(a instanceof Float32Array)) throw new TypeError('plain loss: expected a Float32Array');
  return a;
}
function idx(a: Float32Array | Int32Array | undefined): Int32Array {
  if (!(a instanceof Int32Array)) throw new TypeError('plain loss: expected an Int32Array');
  return a;
}
const sign = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);
const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
const softplus = (v: number): number => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

// Elementwise losses are written out as one loop each (no shared helper taking a callback: a
// shared loop would see every formula at one call site, go megamorphic and stop inlining).
function huber(delta: number): PlainLoss {
  return (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const d = p - y;
      const a = Math.abs(d);
      if (a < delta) {
        v0 = 0.5 * d * d;
        v1 = d;
      } else {
        v0 = delta * (a - 0.5 * delta);
        v1 = delta * sign(d);
      }
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  };
}

function quantile(q: number): PlainLoss {
  return (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const d = y - p;
      v0 = Math.max(q * d, (q - 1) * d);
      v1 = d > 0 ? -q : d < 0 ? 1 - q : 0;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  };
}

/** Cross-entropy of probabilities against a distribution/one-hot y, summed over dim 1, mean over n. */
const crossentropy: PlainLoss = (args, n, c, grad) => {
  const p = f(args[0]);
  const y = f(args[1]);
  const inv = 1 / n;
  let s = 0;
  for (let i = 0; i < n * c; i++) {
    const yi = y[i]!;
    const q = p[i]! + EPS;
    if (yi !== 0) s -= yi * Math.log(q);
    grad[i] = (-yi / q) * inv;
  }
  return s * inv;
};

const logitCrossentropyIdx: PlainLoss = (args, n, c, grad) => {
  const z = f(args[0]);
  const labels = idx(args[1]);
  const inv = 1 / n;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const b = i * c;
    let mx = -Infinity;
    for (let j = b; j < b + c; j++) if (z[j]! > mx) mx = z[j]!;
    let s = 0;
    for (let j = b; j < b + c; j++) {
      const e = Math.exp(z[j]! - mx);
      grad[j] = e;
      s += e;
    }
    const t = b + labels[i]!;
    loss += Math.log(s) + mx - z[t]!;
    const k = inv / s;
    for (let j = b; j < b + c; j++) grad[j] = grad[j]! * k;
    grad[t] = grad[t]! - inv;
  }
  return loss * inv;
};

const nllLoss: PlainLoss = (args, n, c, grad) => {
  const lp = f(args[0]);
  const labels = idx(args[1]);
  grad.fill(0);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const t = i * c + labels[i]!;
    s -= lp[t]!;
    grad[t] = -1 / n;
  }
  return s / n;
};

const kldivergence: PlainLoss = (args, n, c, grad) => {
  const p = f(args[0]);
  const y = f(args[1]);
  const inv = 1 / n;
  let s = 0;
  for (let i = 0; i < n * c; i++) {
    const yi = y[i]!;
    const q = p[i]! + EPS;
    if (yi !== 0) s += yi * Math.log(yi) - yi * Math.log(q);
    grad[i] = (-yi / q) * inv;
  }
  return s * inv;
};

function focal(gamma: number): PlainLoss {
  return (args, n, c, grad) => {
    const p = f(args[0]);
    const y = f(args[1]);
    const inv = 1 / n;
    let s = 0;
    for (let i = 0; i < n * c; i++) {
      const yi = y[i]!;
      const q = p[i]! + EPS;
      const lq = Math.log(q);
      const w = Math.pow(1 - q, gamma);
      s -= yi * w * lq;
      grad[i] = -yi * (-gamma * Math.pow(1 - q, gamma - 1) * lq + w / q) * inv;
    }
    return s * inv;
  };
}

function binaryFocal(gamma: number): PlainLoss {
  return (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const yh = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const p = yh + EPS;
      const pt = y * p + (1 - y) * (1 - p);
      const lpt = Math.log(pt);
      const w = Math.pow(1 - pt, gamma);
      v0 = -w * lpt;
      const dpt = gamma * Math.pow(1 - pt, gamma - 1) * lpt - w / pt;
      v1 = dpt * (2 * y - 1);
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  };
}

const diceCoeff: PlainLoss = (args, n, c, grad) => {
  const p = f(args[0]);
  const y = f(args[1]);
  const smooth = 1;
  let syp = 0, syy = 0, spp = 0;
  for (let i = 0; i < p.length; i++) {
    syp += y[i]! * p[i]!;
    syy += y[i]! * y[i]!;
    spp += p[i]! * p[i]!;
  }
  const num = 2 * syp + smooth;
  const den = syy + spp + smooth;
  const inv2 = 1 / (den * den);
  for (let i = 0; i < p.length; i++) grad[i] = -(2 * y[i]! * den - num * 2 * p[i]!) * inv2;
  return 1 - num / den;
};

function tversky(beta: number): PlainLoss {
  return (args, n, c, grad) => {
    const p = f(args[0]);
    const y = f(args[1]);
    let syp = 0, sden = 0;
    for (let i = 0; i < p.length; i++) {
      const yi = y[i]!, pi = p[i]!;
      syp += yi * pi;
      sden += yi * pi + (1 - beta) * (1 - yi) * pi + beta * yi * (1 - pi);
    }
    const num = syp + 1;
    const den = sden + 1;
    const inv2 = 1 / (den * den);
    for (let i = 0; i < p.length; i++) {
      const yi = y[i]!;
      const dden = yi + (1 - beta) * (1 - yi) - beta * yi;
      grad[i] = -(yi * den - num * dden) * inv2;
    }
    return 1 - num / den;
  };
}

const categoricalHinge: PlainLoss = (args, n, c, grad) => {
  const p = f(args[0]);
  const y = f(args[1]);
  const inv = 1 / n;
  let s = 0;
  grad.fill(0);
  for (let i = 0; i < n; i++) {
    const b = i * c;
    let neg = -Infinity, arg = b, pos = 0;
    for (let j = b; j < b + c; j++) {
      const v = (1 - y[j]!) * p[j]!;
      if (v > neg) {
        neg = v;
        arg = j;
      }
      pos += y[j]! * p[j]!;
    }
    const l = neg - pos + 1;
    if (l > 0) {
      s += l;
      grad[arg] = grad[arg]! + (1 - y[arg]!) * inv;
      for (let j = b; j < b + c; j++) grad[j] = grad[j]! - y[j]! * inv;
    }
  }
  return s * inv;
};

const cosineSimilarity: PlainLoss = (args, n, c, grad) => {
  const p = f(args[0]);
  const y = f(args[1]);
  const inv = 1 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const b = i * c;
    let pp = 0, yy = 0, py = 0;
    for (let j = b; j < b + c; j++) {
      pp += p[j]! * p[j]!;
      yy += y[j]! * y[j]!;
      py += p[j]! * y[j]!;
    }
    const np = Math.sqrt(pp), ny = Math.sqrt(yy);
    const cos = py / (np * ny);
    s -= cos;
    for (let j = b; j < b + c; j++) grad[j] = -(y[j]! / (np * ny) - (cos * p[j]!) / pp) * inv;
  }
  return s * inv;
};

const marginRanking: PlainLoss = (args, n, c, grad) => {
  const x1 = f(args[0]);
  const x2 = f(args[1]);
  const y = f(args[2]);
  const m = x1.length;
  let s = 0;
  for (let i = 0; i < m; i++) {
    const l = -y[i]! * (x1[i]! - x2[i]!);
    if (l > 0) {
      s += l;
      grad[i] = -y[i]! / m;
    } else grad[i] = 0;
  }
  return s / m;
};

const tripletMargin: PlainLoss = (args, n, c, grad) => {
  const a = f(args[0]);
  const p = f(args[1]);
  const q = f(args[2]);
  const margin = 1, eps = 1e-6, inv = 1 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const b = i * c;
    let dap = 0, dan = 0;
    for (let j = b; j < b + c; j++) {
      const u = a[j]! - p[j]! + eps, v = a[j]! - q[j]! + eps;
      dap += u * u;
      dan += v * v;
    }
    dap = Math.sqrt(dap);
    dan = Math.sqrt(dan);
    const l = dap - dan + margin;
    if (l > 0) {
      s += l;
      for (let j = b; j < b + c; j++) grad[j] = ((a[j]! - p[j]! + eps) / dap - (a[j]! - q[j]! + eps) / dan) * inv;
    } else for (let j = b; j < b + c; j++) grad[j] = 0;
  }
  return s * inv;
};

const cosineEmbedding: PlainLoss = (args, n, c, grad) => {
  const x1 = f(args[0]);
  const x2 = f(args[1]);
  const y = f(args[2]);
  const inv = 1 / n, margin = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const b = i * c;
    let aa = 0, bb = 0, ab = 0;
    for (let j = b; j < b + c; j++) {
      aa += x1[j]! * x1[j]!;
      bb += x2[j]! * x2[j]!;
      ab += x1[j]! * x2[j]!;
    }
    const na = Math.sqrt(aa), nb = Math.sqrt(bb);
    const cos = ab / (na * nb);
    let dl = 0;
    if (y[i]! > 0) {
      s += 1 - cos;
      dl = -1;
    } else if (cos - margin > 0) {
      s += cos - margin;
      dl = 1;
    }
    for (let j = b; j < b + c; j++) grad[j] = dl * (x2[j]! / (na * nb) - (cos * x1[j]!) / aa) * inv;
  }
  return s * inv;
};

export const PLAIN_LOSSES: Record<string, PlainLoss> = {
  mse: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const d = p - y;
      v0 = d * d;
      v1 = 2 * d;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  mae: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const d = p - y;
      v0 = Math.abs(d);
      v1 = sign(d);
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  msle: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const e = Math.log(p + EPS) - Math.log(y + EPS);
      v0 = e * e;
      v1 = (2 * e) / (p + EPS);
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  huberLoss: huber(1),
  smoothL1Loss: huber(1), // beta = 1: identical to huber with delta = 1
  crossentropy,
  logitCrossentropy: logitCrossentropyIdx,
  binaryCrossentropy: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const a = p + EPS, b = 1 - p + EPS;
      v0 = -(y * Math.log(a) + (1 - y) * Math.log(b));
      v1 = -y / a + (1 - y) / b;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  logitBinaryCrossentropy: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const x = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      v0 = (1 - y) * x + softplus(-x);
      v1 = sigmoid(x) - y;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  kldivergence,
  poissonLoss: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      v0 = p - y * Math.log(p);
      v1 = 1 - y / p;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  hingeLoss: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const m = 1 - p * y;
      v0 = m > 0 ? m : 0;
      v1 = m > 0 ? -y : 0;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  squaredHingeLoss: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const m = Math.max(0, 1 - p * y);
      v0 = m * m;
      v1 = -2 * m * y;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  diceCoeffLoss: diceCoeff,
  tverskyLoss: tversky(0.7),
  binaryFocalLoss: binaryFocal(2),
  focalLoss: focal(2),
  siameseContrastiveLoss: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const m = Math.max(0, 1 - p);
      v0 = (1 - y) * p * p + y * m * m;
      v1 = 2 * (1 - y) * p - 2 * y * m;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  nllLoss,
  logCoshLoss: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const e = p - y;
      v0 = e + softplus(-2 * e) - Math.LN2;
      v1 = Math.tanh(e);
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  quantileLoss: quantile(0.9),
  mape: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const den = Math.max(Math.abs(y), EPS);
      v0 = (100 * Math.abs(y - p)) / den;
      v1 = (100 * sign(p - y)) / den;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  smape: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const a = Math.abs(p - y), t = Math.abs(p) + Math.abs(y);
      v0 = (200 * a) / t;
      v1 = (200 * (sign(p - y) * t - a * sign(p))) / (t * t);
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  exponentialLoss: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const e = Math.exp(-y * p);
      v0 = e;
      v1 = -y * e;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  perceptronLoss: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const m = -y * p;
      v0 = m > 0 ? m : 0;
      v1 = m > 0 ? -y : 0;
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  categoricalHinge,
  cosineSimilarityLoss: cosineSimilarity,
  hingeEmbeddingLoss: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      if (y > 0) {
        v0 = p;
        v1 = 1;
      } else {
        const m = 1 - p;
        v0 = m > 0 ? m : 0;
        v1 = m > 0 ? -1 : 0;
      }
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
  marginRankingLoss: marginRanking,
  tripletMarginLoss: tripletMargin,
  cosineEmbeddingLoss: cosineEmbedding,
  selfAdjustingDiceLoss: (args, _n, _c, grad) => {
    const P = f(args[0]), Y = f(args[1]);
    const m = P.length, inv = 1 / m;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = P[i]!, y = Y[i]!;
      let v0 = 0, v1 = 0;
      const u = (1 - p) * p, du = 1 - 2 * p, gamma = 1;
      const num = 2 * u * y + gamma, den = u + y + gamma;
      v0 = 1 - num / den;
      v1 = -(2 * y * du * den - num * du) / (den * den);
      s += v0;
      grad[i] = v1 * inv;
    }
    return s * inv;
  },
};
