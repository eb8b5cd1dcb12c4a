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
 * ('ii->i', trace 'ii->'). '...' stands for the remaining dims of an operand, aligned from the
 * right and broadcast against the other operands' ('...qd,...kd->...qk'); without '->' they lead
 * the output. Dims sharing a letter must have equal sizes or size 1 (broadcast, as in PyTorch).
 *
 * Everything is composed of differentiable primitives: a broadcast is an expand, a diagonal a
 * product with an identity summed over, an unshared letter is summed first, and each pair of
 * operands, taken left to right, is permuted and reshaped into one batched matmul
 * [batch, rows, contracted] @ [batch, contracted, cols].
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  const [lhs, rhs] = parse(equation, operands);
  const sizes = new Map<string, number>();
  lhs.forEach((names, i) => names.forEach((l, d) => {
    const n = sizes.get(l), m = operands[i].shape[d];
    if (n !== undefined && n !== m && n !== 1 && m !== 1) {
      throw new RangeError(`einsum: dim '${show(l)}' has size ${n} in one place and ${m} in operand ${i} (shape ${shapeStr(operands[i].shape)})`);
    }
    if (n === undefined || n === 1) sizes.set(l, m);
  }));
  for (const l of rhs) if (!sizes.has(l)) throw new RangeError(`einsum: output letter '${show(l)}' does not occur in any operand of '${equation}'`);
  const terms: Term[] = lhs.map((letters, i) => {
    const t = operands[i], full = letters.map((l) => sizes.get(l)!);
    return diagonals({ t: full.some((n, d) => n !== t.shape[d]) ? t.expand(full) : t, letters });
  });

  const needed = (from: number) => new Set([...rhs, ...terms.slice(from).flatMap((x) => x.letters)]);
  let acc = sumOut(terms[0], needed(1));
  for (let i = 1; i < terms.length; i++) {
    const keep = needed(i + 1);
    acc = contract(acc, sumOut(terms[i], new Set([...keep, ...acc.letters])), keep);
  }
  acc = sumOut(acc, new Set(rhs));
  return acc.letters.length ? acc.t.permute(rhs.map((l) => acc.letters.indexOf(l))) : acc.t;
}

/** Dims under '...' are named '…0' (innermost), '…1', ...: shared by all operands, right-aligned. */
const ellipsisNames = (count: number) => Array.from({ length: count }, (_, j) => `…${count - 1 - j}`);
const show = (name: string) => (name.startsWith('…') ? '...' : name);

function parse(equation: string, operands: Tensor[]): [string[][], string[]] {
  const eq = equation.replace(/\s+/g, '');
  const [left, right, extra] = eq.split('->');
  const term = /^[a-zA-Z]*(\.\.\.)?[a-zA-Z]*$/;
  if (extra !== undefined || !left.split(',').every((t) => term.test(t)) || (right !== undefined && !term.test(right))) {
    throw new RangeError(`einsum: cannot parse '${equation}' (expected letters, at most one '...' per operand, commas and at most one '->', e.g. 'ij,jk->ik')`);
  }
  const terms = left.split(',');
  if (terms.length !== operands.length) throw new RangeError(`einsum: '${equation}' names ${terms.length} operands, got ${operands.length}`);
  let dots = 0;
  const lhs = terms.map((t, i) => {
    const [before, after] = t.split('...');
    const named = before.length + (after?.length ?? 0), rank = operands[i].ndim;
    if (after === undefined ? named !== rank : named > rank) {
      throw new RangeError(`einsum: operand ${i} has shape ${shapeStr(operands[i].shape)} (rank ${rank}), but '${t}' names ${named} dims`);
    }
    if (after === undefined) return [...before];
    dots = Math.max(dots, rank - named);
    return [...before, ...ellipsisNames(rank - named), ...after];
  });
  if (right === undefined) {
    const count = new Map<string, number>();
    for (const l of lhs.flat()) if (!l.startsWith('…')) count.set(l, (count.get(l) ?? 0) + 1);
    return [lhs, [...ellipsisNames(dots), ...[...count].filter(([, n]) => n === 1).map(([l]) => l).sort()]];
  }
  const [before, after] = right.split('...');
  const rhs = after === undefined ? [...before] : [...before, ...ellipsisNames(dots), ...after];
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
