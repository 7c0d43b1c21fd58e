/**
 * Kernel differential test for nftables: seeded random rulesets (nft-generate.ts) are loaded with
 * `nft -f` into a network-namespace router (nft-harness.py, on harness.py's topology), real
 * packets are sent through it, and Conduit's verdict on each probe must be the kernel's: on the
 * generated text, on the kernel's own `nft list ruleset` and on its `nft -j list ruleset`. A
 * cited line must be a line of the file that can decide so (an accept for a permit; a drop, a
 * reject or a drop policy for a deny).
 *
 * Needs root, iproute2, nftables and python3; skipped with the reason where it cannot run,
 * except under CI=true (where only a missing `nft` command still skips: .ci/run does not
 * install the nftables package). Knobs: NFT_DIFF_SEED=N NFT_DIFF_RULESETS=12 NFT_DIFF_KEEP=1.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Device } from '../../models/device';
import { importConfig } from '../../models/import';
import { parseAddress } from '../../models/net';
import { evaluateDevice, type Verdict } from '../../models/reach';
import { ROUTES } from './ipt-model';
import { type NftCase, type NftProbe, generateCase } from './nft-generate';

const HARNESS = fileURLToPath(new URL('./nft-harness.py', import.meta.url));
const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : dflt;
};
const SEED = envInt('NFT_DIFF_SEED', 4242);
const RULESETS = envInt('NFT_DIFF_RULESETS', 12);

function capability(): { ok: boolean; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  try {
    return JSON.parse(
      execFileSync('python3', ['-B', HARNESS, 'check'], { encoding: 'utf8', timeout: 30_000 }),
    ) as {
      ok: boolean;
      reason: string;
    };
  } catch (e) {
    return { ok: false, reason: `nft-harness.py check failed: ${(e as Error).message.split('\n')[0]}` };
  }
}

interface KernelRuleset {
  name: string;
  arrived: Record<string, string>;
  recovered: number;
  error: string | null;
  saved?: string;
  savedJson?: string;
}

function runKernel(
  dir: string,
  prefix: string,
  nonce: number,
  cases: readonly NftCase[],
): Promise<KernelRuleset[]> {
  const job = {
    prefix,
    nonce,
    routes: ROUTES,
    rulesets: cases.map((c) => ({
      name: c.name,
      rules: c.text,
      probes: c.probes.map((p) => [p.id, p.inIf, p.proto, p.src, p.dst, p.sport, p.dport, p.outIf]),
    })),
  };
  const jobPath = join(dir, 'job.json');
  const outPath = join(dir, 'kernel.json');
  writeFileSync(jobPath, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      ['-B', HARNESS, 'run', jobPath, outPath],
      { timeout: 240_000, maxBuffer: 64 << 20 },
      (err, _out, stderr) => {
        if (err) reject(new Error(`nft-harness.py failed: ${err.message}\n${stderr}`));
        else resolve((JSON.parse(readFileSync(outPath, 'utf8')) as { rulesets: KernelRuleset[] }).rulesets);
      },
    );
  });
}

function conduitVerdict(dev: Device, p: NftProbe): Verdict {
  const a = parseAddress(p.src);
  const b = parseAddress(p.dst);
  if (!a.ok || !b.ok) throw new Error(`bad probe address ${p.src} ${p.dst}`);
  return evaluateDevice(dev, {
    flow: { proto: p.proto, src: a.value, dst: b.value, sport: p.sport, dport: p.dport },
    attachment: 'transit',
    inInterface: p.inIf,
    outInterface: p.outIf,
  });
}

/** Why a verdict's citation cannot be right, or null. */
function citationProblem(v: Verdict, lines: readonly string[]): string | null {
  if (v.rule === null) return v.reason === 'unfiltered' && v.action === 'permit' ? null : 'no line cited';
  const text = lines[v.rule.line - 1];
  if (text !== v.rule.text) return `cited text is not line ${v.rule.line}`;
  // A verdict map decides either way, by its elements (named maps live elsewhere in the file).
  const ok =
    /\bvmap\b/.test(text) ||
    (v.action === 'permit' ? /\baccept\b/.test(text) : /\b(drop|reject)\b/.test(text));
  return ok ? null : `line ${v.rule.line} cannot ${v.action}: ${text.trim()}`;
}

const cap = capability();
const ci = process.env.CI === 'true';

describe('nftables kernel differential', () => {
  // .ci/run does not install the nftables package (yet): without the nft command the test is
  // skipped with its reason even in CI, rather than failing a run that cannot load a ruleset.
  const noNft = /no 'nft' command/.test(cap.reason);
  if (!cap.ok && (!ci || noNft)) {
    console.warn(`nftables kernel differential skipped: ${cap.reason}`);
    it.skip(`skipped: ${cap.reason}`, () => {});
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'conduit-nftdiff-'));
  afterAll(() => {
    if (process.env.NFT_DIFF_KEEP === '1') console.log(`nftables differential files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  });

  it(`Conduit gives the kernel's verdict on every probe (seed ${SEED}, ${RULESETS} rulesets)`, async () => {
    if (!cap.ok) throw new Error(`CI=true but the nftables differential cannot run: ${cap.reason}`);
    const cases = Array.from({ length: RULESETS }, (_, i) => generateCase(SEED + i));
    const kernel = await runKernel(dir, `cdk-${process.pid}-n`, (SEED * 2654435761) >>> 0, cases);
    const failures: string[] = [];
    const counts = { probes: 0, permit: 0, deny: 0, lost: 0, uncertain: 0 };
    for (let k = 0; k < cases.length; k++) {
      const c = cases[k]!;
      const kr = kernel[k]!;
      if (kr.error !== null) {
        failures.push(`${c.name}: the kernel refused the ruleset: ${kr.error}\n${c.text}`);
        continue;
      }
      counts.lost += kr.recovered;
      const forms: Array<[string, string]> = [
        [`${c.name}.nft`, c.text],
        [`${c.name}.saved.nft`, kr.saved ?? ''],
        [`${c.name}.saved.json`, kr.savedJson ?? ''],
      ];
      for (const [name, text] of forms) {
        const result = importConfig({ name, text });
        const noisy = result.diagnostics.filter((d) => d.severity !== 'info');
        if (result.vendor !== 'nftables' || result.devices.length !== 1 || noisy.length > 0) {
          failures.push(`${name}: ${noisy.map((d) => `${d.source.line}: ${d.message}`).join('; ')}\n${text}`);
          continue;
        }
        const dev = result.devices[0]!;
        const lines = text.split('\n');
        for (const p of c.probes) {
          const truth = kr.arrived[String(p.id)] !== undefined ? 'permit' : 'deny';
          const v = conduitVerdict(dev, p);
          if (name.endsWith('.nft') && !name.includes('saved')) {
            counts.probes++;
            counts[truth]++;
          }
          if (v.uncertain.length > 0) {
            counts.uncertain++;
            continue;
          }
          const cite = name.endsWith('.json') ? null : citationProblem(v, lines);
          if (v.action !== truth || cite !== null)
            failures.push(
              `--- ${name} probe ${p.id}: ${p.inIf}->${p.outIf} proto ${p.proto} ${p.src}:${p.sport} -> ${p.dst}:${p.dport}: kernel ${truth}, Conduit ${v.action}${cite ? ` (${cite})` : ''}; cited ${v.rule ? `${v.rule.line}: ${v.rule.text.trim()}` : 'nothing'}\n${text}`,
            );
        }
      }
    }
    console.info(`nftables kernel differential: ${JSON.stringify(counts)} (seed ${SEED})`);
    expect(
      failures.length,
      `${failures.length} failures\n${failures.slice(0, Number(process.env.NFT_DIFF_SHOW ?? 4)).join('\n\n')}`,
    ).toBe(0);
    expect(counts.permit).toBeGreaterThan(counts.probes * 0.1);
    expect(counts.deny).toBeGreaterThan(counts.probes * 0.1);
    expect(counts.uncertain).toBe(0);
  }, 300_000);
});
