import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../models/import';
import {
  type Flow,
  NO_SERVICE,
  addressContains,
  isIcmp,
  parseAddress,
  serviceContains,
  serviceUnion,
  serviceOfProtocol,
} from '../../../models/net';
import { evaluateDevice } from '../../../models/reach';
import { type ServiceAlgebra, symbolicTransit, symbolicTransitIn } from '../../../models/reach/symbolic';
import type { Rule } from '../../../models/device';

/**
 * The matrix's set-based walk must give, for every service, exactly what evaluateDevice gives
 * one flow at a time: the same verdict and the same cited line. Random plain iptables rulesets
 * (several chains bound by interface through FORWARD jumps are not plain, so only FORWARD, with
 * interface, address, protocol and port matches, policy ACCEPT or DROP, LOG no-ops).
 */
const NON_ICMP = (() => {
  let s = NO_SERVICE;
  for (let p = 0; p < 256; p++) if (!isIcmp(p)) s = serviceUnion(s, serviceOfProtocol(p));
  return s;
})();

const addr = (t: string) => {
  const a = parseAddress(t);
  if (!a.ok) throw new Error(t);
  return a.value;
};

const SRC = ['10.1.0.0/24', '10.1.0.0/25', '10.1.0.5', '10.0.0.0/8', '10.2.0.0/16'];
const DST = ['10.3.0.0/24', '10.3.0.7', '10.3.0.128/25', '10.0.0.0/8'];
const PORTS = ['22', '80', '443', '502', '1000:2000', '3389', '8000:9000'];

const ruleArb = fc.record({
  src: fc.option(fc.constantFrom(...SRC), { nil: undefined }),
  dst: fc.option(fc.constantFrom(...DST), { nil: undefined }),
  iface: fc.option(fc.constantFrom('-i eth0', '-o eth1', '-i eth2', '! -i eth0'), { nil: undefined }),
  proto: fc.constantFrom('tcp', 'udp', 'sctp', 'gre', ''),
  dport: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
  sport: fc.option(fc.constantFrom('53', '1024:65535'), { nil: undefined }),
  target: fc.constantFrom('ACCEPT', 'DROP', 'REJECT', 'LOG'),
});

type GeneratedRule = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

function render(rules: GeneratedRule[], policy: string): string {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', `:FORWARD ${policy} [0:0]`, ':OUTPUT ACCEPT [0:0]'];
  for (const r of rules) {
    const parts = ['-A FORWARD'];
    if (r.iface) parts.push(r.iface);
    if (r.src) parts.push('-s', r.src);
    if (r.dst) parts.push('-d', r.dst);
    if (r.proto) parts.push('-p', r.proto);
    if (r.proto === 'tcp' || r.proto === 'udp' || r.proto === 'sctp') {
      if (r.sport) parts.push('--sport', r.sport);
      if (r.dport) parts.push('--dport', r.dport);
    }
    parts.push('-j', r.target);
    lines.push(parts.join(' '));
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** A random plain ruleset, and a transit query through it. */
const cases = fc
  .record({
    rules: fc.array(ruleArb, { maxLength: 14 }),
    policy: fc.constantFrom('ACCEPT', 'DROP'),
    src: fc.constantFrom('10.1.0.5', '10.1.0.200', '10.2.3.4'),
    dst: fc.constantFrom('10.3.0.7', '10.3.0.200', '10.9.9.9'),
    ifaces: fc.constantFrom(['eth0', 'eth1'], ['eth2', 'eth1'], ['eth1', 'eth0']),
  })
  .map(({ rules, policy, src, dst, ifaces }) => ({
    device: importConfig({ name: 'fw.rules', text: render(rules, policy) }).devices[0]!,
    q: { src: addr(src), dst: addr(dst), inInterface: ifaces[0], outInterface: ifaces[1] },
  }));

describe('symbolicTransit', () => {
  it('agrees with evaluateDevice on every probed service: verdict and cited line', () => {
    fc.assert(
      fc.property(cases, ({ device, q }) => {
        const pieces = symbolicTransit(device, { ...q, universe: NON_ICMP });
        expect(pieces).not.toBeNull();
        for (const proto of [6, 17, 132, 47, 0]) {
          for (const dport of [
            0, 22, 80, 443, 502, 999, 1000, 1500, 2000, 2001, 3389, 7999, 8000, 9000, 9001, 65535,
          ]) {
            for (const sport of [53, 1023, 1024, 49152]) {
              const ported = proto === 6 || proto === 17 || proto === 132;
              const flow: Flow = {
                proto,
                src: q.src,
                dst: q.dst,
                sport: ported ? sport : 0,
                dport: ported ? dport : 0,
              };
              const v = evaluateDevice(device, {
                flow,
                attachment: 'transit',
                inInterface: q.inInterface,
                outInterface: q.outInterface,
              });
              const hit = pieces!.find((p) =>
                serviceContains(p.services, flow.proto, flow.sport, flow.dport),
              );
              expect(hit ? 'permit' : 'deny').toBe(v.action);
              if (hit) expect(hit.rule?.line ?? null).toBe(v.rule?.line ?? null);
              if (!ported) break;
            }
            if (!(proto === 6 || proto === 17 || proto === 132)) break;
          }
        }
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('gives the same answer in an algebra of probe bits, walking only the rules that hold the addresses', () => {
    // Probes as bits of a number (lateral movement's kind of algebra): a rule's set is the
    // probes its services hold.
    const probes: { proto: number; sport: number; dport: number }[] = [];
    for (const proto of [6, 17, 132, 47])
      for (const dport of [22, 80, 502, 1500, 2001, 3389, 8000])
        probes.push({ proto, sport: proto === 47 ? 0 : 49152, dport: proto === 47 ? 0 : dport });
    const unique = probes.filter(
      (p, i) => probes.findIndex((q) => q.proto === p.proto && q.dport === p.dport) === i,
    );
    const bits = (holds: (p: (typeof unique)[number]) => boolean): number =>
      unique.reduce((m, p, i) => (holds(p) ? m | (1 << i) : m), 0);
    const masks = new Map<Rule, number>();
    const alg: ServiceAlgebra<number> = {
      empty: 0,
      isEmpty: (a) => a === 0,
      intersect: (a, b) => a & b,
      subtract: (a, b) => a & ~b,
      union: (a, b) => a | b,
      of: (r) => {
        let m = masks.get(r);
        if (m === undefined)
          masks.set(r, (m = bits((p) => serviceContains(r.match.service, p.proto, p.sport, p.dport))));
        return m;
      },
    };
    fc.assert(
      fc.property(cases, ({ device, q }) => {
        const services = symbolicTransit(device, { ...q, universe: NON_ICMP })!;
        const probed = symbolicTransitIn(alg, device, {
          ...q,
          universe: (1 << unique.length) - 1,
          rulesOf: (list) =>
            list.rules.filter(
              (r) => addressContains(r.match.src, q.src) && addressContains(r.match.dst, q.dst),
            ),
        })!;
        unique.forEach((p, i) => {
          const want = services.find((x) => serviceContains(x.services, p.proto, p.sport, p.dport));
          const got = probed.find((x) => (x.services & (1 << i)) !== 0);
          expect(got?.rule ?? null).toBe(want?.rule ?? null);
          expect(got !== undefined).toBe(want !== undefined);
        });
      }),
      { numRuns: 300, seed: 20261205 },
    );
  });

  it('declines what is not plain: jumps, uncertain matches, destination NAT', () => {
    const jump = importConfig({
      name: 'j.rules',
      text: '*filter\n:FORWARD DROP [0:0]\n:A - [0:0]\n-A FORWARD -j A\n-A A -p tcp --dport 22 -j ACCEPT\nCOMMIT\n',
    }).devices[0]!;
    const q = {
      src: addr('10.1.0.5'),
      dst: addr('10.3.0.7'),
      inInterface: 'eth0',
      outInterface: 'eth1',
      universe: NON_ICMP,
    };
    expect(symbolicTransit(jump, q)).toBeNull();
    const mark = importConfig({
      name: 'm.rules',
      text: '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -m mark --mark 0x1 -j ACCEPT\nCOMMIT\n',
    }).devices[0]!;
    expect(symbolicTransit(mark, q)).toBeNull();
  });
});
