/**
 * The site of the kernel site differential test: four segments, three iptables firewalls in
 * series, hosts on every segment; seeded random FORWARD rulesets per firewall, seeded probes
 * between host addresses, and a reference evaluation of a first packet across the site (host
 * routes -> firewall routes -> each firewall's rules, via ipt-model.ts's evaluate), used to check
 * that the kernel does what the generator means (and to know which line decided).
 *
 * ```
 *  A 10.1.0.0/24        B 10.2.0.0/24 (DMZ)      C 10.3.0.0/24 (OT)       D 10.4.0.0/24
 *  it1 it2 --eth0 fw1 eth1-- dmz1 --eth0 fw2 eth1-- ot1 --eth0 fw3 eth1-- plc1
 * ```
 */
import {
  ICMP,
  TCP,
  UDP,
  evaluate,
  intToIp,
  ipToInt,
  parseCidr,
  prefixRange,
  type Decision,
  type Match,
  type Rule,
  type Ruleset,
} from './ipt-model';
import { renderRuleset, type Rendered } from './ipt-render';
import type { Rng } from './ipt-vocab';

export const SEGMENTS = {
  A: '10.1.0.0/24',
  B: '10.2.0.0/24',
  C: '10.3.0.0/24',
  D: '10.4.0.0/24',
} as const;
export type SegmentId = keyof typeof SEGMENTS;
export const FIREWALLS = ['fw1', 'fw2', 'fw3'] as const;
export type FirewallName = (typeof FIREWALLS)[number];

export interface Iface {
  name: string;
  segment: SegmentId;
  mac: string;
  /** the interface's addresses, without prefix length (all /24) */
  addrs: string[];
}

export interface Route {
  /** a prefix, or 'default' */
  dst: string;
  via: string;
}

export interface SiteNode {
  name: string;
  kind: 'fw' | 'host';
  ifaces: Iface[];
  routes: Route[];
}

/** 'static': a route per remote segment everywhere; 'default': default routes where natural. */
export type Variant = 'static' | 'default';

const mac = (node: number, iface: number): string =>
  `02:cd:00:00:${node.toString(16).padStart(2, '0')}:${iface.toString(16).padStart(2, '0')}`;

export function siteNodes(variant: Variant): SiteNode[] {
  const fw = (
    n: number,
    a: SegmentId,
    aIp: string,
    b: SegmentId,
    bIp: string,
    routes: Route[],
  ): SiteNode => ({
    name: `fw${n}`,
    kind: 'fw',
    ifaces: [
      { name: 'eth0', segment: a, mac: mac(n, 0), addrs: [aIp] },
      { name: 'eth1', segment: b, mac: mac(n, 1), addrs: [bIp] },
    ],
    routes,
  });
  const host = (n: number, name: string, seg: SegmentId, addrs: string[], routes: Route[]): SiteNode => ({
    name,
    kind: 'host',
    ifaces: [{ name: 'eth0', segment: seg, mac: mac(n, 0), addrs }],
    routes,
  });
  const r = (dst: string, via: string): Route => ({ dst, via });
  const stat = variant === 'static';
  return [
    fw(
      1,
      'A',
      '10.1.0.1',
      'B',
      '10.2.0.1',
      stat ? [r('10.3.0.0/24', '10.2.0.2'), r('10.4.0.0/24', '10.2.0.2')] : [r('default', '10.2.0.2')],
    ),
    fw(
      2,
      'B',
      '10.2.0.2',
      'C',
      '10.3.0.2',
      stat
        ? [r('10.1.0.0/24', '10.2.0.1'), r('10.4.0.0/24', '10.3.0.3')]
        : [r('10.1.0.0/24', '10.2.0.1'), r('default', '10.3.0.3')],
    ),
    fw(
      3,
      'C',
      '10.3.0.3',
      'D',
      '10.4.0.3',
      stat ? [r('10.1.0.0/24', '10.3.0.2'), r('10.2.0.0/24', '10.3.0.2')] : [r('default', '10.3.0.2')],
    ),
    host(
      16,
      'it1',
      'A',
      ['10.1.0.10', '10.1.0.11', '10.1.0.12', '10.1.0.13'],
      stat
        ? [r('10.2.0.0/24', '10.1.0.1'), r('10.3.0.0/24', '10.1.0.1'), r('10.4.0.0/24', '10.1.0.1')]
        : [r('default', '10.1.0.1')],
    ),
    host(
      17,
      'it2',
      'A',
      ['10.1.0.20', '10.1.0.21', '10.1.0.22'],
      stat
        ? [r('10.2.0.0/24', '10.1.0.1'), r('10.3.0.0/24', '10.1.0.1'), r('10.4.0.0/24', '10.1.0.1')]
        : [r('default', '10.1.0.1')],
    ),
    // two firewalls on the DMZ and OT segments: one route per direction
    host(
      18,
      'dmz1',
      'B',
      ['10.2.0.10', '10.2.0.11', '10.2.0.12'],
      stat
        ? [r('10.1.0.0/24', '10.2.0.1'), r('10.3.0.0/24', '10.2.0.2'), r('10.4.0.0/24', '10.2.0.2')]
        : [r('10.1.0.0/24', '10.2.0.1'), r('default', '10.2.0.2')],
    ),
    host(
      19,
      'ot1',
      'C',
      ['10.3.0.10', '10.3.0.11', '10.3.0.12'],
      stat
        ? [r('10.1.0.0/24', '10.3.0.2'), r('10.2.0.0/24', '10.3.0.2'), r('10.4.0.0/24', '10.3.0.3')]
        : [r('10.4.0.0/24', '10.3.0.3'), r('default', '10.3.0.2')],
    ),
    host(
      20,
      'plc1',
      'D',
      ['10.4.0.10', '10.4.0.11'],
      stat
        ? [r('10.1.0.0/24', '10.4.0.3'), r('10.2.0.0/24', '10.4.0.3'), r('10.3.0.0/24', '10.4.0.3')]
        : [r('default', '10.4.0.3')],
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// routing and the reference path

const inPrefix = (addr: number, cidr: string): boolean => {
  const [net, len] = cidr === 'default' ? [0, 0] : parseCidr(cidr);
  const [lo, hi] = prefixRange(net, len);
  return addr >= lo && addr <= hi;
};
const prefixLen = (cidr: string): number => (cidr === 'default' ? 0 : parseCidr(cidr)[1]);

/** Longest-prefix match over connected segments and static routes: the egress and the next hop. */
export function routeLookup(node: SiteNode, dst: number): { iface: Iface; nextHop: number } | null {
  let best: { len: number; iface: Iface; nextHop: number } | null = null;
  for (const i of node.ifaces) {
    if (inPrefix(dst, SEGMENTS[i.segment]) && (best === null || 24 > best.len))
      best = { len: 24, iface: i, nextHop: dst };
  }
  for (const r of node.routes) {
    const len = prefixLen(r.dst);
    if (!inPrefix(dst, r.dst) || (best !== null && len <= best.len)) continue;
    const via = ipToInt(r.via);
    const iface = node.ifaces.find((i) => inPrefix(via, SEGMENTS[i.segment]));
    if (iface) best = { len, iface, nextHop: via };
  }
  return best && { iface: best.iface, nextHop: best.nextHop };
}

export function ownerOf(nodes: SiteNode[], addr: number): { node: SiteNode; iface: Iface } | null {
  for (const node of nodes)
    for (const iface of node.ifaces) if (iface.addrs.some((a) => ipToInt(a) === addr)) return { node, iface };
  return null;
}

export interface Hop {
  fw: FirewallName;
  inIf: string;
  outIf: string;
}

/**
 * The firewalls a packet from `src` to `dst` crosses when it leaves the source through
 * `firstHop` (default: the source host's own route), following the firewalls' routes.
 */
export function sitePath(nodes: SiteNode[], src: number, dst: number, firstHop?: number): Hop[] | null {
  const from = ownerOf(nodes, src);
  if (!from) return null;
  const first = firstHop ?? routeLookup(from.node, dst)?.nextHop;
  if (first === undefined) return null;
  const hops: Hop[] = [];
  let next = first;
  while (next !== dst) {
    const at = ownerOf(nodes, next);
    if (!at || at.node.kind !== 'fw' || hops.length > 8) return null;
    const out = routeLookup(at.node, dst);
    if (!out) return null;
    hops.push({ fw: at.node.name as FirewallName, inIf: at.iface.name, outIf: out.iface.name });
    next = out.nextHop;
  }
  return hops;
}

// ---------------------------------------------------------------------------------------------
// rulesets

export interface Firewall {
  name: FirewallName;
  rs: Ruleset;
  rendered: Rendered;
}

/** Every host address of the site. */
export function hostAddrs(nodes: SiteNode[]): number[] {
  return nodes.filter((n) => n.kind === 'host').flatMap((n) => n.ifaces.flatMap((i) => i.addrs.map(ipToInt)));
}

const ESTABLISHED: Rule = {
  chain: 'FORWARD',
  matches: [{ kind: 'state', module: 'conntrack', neg: false, states: ['RELATED', 'ESTABLISHED'] }],
  target: { kind: 'ACCEPT' },
};

/** Well-known ports of an IT/OT site (and neighbours of them, for edges). */
const PORTS = [22, 23, 53, 80, 102, 123, 161, 443, 445, 502, 1433, 3389, 4840, 8080, 20000, 44818];

function addrMatch(rng: Rng, dir: 's' | 'd', pool: number[]): Match {
  const len = rng.pick([32, 32, 31, 30, 29, 28, 24, 24, 24, 16, 8]);
  const [net] = prefixRange(rng.pick(pool), len);
  const text = `${intToIp(net)}/${len}`;
  return { kind: 'addr', dir, neg: rng.bool(0.08), nets: [[net, len]], text };
}

function portMatch(rng: Rng, dir: 'sport' | 'dport'): Match {
  const shape = rng.next();
  if (shape < 0.5) {
    const p = rng.pick(PORTS);
    return { kind: 'port', dir, neg: rng.bool(0.05), lo: p, hi: p, text: String(p) };
  }
  if (shape < 0.75) {
    const lo = rng.pick(PORTS);
    const hi = Math.min(65535, lo + rng.pick([1, 9, 100, 1000]));
    return { kind: 'port', dir, neg: rng.bool(0.05), lo, hi, text: `${lo}:${hi}` };
  }
  const ranges: Array<[number, number]> = [];
  for (let k = rng.int(2, 4); k > 0; k--) {
    const lo = rng.pick(PORTS);
    const hi = rng.bool(0.3) ? lo + rng.int(1, 20) : lo;
    if (!ranges.some(([a, b]) => lo <= b && hi >= a)) ranges.push([lo, hi]);
  }
  return { kind: 'multiport', dir: dir === 'sport' ? 'sports' : 'dports', neg: false, ranges };
}

function generateRule(rng: Rng, ifaces: string[], pool: number[]): Rule {
  const matches: Match[] = [];
  if (rng.bool(0.55)) matches.push(addrMatch(rng, 's', pool));
  if (rng.bool(0.45)) matches.push(addrMatch(rng, 'd', pool));
  if (rng.bool(0.3)) matches.push({ kind: 'iface', dir: 'i', neg: rng.bool(0.1), name: rng.pick(ifaces) });
  if (rng.bool(0.25)) matches.push({ kind: 'iface', dir: 'o', neg: rng.bool(0.1), name: rng.pick(ifaces) });
  const p = rng.next();
  const proto = p < 0.45 ? TCP : p < 0.75 ? UDP : p < 0.88 ? ICMP : 0;
  if (proto) matches.push({ kind: 'proto', neg: false, num: proto, text: String(proto) });
  if (proto === TCP || proto === UDP) {
    if (rng.bool(0.1)) matches.push(portMatch(rng, 'sport'));
    if (rng.bool(0.65)) matches.push(portMatch(rng, 'dport'));
  } else if (proto === ICMP && rng.bool(0.5)) {
    const [type, text] = rng.pick([
      [8, 'echo-request'],
      [8, 'echo-request'],
      [0, 'echo-reply'],
      [13, 'timestamp-request'],
    ] as Array<[number, string]>);
    matches.push({ kind: 'icmp', neg: rng.bool(0.1), type, codeLo: 0, codeHi: 255, text });
  }
  if (!matches.some((m) => m.kind === 'addr' || m.kind === 'proto')) matches.push(addrMatch(rng, 'd', pool));
  const t = rng.next();
  const target: Rule['target'] =
    t < 0.55
      ? { kind: 'ACCEPT' }
      : t < 0.82
        ? { kind: 'DROP' }
        : {
            kind: 'REJECT',
            opts: rng.bool(0.7)
              ? '--reject-with icmp-port-unreachable'
              : '--reject-with icmp-admin-prohibited',
          };
  return { chain: 'FORWARD', matches, target };
}

export function generateFirewall(rng: Rng, name: FirewallName, nodes: SiteNode[], header: string): Firewall {
  const node = nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no firewall ${name}`);
  const ifaces = node.ifaces.map((i) => i.name);
  const pool = hostAddrs(nodes);
  const rules = [
    ESTABLISHED,
    ...Array.from({ length: rng.int(6, 16) }, () => generateRule(rng, ifaces, pool)),
  ];
  const rs: Ruleset = {
    policy: rng.bool(0.4) ? 'DROP' : 'ACCEPT',
    userChains: [],
    rules,
    stateful: true,
    style: 'canonical',
  };
  return { name, rs, rendered: renderRuleset(rs, header) };
}

// ---------------------------------------------------------------------------------------------
// probes

export interface SiteProbe {
  id: number;
  srcHost: string;
  dstHost: string;
  proto: number;
  src: number;
  dst: number;
  /** tcp/udp: ports; icmp: sport = code, dport = type (always an echo request) */
  sport: number;
  dport: number;
}

function hostOf(nodes: SiteNode[], addr: number): SiteNode {
  const o = ownerOf(nodes, addr);
  if (!o) throw new Error(`no host has ${intToIp(addr)}`);
  return o.node;
}

function pickIn(rng: Rng, range: [number, number] | null, dflt: () => number): number {
  if (!range) return dflt();
  const [lo, hi] = range;
  const r = rng.next();
  // edges: exactly on them, or one past (which the rule must then not match)
  if (r < 0.2) return lo;
  if (r < 0.4) return hi;
  if (r < 0.5 && hi < 65535) return hi + 1;
  if (r < 0.6 && lo > 1) return lo - 1;
  return rng.int(lo, hi);
}

/**
 * Seeded probes: most aimed at one rule of one firewall (addresses inside its prefixes, ports on
 * or next to the edges of its ranges), the rest random; about one in ten stays inside segment A.
 * Every probe is a flow conntrack has not seen: no repeated tuple, no reply of an earlier one.
 */
export function generateProbes(rng: Rng, nodes: SiteNode[], fws: Firewall[], count: number): SiteProbe[] {
  const addrs = hostAddrs(nodes);
  const seen = new Set<string>();
  const out: SiteProbe[] = [];
  const sameSeg = (a: number, b: number): boolean =>
    hostOf(nodes, a).ifaces[0]?.segment === hostOf(nodes, b).ifaces[0]?.segment;
  for (let id = 1; out.length < count && id < count * 20; id++) {
    let src: number;
    let dst: number;
    let proto = rng.pick([TCP, TCP, UDP, UDP, ICMP]);
    let sportRange: [number, number] | null = null;
    let dportRange: [number, number] | null = null;
    const within = rng.bool(0.1);
    const rule = within ? undefined : rng.pick(rng.pick(fws).rs.rules.slice(1));
    const inside = (dir: 's' | 'd'): number[] => {
      const m = rule?.matches.find((x) => x.kind === 'addr' && x.dir === dir);
      if (!m || m.kind !== 'addr' || m.neg || rng.bool(0.15)) return addrs;
      const hit = addrs.filter((a) =>
        m.nets.some(([n, l]) => a >= prefixRange(n, l)[0] && a <= prefixRange(n, l)[1]),
      );
      return hit.length ? hit : addrs;
    };
    if (within) {
      const seg = addrs.filter((a) => hostOf(nodes, a).ifaces[0]?.segment === 'A');
      src = rng.pick(seg);
      dst = rng.pick(seg.filter((a) => hostOf(nodes, a) !== hostOf(nodes, src)));
    } else {
      src = rng.pick(inside('s'));
      const dsts = inside('d').filter((a) => !sameSeg(a, src));
      dst = rng.pick(dsts.length ? dsts : addrs.filter((a) => !sameSeg(a, src)));
      const p = rule?.matches.find((x) => x.kind === 'proto');
      if (p && p.kind === 'proto' && p.num !== 0 && !rng.bool(0.1)) proto = p.num;
      for (const m of rule?.matches ?? []) {
        const range = (rs: Array<[number, number]>): [number, number] | null =>
          rs.length ? rng.pick(rs) : null;
        if (m.kind === 'port' && m.dir === 'sport') sportRange = [m.lo, m.hi];
        if (m.kind === 'port' && m.dir === 'dport') dportRange = [m.lo, m.hi];
        if (m.kind === 'multiport') {
          if (m.dir === 'sports') sportRange = range(m.ranges);
          else dportRange = range(m.ranges);
        }
      }
    }
    let sport = 0;
    let dport = 8;
    if (proto !== ICMP) {
      dport = pickIn(rng, dportRange, () => (rng.bool(0.7) ? rng.pick(PORTS) : rng.int(1, 65535)));
      let tries = 0;
      do sport = pickIn(rng, sportRange, () => rng.int(1024, 65535));
      while (
        tries++ < 20 &&
        (seen.has(`${proto}/${src}:${sport}/${dst}:${dport}`) ||
          seen.has(`${proto}/${dst}:${dport}/${src}:${sport}`))
      );
    }
    // ICMP echo flows differ by their id, which is the probe id (see packets.py)
    const key = proto === ICMP ? `icmp/${id}` : `${proto}/${src}:${sport}/${dst}:${dport}`;
    const back = `${proto}/${dst}:${dport}/${src}:${sport}`;
    if (seen.has(key) || seen.has(back)) continue;
    seen.add(key);
    out.push({
      id,
      srcHost: hostOf(nodes, src).name,
      dstHost: hostOf(nodes, dst).name,
      proto,
      src,
      dst,
      sport,
      dport,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// reference evaluation across the site

export interface SiteDecision {
  verdict: 'permit' | 'deny';
  hops: Hop[];
  /** the firewall that denied, and its decision (rule index or -1 for the policy) */
  deniedAt: { hop: Hop; decision: Decision } | null;
  /** every firewall's decision along the path, in order */
  decisions: Decision[];
}

export function evaluateSite(
  nodes: SiteNode[],
  fws: Firewall[],
  p: SiteProbe,
  firstHop?: number,
): SiteDecision {
  const hops = sitePath(nodes, p.src, p.dst, firstHop);
  if (!hops) throw new Error(`no path from ${intToIp(p.src)} to ${intToIp(p.dst)}`);
  const decisions: Decision[] = [];
  for (const hop of hops) {
    const fw = fws.find((f) => f.name === hop.fw);
    if (!fw) throw new Error(`no firewall ${hop.fw}`);
    const d = evaluate(fw.rs, { ...p, inIf: hop.inIf, outIf: hop.outIf });
    decisions.push(d);
    if (d.verdict === 'deny') return { verdict: 'deny', hops, deniedAt: { hop, decision: d }, decisions };
  }
  return { verdict: 'permit', hops, deniedAt: null, decisions };
}

/** Firewall addresses on the probe's source segment other than the host's own gateway. */
export function otherGateways(nodes: SiteNode[], p: SiteProbe): number[] {
  const from = ownerOf(nodes, p.src);
  const own = from && routeLookup(from.node, p.dst)?.nextHop;
  const seg = from?.iface.segment;
  return nodes
    .filter((n) => n.kind === 'fw')
    .flatMap((n) => n.ifaces.filter((i) => i.segment === seg).flatMap((i) => i.addrs.map(ipToInt)))
    .filter((a) => a !== own);
}
