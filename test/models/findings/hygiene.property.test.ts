import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../models/device';
import { hygieneFindings } from '../../../models/findings';
import { importConfig } from '../../../models/import';
import { parseAddress } from '../../../models/net';
import { evaluateList, zoneMatrix } from '../../../models/reach';
import { buildNetwork } from '../../../models/topology';

/**
 * The definitions held to the evaluator: over random FORWARD chains on a small universe (eight
 * sources, four destinations, tcp/udp, four ports, three interfaces), a rule reported shadowed
 * or redundant can be deleted without changing the verdict of any packet, and a rule reported
 * as never deciding anything is cited by no verdict.
 */
const SRC = [
  '10.0.0.0/29',
  '10.0.0.0/30',
  '10.0.0.4/30',
  '10.0.0.0/31',
  '10.0.0.2/31',
  '10.0.0.6',
  '10.0.0.3',
];
const DST = ['10.0.1.0/30', '10.0.1.0/31', '10.0.1.2/31', '10.0.1.1'];
const PORTS = ['22', '80', '443', '502', '22:80', '443:502'];
const IFACES = ['eth1', 'eth2', 'eth+', '! eth1'];

const ruleArb = fc.record({
  src: fc.option(fc.constantFrom(...SRC), { nil: undefined }),
  dst: fc.option(fc.constantFrom(...DST), { nil: undefined }),
  proto: fc.option(fc.constantFrom('tcp', 'udp'), { nil: undefined }),
  dport: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
  iface: fc.option(fc.constantFrom(...IFACES), { nil: undefined }),
  action: fc.constantFrom('ACCEPT', 'DROP'),
});
type RuleText = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

function ruleLine(r: RuleText): string {
  const parts = ['-A FORWARD'];
  if (r.iface !== undefined)
    parts.push(r.iface.startsWith('!') ? `! -i ${r.iface.slice(2)}` : `-i ${r.iface}`);
  if (r.src !== undefined) parts.push(`-s ${r.src}`);
  if (r.dst !== undefined) parts.push(`-d ${r.dst}`);
  if (r.proto !== undefined) {
    parts.push(`-p ${r.proto}`);
    if (r.dport !== undefined) parts.push(`--dport ${r.dport}`);
  }
  parts.push(`-j ${r.action}`);
  return parts.join(' ');
}

const HEADER = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
const textOf = (lines: readonly string[]): string => [...HEADER, ...lines, 'COMMIT', ''].join('\n');
const deviceOf = (lines: readonly string[]): Device =>
  importConfig({ name: 'fw.iptables-save', text: textOf(lines) }).devices[0]!;

const ip = (t: string) => {
  const p = parseAddress(t);
  if (!p.ok) throw new Error(t);
  return p.value;
};

/** Every packet of the universe: its verdict and the line that decided it. */
function verdicts(d: Device): string[] {
  const out: string[] = [];
  for (let s = 0; s < 8; s++)
    for (let t = 0; t < 4; t++)
      for (const proto of [6, 17])
        for (const dport of [22, 80, 443, 502])
          for (const inInterface of ['eth1', 'eth2', 'wan0']) {
            const flow = { proto, src: ip(`10.0.0.${s}`), dst: ip(`10.0.1.${t}`), sport: 40000, dport };
            const v = evaluateList(d, 'filter/FORWARD', { flow, inInterface, outInterface: 'eth9' })!;
            out.push(`${v.action}@${v.rule?.line ?? '-'}`);
          }
  return out;
}

describe('hygiene findings against the evaluator', () => {
  it('removing a reported rule changes no verdict; a rule that never decides is never cited', () => {
    const seen = { shadowed: 0, dead: 0, later: 0, union: 0 };
    fc.assert(
      fc.property(fc.array(ruleArb, { minLength: 2, maxLength: 8 }), (rules) => {
        const lines = rules.map(ruleLine);
        const device = deviceOf(lines);
        const net = buildNetwork({ devices: [device] });
        const found = hygieneFindings(net, zoneMatrix(net), []).filter(
          (f) => f.code === 'shadowed-rule' || f.code === 'redundant-rule',
        );
        const before = verdicts(device);
        for (const f of found) {
          const line = f.rules[0]!.line;
          const k = line - HEADER.length - 1;
          const after = verdicts(deviceOf(lines.filter((_, i) => i !== k)));
          expect(after.map((v) => v.split('@')[0])).toEqual(before.map((v) => v.split('@')[0]));
          if (f.code === 'shadowed-rule') seen.shadowed++;
          if (f.rules.length >= 3) seen.union++;
          if (f.message.includes('never decides anything')) seen.dead++;
          else seen.later++;
          if (f.message.includes('never decides anything'))
            expect(before.filter((v) => v.endsWith(`@${line}`))).toEqual([]);
          // Every cited line is a rule of the chain other than the reported one.
          for (const r of f.rules.slice(1)) expect(r.line).not.toBe(line);
        }
      }),
      { numRuns: 300, seed: 20261204 },
    );
    // The runs exercise every kind of finding, not only the trivial ones.
    expect(Math.min(seen.shadowed, seen.dead, seen.later, seen.union)).toBeGreaterThan(10);
  });
});
