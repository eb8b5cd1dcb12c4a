// Node module-customization hooks that let Node load tfjs-core's ESM build (dist/**/*.js) next to
// its CommonJS bundle (dist/tf-core.node.js). tfjs-core 4.22 ships the gradient registrations only
// as ESM files with extensionless relative imports in a package without "type": "module", so Node
// cannot import `@tensorflow/tfjs-core/dist/register_all_gradients` as is. These hooks:
//  - resolve an extensionless relative import inside tfjs-core/dist to `<spec>.js` (or
//    `<spec>/index.js`), as a bundler would;
//  - load every tfjs-core/dist file other than the *.node.js bundle as an ES module.
// The ESM copy shares the engine and the kernel/gradient registries with the CJS bundle (tfjs keeps
// them on globalThis), which is also what the @tensorflow/tfjs umbrella's node bundle relies on.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = '/@tensorflow/tfjs-core/dist/';

function isTfjsEsm(url) {
  return url.startsWith('file:') && url.includes(DIST) && !url.endsWith('.node.js');
}

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent && isTfjsEsm(parent) && specifier.startsWith('.') && !specifier.endsWith('.js')) {
    const base = fileURLToPath(new URL(specifier, parent));
    for (const candidate of [`${base}.js`, `${base}/index.js`]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) {
        return { url: pathToFileURL(candidate).href, format: 'module', shortCircuit: true };
      }
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (isTfjsEsm(url)) {
    return nextLoad(url, { ...context, format: 'module' });
  }
  return nextLoad(url, context);
}
