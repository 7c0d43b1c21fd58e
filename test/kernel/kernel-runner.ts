/**
 * Glue for the kernel differential test: runs harness.py (the Linux side), runs the conduit CLI
 * on the same rulesets and probes, and lines the answers up probe by probe.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ICMP,
  ROUTES,
  TCP,
  UDP,
  evaluate,
  intToIp,
  preferredBackend,
  prefixRange,
  type Decision,
  type Probe,
  type Rule,
  type Ruleset,
} from './ipt-model';
import { renderRule, type Rendered } from './ipt-render';

export const HARNESS = fileURLToPath(new URL('./harness.py', import.meta.url));
export const ROOT = resolve(dirname(HARNESS), '../..');
export const CLI = join(ROOT, 'bin', 'conduit.cjs');
/** bin/conduit.cjs is a launcher; this is what `npm run build` produces. */
export const CLI_BUNDLE = join(ROOT, 'dist', 'cli', 'conduit.cjs');

export interface Capability {
  ok: boolean;
  reason: string;
  backends: string[];
}

export function checkCapability(): Capability {
  if (process.platform !== 'linux')
    return { ok: false, reason: `not Linux (${process.platform})`, backends: [] };
  try {
    const out = execFileSync('python3', ['-B', HARNESS, 'check'], { encoding: 'utf8', timeout: 30_000 });
    return JSON.parse(out) as Capability;
  } catch (e) {
    return {
      ok: false,
      reason: `python3 harness check failed: ${(e as Error).message.split('\n')[0]}`,
      backends: [],
    };
  }
}

/** One ruleset as the test knows it: the model, its text, its probes, and where its files are. */
export interface Case {
  index: number;
  name: string;
  seed: number;
  rs: Ruleset;
  rendered: Rendered;
  probes: Probe[];
  rulesPath: string;
  probesPath: string;
}

export interface KernelResult {
  name: string;
  backend: string;
  arrived: Record<string, string>;
  recovered: number;
  error: string | null;
  /** why the kernel did not run this ruleset although it could have (not a failure) */
  skipped?: string;
  saved?: string;
  socketDrops?: number;
  softnetDrops?: number;
  barrierFallbacks?: number;
  ms?: number;
}

export interface KernelRun {
  backends: string[];
  ms: number;
  rulesets: KernelResult[];
}

function run(
  cmd: string,
  args: string[],
  timeout: number,
  cwd = ROOT,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, timeout, maxBuffer: 256 << 20, encoding: 'utf8' }, (error, out, err) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, out, err: err || (error && code === -1 ? error.message : '') });
    });
  });
}

export async function runKernel(
  dir: string,
  prefix: string,
  nonce: number,
  cases: Case[],
): Promise<KernelRun> {
  const job = {
    prefix,
    nonce,
    routes: ROUTES,
    rulesets: cases.map((c) => ({
      name: c.name,
      backend: preferredBackend(c.rs),
      rules: c.rendered.text,
      probes: c.probes.map((p) => [
        p.id,
        p.inIf,
        p.proto,
        intToIp(p.src),
        intToIp(p.dst),
        p.sport,
        p.dport,
        p.outIf,
      ]),
    })),
  };
  const jobPath = join(dir, 'job.json');
  const outPath = join(dir, 'kernel.json');
  writeFileSync(jobPath, JSON.stringify(job));
  const r = await run('python3', ['-B', HARNESS, 'run', jobPath, outPath], 110_000);
  if (r.code !== 0 || !existsSync(outPath))
    throw new Error(`harness.py failed (exit ${r.code}):\n${r.err}${r.out}`);
  return JSON.parse(readFileSync(outPath, 'utf8')) as KernelRun;
}

export function teardown(prefix: string): void {
  try {
    execFileSync('python3', ['-B', HARNESS, 'teardown', prefix], { stdio: 'ignore', timeout: 30_000 });
  } catch {
    // best effort; harness.py also reaps namespaces of dead runs
  }
}

// ---------------------------------------------------------------------------------------------
// conduit

function protoName(p: number): string {
  return p === TCP ? 'tcp' : p === UDP ? 'udp' : p === ICMP ? 'icmp' : String(p);
}

export function probesCsv(probes: Probe[]): string {
  const rows = probes.map((p) => {
    const ports = p.proto === TCP || p.proto === UDP || p.proto === ICMP ? [p.sport, p.dport] : ['', ''];
    return [p.id, '', p.inIf, p.outIf, protoName(p.proto), intToIp(p.src), intToIp(p.dst), ...ports].join(
      ',',
    );
  });
  return ['id,device,in,out,proto,src,dst,sport,dport', ...rows, ''].join('\n');
}

export function probeRow(p: Probe): string {
  return probesCsv([p]).split('\n')[1] ?? '';
}

export interface ConduitAnswer {
  verdict: string;
  file: string;
  line: number | null;
  /** Conduit's own reasons to doubt this verdict (service names, unmodelled matches...) */
  uncertain: string[];
}

/** `conduit query RULES --probes PROBES --json`: one JSON object per probe. */
export async function runConduit(
  rules: string,
  probes: string,
): Promise<Map<number, ConduitAnswer> | string> {
  const r = await run(process.execPath, [CLI, 'query', rules, '--probes', probes, '--json'], 60_000);
  if (r.code !== 0) return `conduit exited ${r.code}: ${r.err.trim() || r.out.trim().slice(0, 500)}`;
  const answers = new Map<number, ConduitAnswer>();
  for (const line of r.out.split('\n')) {
    if (!line.trim()) continue;
    let a: {
      id?: unknown;
      verdict?: unknown;
      rule?: { file?: unknown; line?: unknown } | null;
      uncertain?: unknown;
    };
    try {
      a = JSON.parse(line) as typeof a;
    } catch {
      return `conduit printed a line that is not JSON: ${line.slice(0, 200)}`;
    }
    answers.set(Number(a.id), {
      verdict: String(a.verdict),
      file: String(a.rule?.file ?? ''),
      line: typeof a.rule?.line === 'number' ? a.rule.line : null,
      uncertain: Array.isArray(a.uncertain) ? a.uncertain.map(String) : [],
    });
  }
  return answers;
}

/** The CSV form of the same command (`id,verdict,file,line`), for the contract smoke check. */
export async function runConduitCsv(rules: string, probes: string): Promise<string[] | string> {
  const r = await run(process.execPath, [CLI, 'query', rules, '--probes', probes], 60_000);
  if (r.code !== 0) return `conduit exited ${r.code}: ${r.err.trim()}`;
  return r.out.split('\n').filter((l) => /^\d+,/.test(l));
}

export async function pool<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

// ---------------------------------------------------------------------------------------------
// citations in the kernel's own iptables-save output

/** Lines a correct citation may name in `saved` for decision `d` (rules with -s a,b expand). */
export function savedLines(c: Case, saved: string, d: Decision, p: Probe): number[] {
  const lines = saved.split('\n');
  const table = d.rule < 0 ? 'filter' : (c.rs.rules[d.rule]?.table ?? 'filter');
  const start = lines.indexOf(`*${table}`);
  const end = lines.findIndex((l, i) => i > start && l === 'COMMIT');
  const inTable = (i: number): boolean => start >= 0 && i > start && i < end;
  if (d.rule < 0) return [lines.findIndex((l, i) => inTable(i) && l.startsWith(':FORWARD ')) + 1];
  const rule = c.rs.rules[d.rule];
  if (!rule) return [];
  const head = `-A ${rule.chain}`;
  const chainLines = lines.flatMap((l, i) =>
    inTable(i) && (l.startsWith(`${head} `) || l === head) ? [i + 1] : [],
  );
  const width = (r: Rule, dir: 's' | 'd'): number => {
    const m = r.matches.find((x) => x.kind === 'addr' && x.dir === dir);
    return m && m.kind === 'addr' ? m.nets.length : 1;
  };
  let at = 0;
  for (const r of c.rs.rules.slice(0, d.rule)) {
    if ((r.table ?? 'filter') === table && r.chain === rule.chain) at += width(r, 's') * width(r, 'd');
  }
  /** Which of the rule's nets in one direction hold the probe's address (all of them if none is given). */
  const hits = (dir: 's' | 'd'): number[] => {
    const m = rule.matches.find((x) => x.kind === 'addr' && x.dir === dir);
    if (!m || m.kind !== 'addr') return [0];
    const a = dir === 's' ? p.src : p.dst;
    const inside = m.nets.flatMap(([n, l], i) =>
      a >= prefixRange(n, l)[0] && a <= prefixRange(n, l)[1] ? [i] : [],
    );
    // A negated list is refused by iptables, so a negation has one net; no net holds the probe.
    return inside.length > 0 ? inside : [0];
  };
  // -I with several addresses inserts each expansion at the same position: they end up reversed.
  // Several expansions may hold the probe (overlapping nets): the kernel stops at the first in
  // chain order, so the citation is the matching expansion with the lowest position.
  const n = width(rule, 's') * width(rule, 'd');
  const reversed = c.rs.style === 'terse' && rule.dialect?.insert !== undefined;
  const positions = hits('s').flatMap((si) => hits('d').map((di) => si * width(rule, 'd') + di));
  if (positions.length === 0) return [];
  const first = Math.min(...positions.map((k) => (reversed ? n - 1 - k : k)));
  const line = chainLines[at + first];
  return line === undefined ? [] : [line];
}

// ---------------------------------------------------------------------------------------------
// reporting

export function listing(text: string, mark: number[] = []): string {
  return text
    .split('\n')
    .map((l, i) => `${mark.includes(i + 1) ? '>' : ' '}${String(i + 1).padStart(4)} | ${l}`)
    .join('\n');
}

export function describeDecision(c: Case, d: Decision): string {
  const rule = c.rs.rules[d.rule];
  const table = rule?.table && rule.table !== 'filter' ? `[${rule.table}] ` : '';
  return rule
    ? `${d.verdict} by line ${c.rendered.ruleLines[d.rule]}: ${table}${renderRule(rule, c.rs.style)}`
    : `${d.verdict} by the FORWARD policy (line ${c.rendered.policyLine})`;
}

export function reference(c: Case): Decision[] {
  return c.probes.map((p) => evaluate(c.rs, p));
}
