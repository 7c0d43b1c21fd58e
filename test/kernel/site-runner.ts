/**
 * Glue for the kernel site differential test: builds the job for site-harness.py (the Linux
 * side), runs it, writes the folder Conduit reads (`<fw>.iptables-save`, `<fw>.ip-addr.json`,
 * `<fw>.ip-route.json`), runs `conduit query FOLDER --probes PROBES.csv --json`, and finds the
 * lines of the kernel's own dump that a citation may name.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICMP, TCP, UDP, intToIp } from './ipt-model';
import { CLI, ROOT, checkCapability, type Capability } from './kernel-runner';
import type { Firewall, FirewallName, SiteNode, SiteProbe, Variant } from './site-model';

export const SITE_HARNESS = fileURLToPath(new URL('./site-harness.py', import.meta.url));

/** `harness.py check` (root, iproute2, iptables, namespaces), then bridges and veths. */
export function checkSiteCapability(): Capability {
  const cap = checkCapability();
  if (!cap.ok) return cap;
  try {
    const out = execFileSync('python3', ['-B', SITE_HARNESS, 'check'], { encoding: 'utf8', timeout: 30_000 });
    const site = JSON.parse(out) as { ok: boolean; reason: string };
    return site.ok ? cap : { ok: false, reason: site.reason, backends: [] };
  } catch (e) {
    return {
      ok: false,
      reason: `site-harness.py check failed: ${(e as Error).message.split('\n')[0]}`,
      backends: [],
    };
  }
}

export interface Site {
  index: number;
  name: string;
  seed: number;
  variant: Variant;
  nodes: SiteNode[];
  fws: Firewall[];
  probes: SiteProbe[];
}

export interface SiteKernelResult {
  name: string;
  backend: string;
  /** probe id -> host that captured it */
  arrived: Record<string, string>;
  /** ids that arrived only when sent a second time (lost, not denied) */
  recovered: number[];
  error: string | null;
  saved: Record<string, string>;
  addr: Record<string, string>;
  route: Record<string, string>;
  socketDrops?: number;
  softnetDrops?: number;
  barrierFallbacks?: number;
  probeMs?: number;
  ms?: number;
}

export interface SiteKernelRun {
  backends: string[];
  ms: number;
  sites: SiteKernelResult[];
}

function run(
  cmd: string,
  args: string[],
  timeout: number,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd: ROOT, timeout, maxBuffer: 256 << 20, encoding: 'utf8' }, (error, out, err) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, out, err: err || (error && code === -1 ? error.message : '') });
    });
  });
}

export async function runSiteKernel(
  dir: string,
  prefix: string,
  nonce: number,
  sites: Site[],
): Promise<SiteKernelRun> {
  const job = {
    prefix,
    nonce,
    sites: sites.map((s) => ({
      name: s.name,
      nodes: s.nodes,
      rules: Object.fromEntries(s.fws.map((f) => [f.name, f.rendered.text])),
      probes: s.probes.map((p) => [
        p.id,
        p.srcHost,
        p.proto,
        intToIp(p.src),
        intToIp(p.dst),
        p.sport,
        p.dport,
      ]),
    })),
  };
  const jobPath = join(dir, 'site-job.json');
  const outPath = join(dir, 'site-kernel.json');
  writeFileSync(jobPath, JSON.stringify(job));
  const r = await run('python3', ['-B', SITE_HARNESS, 'run', jobPath, outPath], 110_000);
  if (r.code !== 0 || !existsSync(outPath))
    throw new Error(`site-harness.py failed (exit ${r.code}):\n${r.err}${r.out}`);
  return JSON.parse(readFileSync(outPath, 'utf8')) as SiteKernelRun;
}

export function teardownSites(prefix: string): void {
  try {
    execFileSync('python3', ['-B', SITE_HARNESS, 'teardown', prefix], { stdio: 'ignore', timeout: 30_000 });
  } catch {
    // best effort; site-harness.py also reaps namespaces of dead runs
  }
}

/** Writes the folder the CLI reads; returns its path. */
export function writeSiteFolder(dir: string, site: Site, k: SiteKernelResult): string {
  const folder = join(dir, site.name);
  mkdirSync(folder, { recursive: true });
  for (const fw of site.fws) {
    writeFileSync(join(folder, `${fw.name}.iptables-save`), k.saved[fw.name] ?? '');
    writeFileSync(join(folder, `${fw.name}.ip-addr.json`), k.addr[fw.name] ?? '');
    writeFileSync(join(folder, `${fw.name}.ip-route.json`), k.route[fw.name] ?? '');
  }
  return folder;
}

const protoName = (p: number): string =>
  p === TCP ? 'tcp' : p === UDP ? 'udp' : p === ICMP ? 'icmp' : String(p);

/** Probes with empty device, in and out: end to end across the site. */
export function siteProbesCsv(probes: SiteProbe[]): string {
  const rows = probes.map((p) =>
    [p.id, '', '', '', protoName(p.proto), intToIp(p.src), intToIp(p.dst), p.sport, p.dport].join(','),
  );
  return ['id,device,in,out,proto,src,dst,sport,dport', ...rows, ''].join('\n');
}

export const probeText = (p: SiteProbe): string =>
  `#${p.id} ${protoName(p.proto)} ${intToIp(p.src)}${p.proto === ICMP ? '' : `:${p.sport}`} (${p.srcHost}) -> ` +
  `${intToIp(p.dst)}${p.proto === ICMP ? ' echo-request' : `:${p.dport}`} (${p.dstHost})`;

export interface SiteAnswer {
  verdict: string;
  device: string | null;
  file: string;
  line: number | null;
  reason: string;
  uncertain: string[];
  raw: string;
}

/** `conduit query FOLDER --probes PROBES --json`: one JSON object per probe. */
export async function runConduitSite(
  folder: string,
  probes: string,
): Promise<Map<number, SiteAnswer> | string> {
  const r = await run(process.execPath, [CLI, 'query', folder, '--probes', probes, '--json'], 60_000);
  if (r.code !== 0) return `conduit exited ${r.code}: ${(r.err.trim() || r.out.trim()).slice(0, 1500)}`;
  const answers = new Map<number, SiteAnswer>();
  for (const line of r.out.split('\n')) {
    if (!line.trim()) continue;
    let a: {
      id?: unknown;
      verdict?: unknown;
      device?: unknown;
      rule?: { file?: unknown; line?: unknown } | null;
      reason?: unknown;
      uncertain?: unknown;
    };
    try {
      a = JSON.parse(line) as typeof a;
    } catch {
      return `conduit printed a line that is not JSON: ${line.slice(0, 200)}`;
    }
    answers.set(Number(a.id), {
      verdict: String(a.verdict),
      device: typeof a.device === 'string' ? a.device : null,
      file: String(a.rule?.file ?? ''),
      line: typeof a.rule?.line === 'number' ? a.rule.line : null,
      reason: typeof a.reason === 'string' ? a.reason : '',
      uncertain: Array.isArray(a.uncertain) ? a.uncertain.map(String) : [],
      raw: line.slice(0, 600),
    });
  }
  return answers;
}

/** Where the kernel's own dump has the FORWARD policy and each generated rule (same order). */
export interface DumpLines {
  policyLine: number;
  ruleLines: number[];
  /** 1-based line -> what kind of line it is, for judging a citation */
  kind: Map<number, 'deny' | 'accept' | 'policy-deny' | 'policy-accept' | 'other'>;
}

export function dumpLines(saved: string, fw: FirewallName, ruleCount: number): DumpLines | string {
  const lines = saved.split('\n');
  const start = lines.indexOf('*filter');
  const end = lines.findIndex((l, i) => i > start && l === 'COMMIT');
  if (start < 0 || end < 0) return `${fw}: no *filter section in iptables-save output`;
  let policyLine = 0;
  const ruleLines: number[] = [];
  const kind: DumpLines['kind'] = new Map();
  for (let i = start + 1; i < end; i++) {
    const l = lines[i] ?? '';
    const m = /^:(\S+) (ACCEPT|DROP)/.exec(l);
    if (m) kind.set(i + 1, m[2] === 'DROP' ? 'policy-deny' : 'policy-accept');
    if (m?.[1] === 'FORWARD') policyLine = i + 1;
    if (l.startsWith('-A '))
      kind.set(i + 1, / -j (DROP|REJECT)\b/.test(l) ? 'deny' : / -j ACCEPT\b/.test(l) ? 'accept' : 'other');
    if (l.startsWith('-A FORWARD ')) ruleLines.push(i + 1);
  }
  if (ruleLines.length !== ruleCount)
    return `${fw}: iptables-save printed ${ruleLines.length} FORWARD rules, the generator made ${ruleCount}`;
  return { policyLine, ruleLines, kind };
}
