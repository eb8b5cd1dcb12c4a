/**
 * Lays out the loss graph off the page's thread: receives { dot }, answers { svg } or { error }. Graphviz is wasm inside the bundle (no network).
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ dot: string }>) => void) | null;
  postMessage(message: { svg?: string; error?: string }): void;
}
const worker = self as unknown as WorkerScope;
const graphviz = Graphviz.load();

worker.onmessage = async ({ data: { dot } }) => {
  try {
    worker.postMessage({ svg: (await graphviz).dot(dot) });
  } catch (e) {
    worker.postMessage({ error: String((e as Error).message ?? e) });
  }
};
