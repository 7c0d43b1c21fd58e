/**
 * Cross-vendor consistency for FortiOS: the neutral generated policies of policy.ts, rendered
 * as FortiOS configuration (fortios-render.ts: capirca has no FortiGate target), must give the
 * policy's own first-match answer for every generated flow from `internal` to `wan1`, and the
 * verdict must cite a line inside the deciding `edit N` block of `config firewall policy` (or
 * no line, for the implicit deny when no term matches). `option:: tcp-established` terms are
 * not rendered (a FortiGate is stateful), so the truth skips them, as policy.ts's firstMatch does.
 *
 * Needs nothing outside the repository. Knobs: XV_SEED=N|random XV_POLICIES=100 XV_FLOWS=300.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../models/import';
import { formatFlow } from '../../models/net';
import { evaluateDevice } from '../../models/reach';
import { FORTIOS_IN, FORTIOS_OUT, renderFortios } from './fortios-render';
import { firstMatch, generateFlows, generatePolicy } from './policy';

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

/** The `edit N` block of `config firewall policy` holding a 1-based line, or null. */
function policyBlockOf(lines: readonly string[], line: number): string | null {
  const start = lines.indexOf('config firewall policy');
  if (start < 0 || line - 1 <= start) return null;
  for (let i = line - 1; i > start; i--) {
    const m = /^ {4}edit (\d+)$/.exec(lines[i]!);
    if (m) {
      // The block runs to its `next`, which must not come before the cited line.
      for (let j = i + 1; j < lines.length; j++)
        if (lines[j] === '    next') return j + 1 >= line ? m[1]! : null;
      return null;
    }
    if (lines[i] === '    next') return null;
  }
  return null;
}

describe('cross-vendor consistency (FortiOS rendering of the generated policies)', () => {
  it(`gives each policy's first-match answer, citing the deciding edit block (seed ${SEED}, ${POLICIES} policies x ${FLOWS} flows)`, () => {
    const failures: string[] = [];
    const decided = { permit: 0, denyByTerm: 0, byDefault: 0, notFirstTerm: 0, byExclude: 0 };
    let flows = 0;
    for (let k = 0; k < POLICIES; k++) {
      const policy = generatePolicy(SEED + k);
      const { text, termOfId } = renderFortios(policy);
      const name = `${policy.name}.conf`;
      const lines = text.split('\n');
      const result = importConfig({ name, text });
      const problems = result.diagnostics.filter((d) => d.severity !== 'info');
      if (result.vendor !== 'fortios' || result.devices.length !== 1 || problems.length > 0) {
        failures.push(
          `${name}: vendor ${result.vendor}, ${result.devices.length} devices; ${problems.map((d) => `${d.source.line}: ${d.message}`).join('; ')}\n${text}`,
        );
        continue;
      }
      const dev = result.devices[0]!;
      for (const flow of generateFlows(policy, FLOWS, policy.seed)) {
        flows++;
        const term = firstMatch(policy, flow);
        if (term === null) decided.byDefault++;
        else if (term.action === 'accept') decided.permit++;
        else decided.denyByTerm++;
        if (term !== null && term !== policy.terms.find((t) => !t.tcpEstablished)) decided.notFirstTerm++;
        if (firstMatch(policy, flow, { ignoreExcludes: true }) !== term) decided.byExclude++;
        const expected = term !== null && term.action === 'accept' ? 'permit' : 'deny';
        const v = evaluateDevice(dev, { flow, inInterface: FORTIOS_IN, outInterface: FORTIOS_OUT });
        let problem: string | null = null;
        let cited: string | null = null;
        if (v.rule !== null) {
          if (v.rule.file !== name || lines[v.rule.line - 1] !== v.rule.text)
            problem = `cited text ${JSON.stringify(v.rule.text)} is not line ${v.rule.line}`;
          else {
            const id = policyBlockOf(lines, v.rule.line);
            cited = id === null ? null : (termOfId.get(id) ?? null);
            if (cited === null) problem = `line ${v.rule.line} is not inside an edit block of a policy`;
          }
        }
        if (problem === null && v.action !== expected) problem = `action ${v.action}, expected ${expected}`;
        else if (problem === null && cited !== (term?.name ?? null))
          problem = `cites term ${cited ?? '(implicit deny)'}, expected ${term?.name ?? '(implicit deny)'}`;
        else if (problem === null && v.uncertain.length > 0) problem = `uncertain: ${v.uncertain.join('; ')}`;
        if (problem !== null && failures.length < 6)
          failures.push(
            `seed ${policy.seed} flow ${formatFlow(flow)}: ${problem} (verdict ${v.action} ${v.rule ? `line ${v.rule.line}: ${v.rule.text.trim()}` : v.reason})\n${text}`,
          );
        else if (problem !== null) failures.push(`seed ${policy.seed}: ${problem}`);
      }
    }
    expect(failures.length, failures.slice(0, 4).join('\n\n')).toBe(0);
    expect(flows).toBe(POLICIES * FLOWS);
    for (const k of ['permit', 'denyByTerm', 'byDefault'] as const)
      expect(decided[k], k).toBeGreaterThan(flows * 0.03);
    expect(decided.notFirstTerm).toBeGreaterThan(flows * 0.3);
    expect(decided.byExclude).toBeGreaterThan(flows * 0.005);
  }, 120_000);
});
