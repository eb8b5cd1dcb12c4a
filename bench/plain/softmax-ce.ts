// Plain-JS fused softmax cross-entropy with class-index targets: value (mean over the batch) and
// gradient with respect to the logits. Per row: pass 1 finds the max; pass 2 computes
// exp(x - max) once per element, stores it in the gradient buffer and sums it; a final scaling
// pass turns it into (softmax - onehot) / n.

export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: Int32Array,
  n: number,
  c: number,
  grad: Float32Array,
): number {
  let loss = 0;
  const invN = 1 / n;
  for (let i = 0; i < n; i++) {
    const base = i * c;
    const end = base + c;
    let mx = -Infinity;
    for (let j = base; j < end; j++) {
      const v = logits[j]!;
      if (v > mx) mx = v;
    }
    let sum = 0;
    for (let j = base; j < end; j++) {
      const e = Math.exp(logits[j]! - mx);
      grad[j] = e;
      sum += e;
    }
    const label = labels[i]!;
    loss += Math.log(sum) + mx - logits[base + label]!;
    const scale = invN / sum;
    for (let j = base; j < end; j++) grad[j] = grad[j]! * scale;
    grad[base + label] = grad[base + label]! - invN;
  }
  return loss * invN;
}

/** Straightforward float64 reference (softmax, log, one-hot), for the self-check. */
export function softmaxCrossEntropyNaive(
  logits: Float32Array,
  labels: Int32Array,
  n: number,
  c: number,
): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(n * c);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const row = Array.from(logits.subarray(i * c, (i + 1) * c));
    const mx = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - mx));
    const s = exps.reduce((p, q) => p + q, 0);
    for (let j = 0; j < c; j++) {
      const p = exps[j]! / s;
      const y = j === labels[i] ? 1 : 0;
      loss -= (y * Math.log(p)) / n;
      grad[i * c + j] = (p - y) / n;
    }
  }
  return { loss, grad };
}
