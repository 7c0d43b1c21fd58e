import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Starts `node scripts/web.mjs --port 0` (which builds the renderer) and resolves with its URL. */
export interface WebServer {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export function startWebServer(args: readonly string[] = [], timeoutMs = 120_000): Promise<WebServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'scripts', 'web.mjs'), '--port', '0', ...args],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`web.mjs did not print its URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Conduit web UI: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web.mjs exited with ${code} before serving:\n${output}`));
    });
  });
}
