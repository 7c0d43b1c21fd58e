import { ICMP_NEW_TYPES } from './ipt-vocab';
/**
 * A small structured model of the iptables rulesets the kernel differential test generates, and
 * an independent reference evaluation of a forwarded packet through them (raw, mangle and filter
 * tables), used only to check the harness itself (kernel vs reference) and to know which line
 * decided each verdict. How rules are written is in ipt-render.ts.
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
  | {
      kind: 'multiport';
      dir: 'sports' | 'dports' | 'ports';
      neg: boolean;
      ranges: Array<[number, number]>;
      text?: string;
    }
  | { kind: 'iprange'; dir: 'src' | 'dst'; neg: boolean; lo: number; hi: number }
  | { kind: 'icmp'; neg: boolean; type: number; codeLo: number; codeHi: number; text: string }
  | { kind: 'state'; module: 'conntrack' | 'state'; neg: boolean; states: string[] }
  | { kind: 'comment'; text: string }
  | { kind: 'tcpflags'; neg: boolean; mask: number; comp: number; text: string };

export type Target =
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' | 'none' }
  | { kind: 'REJECT' | 'LOG' | 'NFLOG' | 'MARK' | 'CONNMARK'; opts: string }
  /** raw table: `-j NOTRACK` or `-j CT --notrack`; later state matches see UNTRACKED */
  | { kind: 'NOTRACK'; ct: boolean }
  | { kind: 'jump' | 'goto'; chain: string };

export type Table = 'filter' | 'mangle' | 'raw';

/** How one rule is written, beyond the ruleset's style (terse style only). */
export interface RuleDialect {
  /** --source, --destination-port, --jump... instead of -s, --dport, -j */
  long?: boolean;
  /** `[pkts:bytes] ` before -A, as `iptables-save -c` writes */
  counters?: string;
  /** written as `-I CHAIN pos` after the chain's -A lines; `order` sorts the inserts, `bare` omits pos 1 */
  insert?: { order: number; bare: boolean };
}

export interface Rule {
  /** default filter; user chains exist in filter only */
  table?: Table;
  chain: string;
  matches: Match[];
  target: Target;
  dialect?: RuleDialect;
}

export interface Ruleset {
  policy: 'ACCEPT' | 'DROP';
  userChains: string[];
  rules: Rule[];
  /** true when some rule matches conntrack state: probes are then restricted to NEW-able ones. */
  stateful: boolean;
  /** 'canonical' = as iptables-save writes it; 'terse' = implicit -m, names, numbers, dialect. */
  style: 'canonical' | 'terse';
  /** run on iptables-legacy only (see nftMistranslates in ipt-generate.ts) */
  legacyOnly?: boolean;
  /** user chains created by `-N` lines instead of `:name - [0:0]` */
  newChains?: string[];
  /** the FORWARD policy is set by a `-P FORWARD` line; the `:FORWARD` line says the opposite */
  policyByP?: boolean;
  /** filter INPUT and OUTPUT have policy DROP (they must not matter for forwarded traffic) */
  lockedDown?: boolean;
}

/** `! --sport 0:65535`: a port match that can never be true. */
export function negatedFullRange(m: Match): boolean {
  return m.kind === 'port' && m.neg && m.lo === 0 && m.hi === 65535;
}

/**
 * iptables-legacy-save drops matches that can never be true when negated: `! -i +` and
 * `! --sport 0:65535` are saved as if absent, so the save output does not describe what the
 * kernel runs (the rule never matches; the saved one matches everything).
 */
export function legacySaveIsLossy(rs: Ruleset): boolean {
  return rs.rules.some((r) =>
    r.matches.some((m) => (m.kind === 'iface' && m.neg && m.name === '+') || negatedFullRange(m)),
  );
}

/** The iptables flavour a ruleset should run on, or null for any. */
export function preferredBackend(rs: Ruleset): 'legacy' | 'nft' | null {
  return rs.legacyOnly ? 'legacy' : legacySaveIsLossy(rs) ? 'nft' : null;
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
  return [
    Math.floor(n / 2 ** 24) % 256,
    Math.floor(n / 2 ** 16) % 256,
    Math.floor(n / 256) % 256,
    n % 256,
  ].join('.');
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
// reference evaluation

export interface Decision {
  verdict: 'permit' | 'deny';
  /**
   * index into Ruleset.rules of the deciding rule, or -1 for the filter FORWARD policy. A permit
   * cites the filter table's decision; a deny cites whichever rule (in any table) dropped it.
   */
  rule: number;
  /** what the packet went through, for coverage accounting. */
  trace: Set<
    'return' | 'goto-return' | 'nested-return' | 'policy' | 'fall-off' | 'untracked' | 'mangle-drop'
  >;
}

function inRanges(v: number, ranges: Array<[number, number]>): boolean {
  return ranges.some(([lo, hi]) => v >= lo && v <= hi);
}

/** Does `m` match probe `p`? `untracked`: a raw-table NOTRACK hit the packet (state UNTRACKED). */
export function matches(m: Match, p: Probe, untracked = false): boolean {
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
        (m.dir !== 'dports' && inRanges(p.sport, m.ranges)) ||
        (m.dir !== 'sports' && inRanges(p.dport, m.ranges));
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
      // ICMP messages other than queries cannot open a connection: conntrack calls them INVALID.
      hit = m.states.includes(
        untracked ? 'UNTRACKED' : p.proto === 1 && !ICMP_NEW_TYPES.includes(p.dport) ? 'INVALID' : 'NEW',
      );
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

/** The hooks a forwarded packet crosses, in the kernel's order (security table not generated). */
const TRANSIT: Array<[Table, string]> = [
  ['raw', 'PREROUTING'],
  ['mangle', 'PREROUTING'],
  ['mangle', 'FORWARD'],
  ['filter', 'FORWARD'],
  ['mangle', 'POSTROUTING'],
];

export function evaluate(rs: Ruleset, p: Probe): Decision {
  const trace: Decision['trace'] = new Set();
  const byChain = new Map<string, number[]>();
  rs.rules.forEach((r, i) => {
    const key = `${r.table ?? 'filter'}/${r.chain}`;
    byChain.set(key, [...(byChain.get(key) ?? []), i]);
  });
  let untracked = false;
  const run = (table: Table, chain: string, depth: number): ChainResult => {
    if (depth > 16) throw new Error('chain loop in generated ruleset');
    for (const i of byChain.get(`${table}/${chain}`) ?? []) {
      const r = rs.rules[i];
      if (!r || !r.matches.every((m) => matches(m, p, untracked))) continue;
      const t = r.target;
      if (t.kind === 'ACCEPT' || t.kind === 'DROP' || t.kind === 'REJECT') return { kind: 'final', rule: i };
      if (t.kind === 'NOTRACK') {
        untracked = true;
        trace.add('untracked');
      } else if (t.kind === 'RETURN') {
        trace.add(depth > 1 ? 'nested-return' : 'return');
        return { kind: 'return' };
      } else if (t.kind === 'jump') {
        const sub = run(table, t.chain, depth + 1);
        if (sub.kind === 'final') return sub;
      } else if (t.kind === 'goto') {
        const sub = run(table, t.chain, depth + 1);
        if (sub.kind === 'return') trace.add('goto-return');
        return sub;
      }
    }
    if (depth > 0) trace.add('fall-off');
    return { kind: 'return' };
  };
  let filterDecision = -1;
  for (const [table, chain] of TRANSIT) {
    const res = run(table, chain, 0);
    const rule = res.kind === 'final' ? rs.rules[res.rule] : undefined;
    if (res.kind === 'final' && rule?.target.kind !== 'ACCEPT') {
      if (table !== 'filter') trace.add('mangle-drop');
      return { verdict: 'deny', rule: res.rule, trace };
    }
    if (table !== 'filter') continue;
    if (res.kind === 'final') filterDecision = res.rule;
    else {
      trace.add('policy');
      if (rs.policy === 'DROP') return { verdict: 'deny', rule: -1, trace };
    }
  }
  return { verdict: 'permit', rule: filterDecision, trace };
}
