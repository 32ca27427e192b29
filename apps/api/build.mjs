// Bundles the API (and the workspace packages it imports as TypeScript) into dist/main.js.
// Third-party packages stay external and load from node_modules.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const manifests = ['package.json', '../../packages/db/package.json', '../../packages/contracts/package.json'];
const external = new Set();
for (const file of manifests) {
  const pkg = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
  for (const name of Object.keys(pkg.dependencies ?? {}))
    if (!name.startsWith('@societas/')) external.add(name);
}

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [...external].flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});
