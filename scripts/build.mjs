// Builds everything that runs: the `conduit` CLI, the Electron main + preload, and the renderer.
//   node scripts/build.mjs             all three
//   node scripts/build.mjs --cli-only  just the CLI (for the benchmark and the kernel test)
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cliOnly = process.argv.includes('--cli-only');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Prefer packages' ES module builds: jsonc-parser's UMD `main` loads its parts with a dynamic
  // require that a bundle cannot resolve.
  mainFields: ['module', 'main'],
};

await esbuild({
  ...common,
  entryPoints: [path.join(root, 'cli/main.ts')],
  outfile: path.join(root, 'dist/cli/conduit.cjs'),
});

if (!cliOnly) {
  await esbuild({
    ...common,
    entryPoints: [path.join(root, 'electron/main/index.ts')],
    outfile: path.join(root, 'dist/electron/main.cjs'),
    external: ['electron'],
  });
  // The preload runs sandboxed: one bundled file, only `electron` external.
  await esbuild({
    ...common,
    entryPoints: [path.join(root, 'electron/preload/index.ts')],
    outfile: path.join(root, 'dist/electron/preload.cjs'),
    external: ['electron'],
  });
  await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}
