/**
 * A small structured model of the iptables rulesets the kernel differential test generates:
 * how each rule is written (two spellings: iptables-save's canonical one and the terse one people
 * write by hand) and an independent reference evaluation of the FORWARD chain, used only to
 * check the harness itself (kernel vs reference) and to know which line decided each verdict.
 */

export const IN_IFACES = ['lan0', 'lan1', 'dmz0'] as const;
export const OUT_IFACES = ['wan0', 'ot0'] as const;
/** Router routes (longest prefix wins); harness.py installs exactly these. */
export const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['0.0.0.0/0', 'wan0'],
  ['10.128.0.0/9', 'ot0'],
  ['172.16.0.0/12', 'ot0'],
  ['192.168.128.0/17', 'ot0'],
];

export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
/** Every probe is a new flow: TCP probes are bare SYNs. */
export const PROBE_TCP_FLAGS = 0x02;

export interface Probe {
  id: number;
  inIf: string;
  outIf: string;
  proto: number;
  src: number;
  dst: number;
  /** tcp/udp: ports; icmp: sport = code, dport = type; other protocols: 0. */
  sport: number;
  dport: number;
}

export type Match =
  | { kind: 'addr'; dir: 's' | 'd'; neg: boolean; nets: Array<[number, number]>; text: string }
  | { kind: 'iface'; dir: 'i' | 'o'; neg: boolean; name: string }
  | { kind: 'proto'; neg: boolean; num: number; text: string }
  | { kind: 'port'; dir: 'sport' | 'dport'; neg: boolean; lo: number; hi: number; text: string }
  | { kind: 'multiport'; dir: 'sports' | 'dports' | 'ports'; neg: boolean; ranges: Array<[number, number]> }
  | { kind: 'iprange'; dir: 'src' | 'dst'; neg: boolean; lo: number; hi: number }
  | { kind: 'icmp'; neg: boolean; type: number; codeLo: number; codeHi: number; text: string }
  | { kind: 'state'; module: 'conntrack' | 'state'; neg: boolean; states: string[] }
  | { kind: 'comment'; text: string }
  | { kind: 'tcpflags'; neg: boolean; mask: number; comp: number; text: string };

export type Target =
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' | 'none' }
  | { kind: 'REJECT' | 'LOG' | 'NFLOG' | 'MARK' | 'CONNMARK'; opts: string }
  | { kind: 'jump' | 'goto'; chain: string };

export interface Rule {
  chain: string;
  matches: Match[];
  target: Target;
}

export interface Ruleset {
  policy: 'ACCEPT' | 'DROP';
  userChains: string[];
  rules: Rule[];
  /** true when some rule matches conntrack state: probes are then restricted to NEW-able ones. */
  stateful: boolean;
  /** 'canonical' = as iptables-save writes it; 'terse' = implicit -m, names, numbers. */
  style: 'canonical' | 'terse';
}

export interface Rendered {
  text: string;
  /** 1-based line of each rule (same order as Ruleset.rules). */
  ruleLines: number[];
  policyLine: number;
}

// ---------------------------------------------------------------------------------------------
// addresses

export function ipToInt(s: string): number {
  return s.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [Math.floor(n / 2 ** 24) % 256, Math.floor(n / 2 ** 16) % 256, Math.floor(n / 256) % 256, n % 256].join(
    '.',
  );
}

/** [first, last] address of the prefix containing `addr` with length `len`. */
export function prefixRange(addr: number, len: number): [number, number] {
  const size = 2 ** (32 - len);
  const lo = Math.floor(addr / size) * size;
  return [lo, lo + size - 1];
}

export function parseCidr(cidr: string): [number, number] {
  const [ip = '', len = '32'] = cidr.split('/');
  return [ipToInt(ip), Number(len)];
}

/** Addresses a Linux router forwards without special-casing (no loopback, multicast, link nets...). */
export function usableAddr(n: number): boolean {
  const a = Math.floor(n / 2 ** 24);
  const inside = (cidr: string): boolean => {
    const [net, len] = parseCidr(cidr);
    const [lo, hi] = prefixRange(net, len);
    return n >= lo && n <= hi;
  };
  return n >= 0 && a !== 0 && a !== 127 && a < 224 && !inside('100.64.0.0/10') && !inside('169.254.0.0/16');
}

export function routeOut(dst: number): string {
  let best = -1;
  let dev = 'wan0';
  for (const [cidr, iface] of ROUTES) {
    const [net, len] = parseCidr(cidr);
    const [lo, hi] = prefixRange(net, len);
    if (dst >= lo && dst <= hi && len > best) [best, dev] = [len, iface];
  }
  return dev;
}

// ---------------------------------------------------------------------------------------------
// rendering

const PROTO_NAMES: Record<number, string> = { 6: 'tcp', 17: 'udp', 1: 'icmp', 50: 'esp', 51: 'ah' };

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'];

function flagNames(bits: number): string {
  return FLAG_NAMES.filter((_, i) => bits & (1 << i)).join(',') || 'NONE';
}

function neg(m: { neg: boolean }): string {
  return m.neg ? '! ' : '';
}

function ruleProto(rule: Rule): number | null {
  const p = rule.matches.find((m) => m.kind === 'proto');
  return p && !p.neg ? p.num : null;
}

function renderMatch(m: Match, rule: Rule, style: Ruleset['style'], seen: Set<string>): string {
  const once = (mod: string): string => {
    if (seen.has(mod)) return '';
    seen.add(mod);
    return `-m ${mod} `;
  };
  const l4 = (): string => {
    const p = ruleProto(rule);
    return style === 'canonical' && p !== null ? once(PROTO_NAMES[p] ?? String(p)) : '';
  };
  switch (m.kind) {
    case 'addr':
      return `${neg(m)}-${m.dir} ${m.text}`;
    case 'iface':
      return `${neg(m)}-${m.dir} ${m.name}`;
    case 'proto':
      return `${neg(m)}-p ${style === 'canonical' ? (PROTO_NAMES[m.num] ?? String(m.num)) : m.text}`;
    case 'port':
      return `${l4()}${neg(m)}--${m.dir} ${style === 'canonical' ? `${m.lo}:${m.hi}`.replace(/^(\d+):\1$/, '$1') : m.text}`;
    case 'multiport': {
      const list = m.ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}:${hi}`)).join(',');
      return `-m multiport ${neg(m)}--${m.dir} ${list}`;
    }
    case 'iprange':
      return `-m iprange ${neg(m)}--${m.dir}-range ${intToIp(m.lo)}-${intToIp(m.hi)}`;
    case 'icmp': {
      const num = m.type === 255 ? 'any' : m.codeLo === 0 && m.codeHi === 255 ? `${m.type}` : `${m.type}/${m.codeLo}`;
      return `${l4()}${neg(m)}--icmp-type ${style === 'canonical' ? num : m.text}`;
    }
    case 'state':
      return m.module === 'conntrack'
        ? `-m conntrack ${neg(m)}--ctstate ${m.states.join(',')}`
        : `-m state ${neg(m)}--state ${m.states.join(',')}`;
    case 'comment':
      return `-m comment --comment ${/^[\w.-]+$/.test(m.text) && style === 'terse' ? m.text : `"${m.text}"`}`;
    case 'tcpflags':
      return `${l4()}${neg(m)}${style === 'canonical' ? `--tcp-flags ${flagNames(m.mask)} ${flagNames(m.comp)}` : m.text}`;
  }
}

function renderTarget(t: Target): string {
  switch (t.kind) {
    case 'none':
      return '';
    case 'jump':
      return ` -j ${t.chain}`;
    case 'goto':
      return ` -g ${t.chain}`;
    case 'REJECT':
    case 'LOG':
    case 'NFLOG':
    case 'MARK':
    case 'CONNMARK':
      return ` -j ${t.kind}${t.opts ? ` ${t.opts}` : ''}`;
    default:
      return ` -j ${t.kind}`;
  }
}

export function renderRule(rule: Rule, style: Ruleset['style']): string {
  const seen = new Set<string>();
  const parts = rule.matches.map((m) => renderMatch(m, rule, style, seen));
  return `-A ${rule.chain}${parts.length ? ' ' : ''}${parts.join(' ')}${renderTarget(rule.target)}`;
}

export function renderRuleset(rs: Ruleset, header: string): Rendered {
  const lines = [`# ${header}`, '*filter', ':INPUT ACCEPT [0:0]', `:FORWARD ${rs.policy} [0:0]`, ':OUTPUT ACCEPT [0:0]'];
  const policyLine = 4;
  for (const c of rs.userChains) lines.push(`:${c} - [0:0]`);
  const ruleLines: number[] = new Array<number>(rs.rules.length).fill(0);
  for (const chain of ['FORWARD', ...rs.userChains]) {
    rs.rules.forEach((r, i) => {
      if (r.chain !== chain) return;
      lines.push(renderRule(r, rs.style));
      ruleLines[i] = lines.length;
    });
  }
  lines.push('COMMIT', '');
  return { text: lines.join('\n'), ruleLines, policyLine };
}

// ---------------------------------------------------------------------------------------------
// reference evaluation

export interface Decision {
  verdict: 'permit' | 'deny';
  /** index into Ruleset.rules of the deciding rule, or -1 for the FORWARD policy. */
  rule: number;
  /** what the packet went through, for coverage accounting. */
  trace: Set<'return' | 'goto-return' | 'nested-return' | 'policy' | 'fall-off'>;
}

function inRanges(v: number, ranges: Array<[number, number]>): boolean {
  return ranges.some(([lo, hi]) => v >= lo && v <= hi);
}

export function matches(m: Match, p: Probe): boolean {
  let hit: boolean;
  switch (m.kind) {
    case 'addr': {
      const a = m.dir === 's' ? p.src : p.dst;
      hit = m.nets.some(([net, len]) => {
        const [lo, hi] = prefixRange(net, len);
        return a >= lo && a <= hi;
      });
      break;
    }
    case 'iface': {
      const name = m.dir === 'i' ? p.inIf : p.outIf;
      hit = m.name.endsWith('+') ? name.startsWith(m.name.slice(0, -1)) : name === m.name;
      break;
    }
    case 'proto':
      hit = m.num === 0 || p.proto === m.num;
      break;
    case 'port':
      hit = inRanges(m.dir === 'sport' ? p.sport : p.dport, [[m.lo, m.hi]]);
      break;
    case 'multiport':
      hit =
        (m.dir !== 'dports' && inRanges(p.sport, m.ranges)) || (m.dir !== 'sports' && inRanges(p.dport, m.ranges));
      break;
    case 'iprange': {
      const a = m.dir === 'src' ? p.src : p.dst;
      hit = a >= m.lo && a <= m.hi;
      break;
    }
    case 'icmp':
      hit = m.type === 255 || (p.dport === m.type && p.sport >= m.codeLo && p.sport <= m.codeHi);
      break;
    case 'state':
      hit = m.states.includes('NEW');
      break;
    case 'comment':
      return true;
    case 'tcpflags':
      hit = (PROBE_TCP_FLAGS & m.mask) === m.comp;
      break;
  }
  return hit !== m.neg;
}

type ChainResult = { kind: 'final'; rule: number } | { kind: 'return' };

export function evaluate(rs: Ruleset, p: Probe): Decision {
  const trace: Decision['trace'] = new Set();
  const byChain = new Map<string, number[]>();
  rs.rules.forEach((r, i) => byChain.set(r.chain, [...(byChain.get(r.chain) ?? []), i]));
  const run = (chain: string, depth: number): ChainResult => {
    if (depth > 16) throw new Error('chain loop in generated ruleset');
    for (const i of byChain.get(chain) ?? []) {
      const r = rs.rules[i];
      if (!r || !r.matches.every((m) => matches(m, p))) continue;
      const t = r.target;
      if (t.kind === 'ACCEPT' || t.kind === 'DROP' || t.kind === 'REJECT') return { kind: 'final', rule: i };
      if (t.kind === 'RETURN') {
        trace.add(depth > 1 ? 'nested-return' : 'return');
        return { kind: 'return' };
      }
      if (t.kind === 'jump') {
        const sub = run(t.chain, depth + 1);
        if (sub.kind === 'final') return sub;
      } else if (t.kind === 'goto') {
        const sub = run(t.chain, depth + 1);
        if (sub.kind === 'return') trace.add('goto-return');
        return sub;
      }
    }
    if (depth > 0) trace.add('fall-off');
    return { kind: 'return' };
  };
  const res = run('FORWARD', 0);
  if (res.kind === 'final') {
    const t = rs.rules[res.rule]?.target.kind;
    return { verdict: t === 'ACCEPT' ? 'permit' : 'deny', rule: res.rule, trace };
  }
  trace.add('policy');
  return { verdict: rs.policy === 'ACCEPT' ? 'permit' : 'deny', rule: -1, trace };
}
