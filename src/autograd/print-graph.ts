import type { Tensor } from '../tensor/tensor.js';
import type { Node } from './node.js';

/**
 * The graph behind t as text, one line per op in creation order, indented under the scopes
 * (losses) that recorded them:
 *   mse
 *     #4 sub [4] <- leaf[4], leaf[4]
 *     #5 square [4] <- #4
 *     #6 mul [4] <- #5, 0.25      (a JS number operand is shown as its value)
 */
export function printGraph(t: Tensor): string {
  const nodes: Node<any>[] = [];
  const seen = new Set<Node<any>>();
  const stack: Tensor[] = [t];
  while (stack.length) {
    const node = stack.pop()!.node;
    if (!node || seen.has(node)) continue;
    seen.add(node);
    nodes.push(node);
    stack.push(...node.inputs);
  }
  nodes.sort((a, b) => a.id - b.id);
  const lines: string[] = [];
  let open: string[] = [];
  for (const node of nodes) {
    const path = node.scope ? node.scope.split('/') : [];
    let common = 0;
    while (common < open.length && open[common] === path[common]) common++;
    for (let d = common; d < path.length; d++) lines.push(`${'  '.repeat(d)}${path[d]}`);
    open = path;
    const list = node.inputs.map((x) => (x.node ? `#${x.node.id}` : `${x.requiresGrad ? 'leaf' : 'const'}[${x.shape.join(',')}]`));
    // A JS number operand (ops/scalar.ts) is a param, not an input: show it in its place.
    const p = node.params as { scalar?: unknown; scalarFirst?: boolean } | undefined;
    if (typeof p?.scalar === 'number') list.splice(p.scalarFirst ? 0 : list.length, 0, String(p.scalar));
    const ins = node.freed ? '(freed)' : list.join(', ');
    lines.push(`${'  '.repeat(path.length)}#${node.id} ${node.op} [${node.out.shape.join(',')}] <- ${ins}`);
  }
  return lines.join('\n');
}
