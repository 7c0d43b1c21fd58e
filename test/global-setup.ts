/**
 * Runs once before the whole suite: bundles the `conduit` CLI, which the CLI tests and the
 * kernel differential test run as a real process (`bin/conduit.cjs`). The browser tests build
 * the renderer themselves.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--cli-only'], {
    cwd: root,
    stdio: 'inherit',
  });
}
