/**
 * Renders a neutral generated policy (policy.ts) as FortiOS configuration text, since capirca
 * has no FortiGate target: interfaces `internal` and `wan1`, one `config firewall address` entry
 * per prefix, address groups for lists and excludes (`set exclude enable` + `exclude-member`),
 * one custom service per protocol family of a term (`tcp-portrange` / `udp-portrange` items
 * `dst[-high][:src[-high]]`, `protocol ICMP` + `icmptype`, `protocol IP` + `protocol-number`),
 * and one policy per term from `internal` (or a zone holding it) to `wan1`, in the term order
 * but with shuffled `edit` ids, so that the file order, not the id, must decide.
 *
 * Terms rendered differently, and why:
 * - `reject` is `set action deny` with `set send-deny-packet enable` (a deny either way).
 * - `option:: tcp-established` terms are left out: a FortiGate is stateful and has no such
 *   match, and replies never meet the policy list (like capirca's SRX target, which drops them).
 * - `logging:: true` is `set logtraffic all`.
 * - No catch-all term: the FortiGate's implicit deny decides (no rule cited).
 */
import { Rng, type Policy, type PortRange, type Prefix, type Term, intToIp } from './policy';

export const FORTIOS_IN = 'internal';
export const FORTIOS_OUT = 'wan1';

const mask = (len: number): string => intToIp(len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
const quote = (s: string): string => `"${s}"`;
const range = ([lo, hi]: PortRange): string => (lo === hi ? `${lo}` : `${lo}-${hi}`);

export interface RenderedFortios {
  readonly text: string;
  /** Policy `edit` id -> the term it renders. */
  readonly termOfId: ReadonlyMap<string, string>;
}

export function renderFortios(policy: Policy): RenderedFortios {
  const rng = new Rng(policy.seed ^ 0x2f0a);
  const useZone = rng.chance(0.5);
  const addresses: string[] = [];
  const groups: string[] = [];
  const services: string[] = [];
  const policies: string[] = [];
  const termOfId = new Map<string, string>();

  const address = (name: string, p: Prefix): string => {
    addresses.push(
      `    edit ${quote(name)}`,
      `        set subnet ${intToIp(p.base)} ${mask(p.len)}`,
      '    next',
    );
    return name;
  };
  /** The srcaddr / dstaddr value of one side of a term. */
  const side = (id: string, list: readonly Prefix[] | null, exclude: Prefix | null): string => {
    if (list === null) return quote('all');
    const members = list.map((p, k) => address(`${id}_${k + 1}`, p));
    if (members.length === 1 && exclude === null) return quote(members[0]!);
    groups.push(`    edit ${quote(`${id}_G`)}`, `        set member ${members.map(quote).join(' ')}`);
    if (exclude !== null) {
      const x = address(`${id}_X`, exclude);
      groups.push('        set exclude enable', `        set exclude-member ${quote(x)}`);
    }
    groups.push('    next');
    return quote(`${id}_G`);
  };
  const service = (name: string, settings: readonly string[]): string => {
    services.push(`    edit ${quote(name)}`, ...settings.map((s) => `        set ${s}`), '    next');
    return quote(name);
  };
  const termServices = (id: string, t: Term): string[] => {
    if (t.protos === null) return [quote('ALL')];
    const out: string[] = [];
    const ported = t.protos.filter((p) => p === 'tcp' || p === 'udp');
    if (ported.length > 0) {
      const dsts = (t.dports ?? [[0, 65535] as const]).map(range);
      const items = dsts.flatMap((d) => (t.sports === null ? [d] : t.sports.map((s) => `${d}:${range(s)}`)));
      out.push(
        service(
          `${id}_P`,
          ported.map((p) => `${p}-portrange ${items.join(' ')}`),
        ),
      );
    }
    if (t.protos.includes('icmp'))
      out.push(
        service(`${id}_ICMP`, ['protocol ICMP', ...(t.icmpType !== null ? [`icmptype ${t.icmpType}`] : [])]),
      );
    for (const [p, n] of [
      ['gre', 47],
      ['esp', 50],
    ] as const)
      if (t.protos.includes(p))
        out.push(service(`${id}_${p.toUpperCase()}`, ['protocol IP', `protocol-number ${n}`]));
    return out;
  };

  const kept = policy.terms.filter((t) => !t.tcpEstablished);
  // Distinct ids in a shuffled order: the file order decides, never the id.
  const ids = kept.map((_, k) => k + 1);
  for (let k = ids.length - 1; k > 0; k--) {
    const j = rng.int(0, k);
    [ids[k], ids[j]] = [ids[j]!, ids[k]!];
  }
  kept.forEach((t, k) => {
    const id = `${policy.name}_${t.name.replace(/-/g, '_')}`.toUpperCase();
    const n = String(ids[k]! * 10);
    termOfId.set(n, t.name);
    const src = side(`${id}_SRC`, t.src, t.srcExclude);
    const dst = side(`${id}_DST`, t.dst, t.dstExclude);
    const svc = termServices(id, t);
    policies.push(
      `    edit ${n}`,
      `        set name ${quote(t.name)}`,
      `        set srcintf ${quote(useZone ? 'lan' : FORTIOS_IN)}`,
      `        set dstintf ${quote(FORTIOS_OUT)}`,
      `        set srcaddr ${src}`,
      `        set dstaddr ${dst}`,
      `        set action ${t.action === 'accept' ? 'accept' : 'deny'}`,
      ...(t.action === 'reject' ? ['        set send-deny-packet enable'] : []),
      '        set schedule "always"',
      `        set service ${svc.join(' ')}`,
      ...(t.logging ? ['        set logtraffic all'] : []),
      '    next',
    );
  });

  const text = [
    `#config-version=FGT60F-7.0.12-FW-build0523:opmode=0:vdom=0:user=admin`,
    `# cross-vendor consistency policy, seed ${policy.seed}`,
    'config system global',
    `    set hostname ${quote(policy.name)}`,
    'end',
    'config system interface',
    `    edit ${quote(FORTIOS_IN)}`,
    '        set vdom "root"',
    '        set ip 192.168.1.99 255.255.255.0',
    '    next',
    '    edit "dmz"',
    '        set vdom "root"',
    '        set ip 172.16.0.1 255.255.255.0',
    '    next',
    `    edit ${quote(FORTIOS_OUT)}`,
    '        set vdom "root"',
    '        set ip 203.0.113.2 255.255.255.252',
    '    next',
    'end',
    ...(useZone
      ? [
          'config system zone',
          '    edit "lan"',
          `        set interface ${quote(FORTIOS_IN)} "dmz"`,
          '    next',
          'end',
        ]
      : []),
    'config firewall address',
    '    edit "all"',
    '    next',
    ...addresses,
    'end',
    ...(groups.length > 0 ? ['config firewall addrgrp', ...groups, 'end'] : []),
    'config firewall service custom',
    '    edit "ALL"',
    '        set protocol IP',
    '    next',
    ...services,
    'end',
    'config firewall policy',
    ...policies,
    'end',
    '',
  ].join('\n');
  return { text, termOfId };
}
