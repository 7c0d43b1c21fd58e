/**
 * Cross-vendor consistency for nftables: the generated capirca policies of policy.ts, rendered
 * with capirca's `nftables` target (header `nftables inet INPUT`: capirca's `inet` is IPv4, an
 * nftables `table ip` with one input base chain that jumps to one chain per term), must give on
 * Conduit the policy's own first-match answer for every flow, citing a line of the deciding
 * term's chain (or, for the default, the base chain's `policy` line).
 *
 * Differences of the target handled explicitly, by adapting the policy before rendering (the
 * truth is computed on the adapted policy, never loosened afterwards):
 * - capirca's nftables target has no `reject`: reject terms become deny terms (both deny).
 * - Debian's capirca crashes rendering a single `icmp-type::`, so ICMP terms keep no type.
 * - Debian's capirca writes ports only when a term has both source and destination ports (with
 *   only one side it silently writes the protocol alone), so a term with ports on one side gets
 *   the full range 1-65535 on the other; every generated flow has ports >= 1.
 * - An accept term with no condition at all is written `ct state newaccept` (a missing blank;
 *   nft refuses the file), so such a term gets `protocol:: tcp udp icmp gre esp`.
 * - Accept terms carry `ct state new` and the base chain accepts established,related: an ICMP
 *   message that is not a query is INVALID to conntrack, so no accept term takes it (the
 *   `stateful` truth). `option:: tcp-established` terms are not rendered by the target (they
 *   match no new connection anyway).
 *
 * Skipped (with the reason) when python3-capirca is not installed, except under CI=true.
 * Knobs as in cross-vendor.test.ts: XV_SEED=N|random XV_POLICIES=100 XV_FLOWS=300 XV_KEEP=1.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importConfig } from '../../models/import';
import { formatFlow } from '../../models/net';
import { evaluateDevice } from '../../models/reach';
import { capircaMissing } from './capirca';
import {
  type Policy,
  type Proto,
  type Term,
  firstMatch,
  generateFlows,
  generatePolicy,
  renderPolicy,
} from './policy';

const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : dflt;
};
const SEED =
  process.env.XV_SEED === 'random'
    ? randomBytes(4).readUInt32BE(0) % 1_000_000
    : process.env.XV_SEED
      ? Number(process.env.XV_SEED) >>> 0
      : 20261204;
const POLICIES = envInt('XV_POLICIES', 100);
const FLOWS = envInt('XV_FLOWS', 300);
const SHOWN = 6;
const FULL: readonly (readonly [number, number])[] = [[1, 65535]];
/** Every protocol the flows use but OSPF (see below). */
const UNCONDITIONAL: readonly Proto[] = ['tcp', 'udp', 'icmp', 'gre', 'esp'];

/** The policy as capirca's nftables target can render it faithfully (see the header). */
export function adaptForNftables(policy: Policy): Policy {
  const terms: Term[] = policy.terms.map((t) => ({
    ...t,
    protos:
      t.protos === null && t.src === null && t.dst === null && t.action === 'accept'
        ? UNCONDITIONAL
        : t.protos,
    action: t.action === 'reject' ? 'deny' : t.action,
    icmpType: null,
    sports: t.sports === null && t.dports !== null ? FULL : t.sports,
    dports: t.dports === null && t.sports !== null ? FULL : t.dports,
  }));
  return { ...policy, terms };
}

/** The .pol text with the nftables target as its only target. */
function nftablesPol(policy: Policy): { pol: string; networks: string; services: string } {
  const r = renderPolicy(policy);
  const lines = r.pol.split('\n');
  const targets = lines.filter((l) => /^\s*target::/.test(l));
  const first = lines.indexOf(targets[0]!);
  const kept = lines.filter((l) => !/^\s*target::/.test(l));
  kept.splice(first, 0, `  target:: nftables inet INPUT ${policy.catchAll ? 'ACCEPT' : 'DROP'}`);
  return { ...r, pol: kept.join('\n') };
}

function renderNft(dir: string, policies: readonly Policy[]): Map<string, string> {
  mkdirSync(join(dir, 'pol'), { recursive: true });
  mkdirSync(join(dir, 'def'), { recursive: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  const rendered = policies.map((p) => ({ p, ...nftablesPol(p) }));
  writeFileSync(join(dir, 'def', 'NETWORK.net'), rendered.map((r) => r.networks).join('\n'));
  writeFileSync(join(dir, 'def', 'SERVICES.svc'), rendered.map((r) => r.services).join('\n'));
  for (const r of rendered) writeFileSync(join(dir, 'pol', `${r.p.name}.pol`), r.pol);
  const run = spawnSync(
    'aclgen',
    [
      `--base_directory=${dir}`,
      `--definitions_directory=${join(dir, 'def')}`,
      `--output_directory=${join(dir, 'out')}`,
      '--max_renderers=2',
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (run.error || run.status !== 0)
    throw new Error(`aclgen failed (exit ${run.status}): ${run.error?.message ?? ''}\n${run.stderr}`);
  const out = new Map<string, string>();
  for (const r of rendered) {
    const file = join(dir, 'out', `${r.p.name}.nft`);
    if (!existsSync(file)) throw new Error(`aclgen wrote no ${file}:\n${r.pol}\n${run.stderr}`);
    out.set(r.p.name, readFileSync(file, 'utf8'));
  }
  return out;
}

/** The term whose chain holds a cited line, `null` for the base chain's policy line, or a problem. */
function citedTerm(
  lines: readonly string[],
  line: number,
  text: string,
): { term: string | null; problem?: string } {
  if (lines[line - 1] !== text)
    return { term: null, problem: `cited text ${JSON.stringify(text)} is not line ${line}` };
  if (/^\s*type filter hook input priority \d+; policy (drop|accept);\s*$/.test(text)) return { term: null };
  for (let i = line - 2; i >= 0; i--) {
    const m = /^\s*chain (\S+) \{\s*$/.exec(lines[i]!);
    if (m)
      return /^root\d*$/.test(m[1]!)
        ? { term: null, problem: 'cites a rule of the base chain' }
        : { term: m[1]! };
  }
  return { term: null, problem: 'not inside a chain' };
}

const missing = capircaMissing();
const ci = process.env.CI === 'true';

describe('cross-vendor consistency: capirca nftables target', () => {
  if (missing !== null && !ci) {
    console.warn(`nftables cross-vendor test skipped: python3-capirca is not installed (${missing})`);
    it.skip(`skipped: python3-capirca is not installed (${missing})`, () => {});
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'conduit-xv-nft-'));
  afterAll(() => {
    if (process.env.XV_KEEP === '1') console.log(`nftables cross-vendor files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  });

  it(`Conduit's verdicts on the rendered rulesets are the policies' first-match answers (seed ${SEED}, ${POLICIES} policies x ${FLOWS} flows)`, () => {
    if (missing !== null) throw new Error(`CI=true but python3-capirca is not usable: ${missing}`);
    const originals = Array.from({ length: POLICIES }, (_, i) => generatePolicy(SEED + i));
    const policies = originals.map(adaptForNftables);
    const texts = renderNft(dir, policies);
    const failures: string[] = [];
    const counts = { permit: 0, denyByTerm: 0, byDefault: 0, flows: 0 };
    for (let k = 0; k < policies.length; k++) {
      const policy = policies[k]!;
      const name = `${policy.name}.nft`;
      const text = texts.get(policy.name)!;
      const lines = text.split('\n');
      const result = importConfig({ name, text });
      const noisy = result.diagnostics.filter((d) => d.severity !== 'info');
      if (result.vendor !== 'nftables' || result.devices.length !== 1 || noisy.length > 0) {
        failures.push(
          `${name}: vendor ${result.vendor}, ${result.devices.length} devices; ${noisy.map((d) => `${d.source.line}: ${d.message}`).join('; ')}\n${text}`,
        );
        continue;
      }
      const dev = result.devices[0]!;
      for (const flow of generateFlows(originals[k]!, FLOWS, policy.seed)) {
        counts.flows++;
        const truth = firstMatch(policy, flow, { stateful: true });
        const expected = truth !== null && truth.action === 'accept' ? 'permit' : 'deny';
        if (truth === null) counts.byDefault++;
        else if (expected === 'permit') counts.permit++;
        else counts.denyByTerm++;
        const v = evaluateDevice(dev, { flow, attachment: 'to-device' });
        let problem: string | null = null;
        const cited =
          v.rule === null
            ? { term: null, problem: 'no rule cited' }
            : citedTerm(lines, v.rule.line, v.rule.text);
        if (v.action !== expected) problem = `${v.action}, expected ${expected}`;
        else if (cited.problem !== undefined) problem = cited.problem;
        else if (cited.term !== (truth?.name ?? null))
          problem = `cites ${cited.term ?? 'the policy'}, expected ${truth?.name ?? 'the policy'}`;
        else if (v.uncertain.length > 0) problem = `uncertain: ${v.uncertain.join('; ')}`;
        if (problem !== null)
          failures.push(
            `--- ${name} (seed ${policy.seed}) ${formatFlow(flow)}: ${problem}; cited ${v.rule ? `${v.rule.line}: ${v.rule.text.trim()}` : 'nothing'}\n${nftablesPol(policy).pol}\n${text}`,
          );
      }
    }
    if (process.env.XV_BRIEF === '1') console.log(failures.map((f) => f.split('\n')[0]).join('\n'));
    expect(failures.length, `${failures.length} failures\n${failures.slice(0, SHOWN).join('\n\n')}`).toBe(0);
    console.info(`nftables cross-vendor: ${JSON.stringify(counts)} (seed ${SEED})`);
    for (const key of ['permit', 'denyByTerm', 'byDefault'] as const)
      expect(counts[key], key).toBeGreaterThan(counts.flows * 0.03);
  }, 120_000);
});
