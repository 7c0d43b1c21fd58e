import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_V8_FLAGS, relaunchArgs } from '../../bin/v8-flags.cjs';
import { bin, ensureCliBuilt, repoRoot } from './helpers';

/** The launcher starts site commands again in a node with a larger young generation (bin/v8-flags.cjs). */

const example = path.join(repoRoot, 'examples', 'plant-site');

describe('relaunchArgs', () => {
  it('starts site commands again with the flags, keeping node options and arguments', () => {
    expect(relaunchArgs('/b/conduit.cjs', ['analyze', 'site', '--json'], ['--inspect'], {})).toEqual([
      ...ANALYSIS_V8_FLAGS,
      '--inspect',
      '/b/conduit.cjs',
      'analyze',
      'site',
      '--json',
    ]);
    for (const command of ['zones', 'doh']) expect(relaunchArgs('c', [command, 'x'], [], {})).not.toBeNull();
  });

  it('runs in place for other commands, once relaunched, and when the user set the flag', () => {
    expect(relaunchArgs('c', ['query', 'x'], [], {})).toBeNull();
    expect(relaunchArgs('c', ['parse', 'x'], [], {})).toBeNull();
    expect(relaunchArgs('c', [], [], {})).toBeNull();
    expect(relaunchArgs('c', ['analyze', 'x'], [], { CONDUIT_V8_RELAUNCHED: '1' })).toBeNull();
    expect(relaunchArgs('c', ['analyze', 'x'], ['--max-semi-space-size=8'], {})).toBeNull();
    expect(relaunchArgs('c', ['analyze', 'x'], [], { NODE_OPTIONS: '--max-semi-space-size=8' })).toBeNull();
    // A flag that merely starts alike is not the same flag.
    expect(relaunchArgs('c', ['analyze', 'x'], ['--max-semi-space-size-x=8'], {})).not.toBeNull();
  });
});

describe('bin/conduit.cjs', () => {
  beforeAll(ensureCliBuilt, 180_000);

  /** Runs the launcher with a preload that records each node process's V8 flags in `log`. */
  function run(args: string[]): { status: number | null; stdout: string; flags: string[][] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-v8-'));
    const log = path.join(dir, 'flags.jsonl');
    const preload = path.join(dir, 'record.cjs');
    fs.writeFileSync(
      preload,
      `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.execArgv) + '\\n');\n`,
    );
    const r = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: `--require ${preload}`, CONDUIT_V8_RELAUNCHED: '' },
    });
    const flags = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    fs.rmSync(dir, { recursive: true, force: true });
    return { status: r.status, stdout: r.stdout, flags };
  }

  it('analyzes a site in a second node with the flags, passing its output and exit code through', () => {
    const r = run(['zones', example, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('zones');
    expect(r.flags).toHaveLength(2);
    expect(r.flags[1]).toEqual(expect.arrayContaining([...ANALYSIS_V8_FLAGS]));
    const bad = run(['analyze', path.join(example, 'no-such-file')]);
    expect(bad.status).toBe(2);
  }, 60_000);

  it('passes a signal that stops it on to the analysis, so none outlives it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-v8-'));
    const log = path.join(dir, 'pids');
    const preload = path.join(dir, 'hold.cjs');
    // Each node notes its pid; the relaunched one then holds still, as a long analysis would.
    fs.writeFileSync(
      preload,
      `require('node:fs').appendFileSync(${JSON.stringify(log)}, process.pid + '\\n');\n` +
        `if (process.env.CONDUIT_V8_RELAUNCHED) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30000);\n`,
    );
    const parent = spawn(process.execPath, [bin, 'analyze', example], {
      env: { ...process.env, NODE_OPTIONS: `--require ${preload}`, CONDUIT_V8_RELAUNCHED: '' },
      stdio: 'ignore',
    });
    const pids = async (): Promise<number[]> => {
      for (let i = 0; i < 200; i++) {
        const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
        if (lines.length === 2) return lines.map(Number);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the analysis did not start');
    };
    const [, child] = await pids();
    const exited = new Promise<NodeJS.Signals | null>((r) => parent.on('exit', (_, signal) => r(signal)));
    parent.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      for (let i = 0; i < 100 && alive(child!); i++) await new Promise((r) => setTimeout(r, 20));
      expect(alive(child!)).toBe(false);
    } finally {
      if (alive(child!)) process.kill(child!, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('answers other commands in the first node', () => {
    const r = run(['--version']);
    expect(r.status).toBe(0);
    expect(r.flags).toHaveLength(1);
  });
});
