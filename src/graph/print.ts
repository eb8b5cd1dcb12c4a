import type { Tensor } from '../tensor/tensor.js';
import { graphOf, type GraphValue } from '../autograd/tape/node.js';
import { checkOptions } from '../tensor/options.js';
import { collectNodes, paramNames, scalarOperand, scopePath, type ParamSource } from './walk.js';

export interface PrintGraphOptions {
  /** Names for the leaves (`model` or `model.namedParameters()`): printed instead of `leaf`. */
  params?: ParamSource;
}

/**
 * The graph behind t as text, one line per op in creation order, indented under the scopes
 * (modules and losses) that recorded them; leaves print as their parameter name when `params`
 * names them:
 *   mse
 *     #4 sub [4] <- w[4], const[4]
 *     #5 square [4] <- #4
 *     #6 mul [4] <- #5, 0.25      (a JS number operand shows as its value)
 */
export function printGraph(t: Tensor, opts: PrintGraphOptions = {}): string {
  checkOptions('printGraph', opts, { params: 'any' });
  const names = paramNames(opts.params);
  const leaf = (x: GraphValue): string => `${names.get(x) ?? (x.requiresGrad ? 'leaf' : 'const')}[${x.shape.join(',')}]`;
  const lines: string[] = [];
  let open: string[] = [];
  for (const node of collectNodes(t)) {
    const path = scopePath(node);
    let common = 0;
    while (common < open.length && open[common] === path[common]) common++;
    for (let d = common; d < path.length; d++) lines.push(`${'  '.repeat(d)}${path[d]}`);
    open = path;
    const { out, inputs } = graphOf(node);
    const list = inputs.map((x) => (x.node ? `#${x.node.id}` : leaf(x)));
    const scalar = scalarOperand(node);
    if (scalar) list.splice(scalar.first ? 0 : list.length, 0, String(scalar.value));
    const ins = list.join(', ');
    lines.push(`${'  '.repeat(path.length)}#${node.id} ${node.op} [${out.shape.join(',')}] <- ${ins}`);
  }
  return lines.join('\n');
}
