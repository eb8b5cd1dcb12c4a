/** Reading a finished tape: the graph as text (printGraph) or as Graphviz DOT (toDot). Never records. */
export { printGraph, type PrintGraphOptions } from './print.js';
export { toDot, type DotOptions } from './dot.js';
export { retainGrads, type ParamSource } from './walk.js';
export { printSteps, type PrintStepsOptions } from './steps.js';
