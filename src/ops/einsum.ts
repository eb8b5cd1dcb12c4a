import { eye } from '../tensor/create.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** An operand and the letter naming each of its dims. */
interface Term {
  t: Tensor;
  letters: string[];
}

/**
 * Einstein summation, e.g. einsum('bqd,bkd->bqk', q, k) (attention scores) or
 * einsum('bi,oij,bj->bo', x1, w, x2) (a bilinear layer). Letters name dims; a letter missing from
 * the output is summed over; without '->' the output is the letters that occur once, in
 * alphabetical order (NumPy's rule). A letter repeated within one operand takes the diagonal
 * ('ii->i', trace 'ii->'). Ellipsis is not supported; dims sharing a letter must have equal sizes.
 *
 * Everything is composed of differentiable primitives: a diagonal is a product with an identity
 * summed over, an unshared letter is summed first, and each pair of operands, taken left to right,
 * is permuted and reshaped into one batched matmul [batch, rows, contracted] @ [batch, contracted, cols].
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  const [lhs, rhs] = parse(equation, operands);
  const sizes = new Map<string, number>();
  let terms: Term[] = lhs.map((letters, i) => {
    const t = operands[i];
    if (letters.length !== t.ndim) {
      throw new RangeError(`einsum: operand ${i} has shape ${shapeStr(t.shape)} (rank ${t.ndim}), but '${letters.join('')}' names ${letters.length} dims`);
    }
    letters.forEach((l, d) => {
      const n = sizes.get(l);
      if (n !== undefined && n !== t.shape[d]) throw new RangeError(`einsum: dim '${l}' has size ${n} in one place and ${t.shape[d]} in operand ${i} (shape ${shapeStr(t.shape)})`);
      sizes.set(l, t.shape[d]);
    });
    return diagonals({ t, letters });
  });
  for (const l of rhs) if (!sizes.has(l)) throw new RangeError(`einsum: output letter '${l}' does not occur in any operand of '${equation}'`);

  const needed = (from: number) => new Set([...rhs, ...terms.slice(from).flatMap((x) => x.letters)]);
  let acc = sumOut(terms[0], needed(1));
  for (let i = 1; i < terms.length; i++) {
    const keep = needed(i + 1);
    acc = contract(acc, sumOut(terms[i], new Set([...keep, ...acc.letters])), keep);
  }
  acc = sumOut(acc, new Set(rhs));
  return acc.letters.length ? acc.t.permute(rhs.map((l) => acc.letters.indexOf(l))) : acc.t;
}

function parse(equation: string, operands: Tensor[]): [string[][], string[]] {
  const eq = equation.replace(/\s+/g, '');
  if (eq.includes('.')) throw new RangeError(`einsum: '...' (ellipsis) is not supported in '${equation}'; name every dim with a letter`);
  const [left, right, extra] = eq.split('->');
  if (extra !== undefined || !/^[a-zA-Z]*(,[a-zA-Z]*)*$/.test(left) || (right !== undefined && !/^[a-zA-Z]*$/.test(right))) {
    throw new RangeError(`einsum: cannot parse '${equation}' (expected letters, commas and at most one '->', e.g. 'ij,jk->ik')`);
  }
  const lhs = left.split(',').map((s) => [...s]);
  if (lhs.length !== operands.length) throw new RangeError(`einsum: '${equation}' names ${lhs.length} operands, got ${operands.length}`);
  if (right === undefined) {
    const count = new Map<string, number>();
    for (const l of lhs.flat()) count.set(l, (count.get(l) ?? 0) + 1);
    return [lhs, [...count].filter(([, n]) => n === 1).map(([l]) => l).sort()];
  }
  const rhs = [...right];
  if (new Set(rhs).size !== rhs.length) throw new RangeError(`einsum: output '${right}' repeats a letter`);
  return [lhs, rhs];
}

/** A letter repeated within one operand: keep the diagonal (product with an identity, summed). */
function diagonals(term: Term): Term {
  let { t, letters } = term;
  for (let q = letters.length - 1; q > 0; q--) {
    const p = letters.indexOf(letters[q]);
    if (p === q) continue;
    const n = t.shape[p];
    const mask = eye(n, { dtype: t.dtype }).reshape(t.shape.map((s, d) => (d === p || d === q ? n : 1)));
    t = t.mul(mask).sum(q);
    letters = letters.filter((_, d) => d !== q);
  }
  return { t, letters };
}

/** Sums the dims whose letters are not in `keep`. */
function sumOut({ t, letters }: Term, keep: Set<string>): Term {
  const dims = letters.flatMap((l, d) => (keep.has(l) ? [] : [d]));
  if (!dims.length) return { t, letters };
  return { t: t.sum(dims), letters: letters.filter((l) => keep.has(l)) };
}

/** The product of two terms summed over their shared letters that are not kept: one batched matmul. */
function contract(a: Term, b: Term, keep: Set<string>): Term {
  const inB = new Set(b.letters);
  const batch = a.letters.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.letters.filter((l) => inB.has(l) && !keep.has(l));
  const rows = a.letters.filter((l) => !inB.has(l));
  const cols = b.letters.filter((l) => !a.letters.includes(l));
  const size = (term: Term, ls: string[]) => ls.reduce((n, l) => n * term.t.shape[term.letters.indexOf(l)], 1);
  const arrange = (term: Term, order: string[], shape: number[]) =>
    term.t.permute(order.map((l) => term.letters.indexOf(l))).reshape(shape);
  const nb = size(a, batch), nk = size(a, summed);
  const left = arrange(a, [...batch, ...rows, ...summed], [nb, size(a, rows), nk]);
  const right = arrange(b, [...batch, ...summed, ...cols], [nb, nk, size(b, cols)]);
  const letters = [...batch, ...rows, ...cols];
  const shape = [...batch.map((l) => a.t.shape[a.letters.indexOf(l)]), ...rows.map((l) => a.t.shape[a.letters.indexOf(l)]), ...cols.map((l) => b.t.shape[b.letters.indexOf(l)])];
  return { t: left.matmul(right).reshape(shape), letters };
}
