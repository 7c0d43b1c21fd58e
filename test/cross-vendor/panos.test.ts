/**
 * Cross-vendor consistency for PAN-OS: the generated neutral policies of policy.ts, rendered by
 * Debian's capirca `paloalto` target (module paloaltofw: a PAN-OS XML configuration with one
 * `from trust to untrust` security rulebase), must get from Conduit the policy's own
 * first-match answer, citing a line inside the deciding term's rule entry (the rule's
 * `<entry name="TERM">` line; capirca names a term it splits `TERM-1`, `TERM-2`).
 *
 * Semantic differences handled explicitly (not by loosening the comparison):
 * - `reject` renders as `reset-client`, `deny` as `deny`: both deny.
 * - Without a catch-all term, interzone-default (deny, no rule cited) decides.
 * - capirca drops `option:: tcp-established` terms from PAN-OS rulebases (PAN-OS is stateful):
 *   the truth skips them (no new connection matches them), as it does for SRX.
 * - ICMP, GRE and ESP terms render as App-ID applications (`icmp`, `icmp-echo-request` custom
 *   applications, `gre`, `ipsec-esp`) with `service application-default`. Whether App-ID names
 *   a flow so cannot be decided offline, so Conduit marks those matches uncertain. For a flow
 *   whose verdict is uncertain the test checks the conservative direction: a flow the policy
 *   permits is permitted (an uncertain deny is assumed not to match, an uncertain allow to
 *   match). Every certain verdict must equal the truth exactly, and most verdicts are certain.
 * - capirca (Debian's 2.0.x) writes the remainder of an `exclude` into an address group named
 *   "" shared by every term of the file, so two excludes in one policy render a configuration
 *   that no longer says what the policy says. The policies are therefore given at most one
 *   exclude (the first; the others are dropped from the policy itself before rendering and
 *   before computing the truth).
 *
 * Skipped (with the reason) when python3-capirca is not installed, except under CI=true, where
 * it fails. Knobs: XV_SEED=N XV_POLICIES=60 XV_FLOWS=250 XV_KEEP=1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importConfig } from '../../models/import';
import { formatFlow } from '../../models/net';
import { evaluateDevice } from '../../models/reach';
import { capircaMissing } from './capirca';
import {
  FROM_ZONE,
  TO_ZONE,
  type Policy,
  firstMatch,
  generateFlows,
  generatePolicy,
  renderPolicy,
} from './policy';

const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : dflt;
};
const SEED = process.env.XV_SEED ? Number(process.env.XV_SEED) >>> 0 : 20261204;
const POLICIES = envInt('XV_POLICIES', 60);
const FLOWS = envInt('XV_FLOWS', 250);

/** At most one exclude per policy (see above). */
function oneExclude(p: Policy): Policy {
  let seen = false;
  const terms = p.terms.map((t) => {
    let { srcExclude, dstExclude } = t;
    if (srcExclude !== null) {
      if (seen) srcExclude = null;
      seen = true;
    }
    if (dstExclude !== null) {
      if (seen) dstExclude = null;
      seen = true;
    }
    return { ...t, srcExclude, dstExclude };
  });
  return { ...p, terms };
}

/** The .pol with its header replaced by the one paloalto target. */
function paloaltoPol(pol: string): string {
  return pol.replace(
    /^header \{[\s\S]*?\n\}/,
    `header {\n  comment:: "cross-vendor consistency policy (PAN-OS)"\n  target:: paloalto from-zone ${FROM_ZONE} to-zone ${TO_ZONE}\n}`,
  );
}

/** Runs aclgen once over all policies; returns each policy's XML. */
function renderPaloalto(
  dir: string,
  policies: ReadonlyArray<{ name: string; pol: string }>,
  networks: string,
  services: string,
): Map<string, string> {
  for (const d of ['pol', 'def', 'out']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'def', 'NETWORK.net'), networks);
  writeFileSync(join(dir, 'def', 'SERVICES.svc'), services);
  for (const p of policies) writeFileSync(join(dir, 'pol', `${p.name}.pol`), p.pol);
  const r = spawnSync(
    'aclgen',
    [
      `--base_directory=${dir}`,
      `--definitions_directory=${join(dir, 'def')}`,
      `--output_directory=${join(dir, 'out')}`,
      '--max_renderers=2',
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.error || r.status !== 0)
    throw new Error(`aclgen failed (exit ${r.status}): ${r.error?.message ?? ''}\n${r.stderr}`);
  const out = new Map<string, string>();
  for (const p of policies) {
    const file = join(dir, 'out', `${p.name}.xml`);
    if (!existsSync(file)) throw new Error(`aclgen wrote no ${file}:\n${p.pol}\n${r.stderr}`);
    out.set(p.name, readFileSync(file, 'utf8'));
  }
  return out;
}

const missing = capircaMissing();
const ci = process.env.CI === 'true';

describe('cross-vendor consistency: PAN-OS (capirca paloalto target)', () => {
  if (missing !== null && !ci) {
    console.warn(`PAN-OS cross-vendor test skipped: python3-capirca is not installed (${missing})`);
    it.skip(`skipped: python3-capirca is not installed (${missing})`, () => {});
    return;
  }

  const dir = mkdtempSync(join(tmpdir(), 'conduit-xv-panos-'));
  afterAll(() => {
    if (process.env.XV_KEEP === '1') console.log(`PAN-OS cross-vendor files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  });

  it(`gives each policy's first-match verdict, citing the deciding rule (seed ${SEED}, ${POLICIES} policies x ${FLOWS} flows)`, () => {
    if (missing !== null) throw new Error(`CI=true but python3-capirca is not usable: ${missing}`);
    const policies = Array.from({ length: POLICIES }, (_, i) => oneExclude(generatePolicy(SEED + i)));
    const sources = policies.map((p) => {
      const r = renderPolicy(p);
      return { policy: p, pol: paloaltoPol(r.pol), networks: r.networks, services: r.services };
    });
    const outputs = renderPaloalto(
      dir,
      sources.map((s) => ({ name: s.policy.name, pol: s.pol })),
      sources.map((s) => s.networks).join('\n'),
      sources.map((s) => s.services).join('\n'),
    );

    const problems: string[] = [];
    const counts = { flows: 0, certain: 0, uncertain: 0, permit: 0, denyByTerm: 0, byDefault: 0 };
    for (const s of sources) {
      const name = `${s.policy.name}.xml`;
      const text = outputs.get(s.policy.name)!;
      const lines = text.split('\n');
      const result = importConfig({ name, text });
      expect(result.vendor).toBe('panos');
      const errors = result.diagnostics.filter((d) => d.severity !== 'info');
      if (result.devices.length !== 1 || errors.length > 0) {
        problems.push(
          `${name}: ${result.devices.length} devices; ${errors.map((d) => `${d.source.line}: ${d.message}`).join('; ')}`,
        );
        continue;
      }
      const dev = result.devices[0]!;
      for (const flow of generateFlows(s.policy, FLOWS, s.policy.seed)) {
        counts.flows++;
        const truth = firstMatch(s.policy, flow);
        const permit = truth !== null && truth.action === 'accept';
        if (truth === null) counts.byDefault++;
        else if (permit) counts.permit++;
        else counts.denyByTerm++;
        const v = evaluateDevice(dev, { flow, fromZone: FROM_ZONE, toZone: TO_ZONE });
        const where = `${name} seed ${s.policy.seed} flow ${formatFlow(flow)}: truth ${truth?.name ?? 'default'} (${truth?.action ?? 'deny'})`;
        if (v.uncertain.length > 0) {
          counts.uncertain++;
          if (permit && v.action !== 'permit')
            problems.push(`${where}; uncertain verdict ${v.action} is not conservative`);
          continue;
        }
        counts.certain++;
        if (v.action !== (permit ? 'permit' : 'deny')) {
          problems.push(`${where}; Conduit ${v.action} (${v.rule ? `line ${v.rule.line}` : v.reason})`);
          continue;
        }
        if (truth === null) {
          if (v.rule !== null || v.reason !== 'implicit-deny')
            problems.push(`${where}; cited ${v.rule?.line ?? v.reason}`);
          continue;
        }
        const cited = v.rule;
        if (cited === null || cited.file !== name || cited.text !== lines[cited.line - 1]) {
          problems.push(`${where}; citation ${JSON.stringify(cited)} is not an exact line of the file`);
          continue;
        }
        const entry = /<entry name="([^"]*)">/.exec(cited.text)?.[1];
        if (
          entry !== truth.name &&
          !(entry?.startsWith(`${truth.name}-`) && /^\d+$/.test(entry.slice(truth.name.length + 1)))
        )
          problems.push(
            `${where}; cited line ${cited.line} '${cited.text.trim()}' is not the entry of term ${truth.name}`,
          );
      }
    }
    expect(problems, problems.slice(0, 5).join('\n')).toEqual([]);
    // Not vacuous: every kind of truth occurs, and most verdicts are certain.
    expect(counts.permit).toBeGreaterThan(0);
    expect(counts.denyByTerm).toBeGreaterThan(0);
    expect(counts.byDefault).toBeGreaterThan(0);
    expect(counts.certain).toBeGreaterThan(counts.flows * 0.6);
    console.log(
      `PAN-OS cross-vendor: ${POLICIES} policies x ${FLOWS} flows (seed ${SEED}): ${JSON.stringify(counts)}`,
    );
  });
});
