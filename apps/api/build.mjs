// Bundles the API server (dist/main.js), the background worker (dist/worker.js), the migration
// and demo-seed commands (dist/migrate.js, dist/seed.js), with the
// workspace packages they import as TypeScript.
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
  entryPoints: {
    main: 'src/main.ts',
    worker: 'src/worker-main.ts',
    migrate: 'src/migrate-main.ts',
    seed: 'src/seed-main.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [...external].flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});
