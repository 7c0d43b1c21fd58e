/**
 * Seeded generator of small, overlapping iptables FORWARD rulesets and of probes aimed at their
 * edges (first/last address and port of every range, and one off), for the kernel differential test.
 */
import {
  ICMP,
  IN_IFACES,
  OUT_IFACES,
  ROUTES,
  TCP,
  UDP,
  intToIp,
  parseCidr,
  prefixRange,
  routeOut,
  usableAddr,
  type Match,
  type Probe,
  type Rule,
  type Ruleset,
  type Target,
} from './ipt-model';

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32 */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.next() * xs.length)];
    if (x === undefined) throw new Error('pick from empty list');
    return x;
  }
}

/** Independent, reproducible seed for ruleset `index` of a run seeded with `seed`. */
export function subSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const CHAIN_NAMES = ['web_in', 'OT-MGMT', 'scada', 'dmz_svc', 'LOGDROP', 'trusted'];
const IFACE_NAMES = ['lan0', 'lan1', 'dmz0', 'wan0', 'ot0', 'lan+', 'ot+', 'wan+', 'dmz+', '+', 'eth0', 'lan'];
const COMMON_PORTS = [0, 1, 22, 53, 80, 443, 502, 1024, 3389, 8080, 20000, 44818, 65535];
const COMMENTS = ['allow web', 'ticket #4711: ops', 'was -j DROP before', 'plain', "it's OT"];
/** [written, type, codeLo, codeHi]; type 255 = any */
const ICMP_TYPES: Array<[string, number, number, number]> = [
  ['echo-request', 8, 0, 255],
  ['8', 8, 0, 255],
  ['8/0', 8, 0, 0],
  ['echo-reply', 0, 0, 255],
  ['destination-unreachable', 3, 0, 255],
  ['port-unreachable', 3, 3, 3],
  ['3/4', 3, 4, 4],
  ['host-unreachable', 3, 1, 1],
  ['time-exceeded', 11, 0, 255],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['timestamp-request', 13, 0, 255],
  ['13', 13, 0, 255],
  ['address-mask-request', 17, 0, 255],
  ['17/1', 17, 1, 1],
  ['any', 255, 0, 255],
];
/** [written, mask, comp] on FIN=1 SYN=2 RST=4 PSH=8 ACK=16 URG=32; probes are bare SYNs */
const TCP_FLAGS: Array<[string, number, number]> = [
  ['--syn', 0x17, 0x02],
  ['--tcp-flags SYN,ACK SYN', 0x12, 0x02],
  ['--tcp-flags ALL SYN', 0x3f, 0x02],
  ['--tcp-flags ALL NONE', 0x3f, 0x00],
  ['--tcp-flags SYN,RST SYN', 0x06, 0x02],
  ['--tcp-flags ACK ACK', 0x10, 0x10],
  ['--tcp-flags RST RST', 0x04, 0x04],
  ['--tcp-flags ALL ACK', 0x3f, 0x10],
];
/** ICMP types conntrack can start a flow with (others are INVALID or RELATED to it). */
export const ICMP_NEW_TYPES = [8, 13, 15, 17];

/** A few overlapping "sites" per ruleset; every address match is carved out of one of them. */
function makeSites(rng: Rng): Array<[number, number]> {
  const sites: Array<[number, number]> = [];
  const base = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '198.51.100.0/24', '203.0.113.0/24', '8.8.8.0/24'];
  for (let i = 0; i < 6; i++) {
    const [net, len] = parseCidr(rng.pick(base));
    const [lo, hi] = prefixRange(net, len);
    const sub = Math.min(32, len + rng.int(0, 12));
    sites.push([prefixRange(rng.int(lo, hi), sub)[0], sub]);
  }
  return sites;
}

function genNet(rng: Rng, sites: Array<[number, number]>): [number, number] {
  const [net, len] = rng.pick(sites);
  const [lo, hi] = prefixRange(net, len);
  const sub = rng.bool(0.15) ? Math.max(4, len - rng.int(1, 6)) : Math.min(32, len + rng.int(0, 10));
  return [prefixRange(rng.int(lo, hi), sub)[0], sub];
}

function writeNet(rng: Rng, [net, len]: [number, number]): string {
  const r = rng.next();
  if (len === 32 && r < 0.5) return intToIp(net);
  if (r < 0.15 && len < 32) return `${intToIp(net + rng.int(1, 2 ** (32 - len) - 1))}/${len}`; // host bits set
  if (r < 0.25) return `${intToIp(net)}/${intToIp(2 ** 32 - 2 ** (32 - len))}`; // dotted mask
  return `${intToIp(net)}/${len}`;
}

function genPortRange(rng: Rng): { lo: number; hi: number; text: string } {
  const a = rng.bool(0.6) ? rng.pick(COMMON_PORTS) : rng.int(1, 65535);
  const r = rng.next();
  if (r < 0.45) return { lo: a, hi: a, text: `${a}` };
  if (r < 0.55) return { lo: 0, hi: a, text: `:${a}` };
  if (r < 0.65) return { lo: a, hi: 65535, text: `${a}:` };
  const b = Math.min(65535, a + rng.pick([1, 9, 100, 1000, rng.int(1, 30000)]));
  return { lo: a, hi: b, text: `${a}:${b}` };
}

function genMatches(rng: Rng, rs: Ruleset, sites: Array<[number, number]>): Match[] {
  const ms: Match[] = [];
  for (const dir of ['s', 'd'] as const) {
    if (!rng.bool(dir === 's' ? 0.35 : 0.4)) continue;
    const multi = rng.bool(0.08);
    const nets = multi ? [genNet(rng, sites), genNet(rng, sites)] : [genNet(rng, sites)];
    const text = nets.map((n) => writeNet(rng, n)).join(',');
    ms.push({ kind: 'addr', dir, neg: !multi && rng.bool(0.15), nets, text });
  }
  for (const dir of ['i', 'o'] as const) {
    if (rng.bool(dir === 'i' ? 0.3 : 0.25)) ms.push({ kind: 'iface', dir, neg: rng.bool(0.2), name: rng.pick(IFACE_NAMES) });
  }
  if (rng.bool(0.65)) {
    const num = rng.pick([TCP, TCP, TCP, UDP, UDP, ICMP, ICMP, 50, 253, 0]);
    const canBeNeg = num !== 0;
    const text =
      num === 0 ? 'all' : rng.bool(0.3) ? String(num) : ({ 6: 'tcp', 17: 'udp', 1: 'icmp', 50: 'esp' }[num] ?? String(num));
    const neg = canBeNeg && rng.bool(0.12);
    ms.push({ kind: 'proto', neg, num, text });
    if (!neg && (num === TCP || num === UDP)) {
      for (const dir of ['dport', 'sport'] as const) {
        if (rng.bool(dir === 'dport' ? 0.5 : 0.15)) ms.push({ kind: 'port', dir, neg: rng.bool(0.15), ...genPortRange(rng) });
      }
      if (num === TCP && rng.bool(0.2)) {
        const [text, mask, comp] = rng.pick(TCP_FLAGS);
        ms.push({ kind: 'tcpflags', neg: rng.bool(0.2), mask, comp, text });
      }
      if (rng.bool(0.2)) {
        const ranges: Array<[number, number]> = [];
        for (let n = rng.int(1, 5); n > 0; n--) {
          const r = genPortRange(rng);
          ranges.push(r.text.startsWith(':') || r.text.endsWith(':') ? [r.lo, r.lo] : [r.lo, r.hi]);
        }
        ms.push({ kind: 'multiport', dir: rng.pick(['dports', 'sports', 'ports'] as const), neg: rng.bool(0.15), ranges });
      }
    }
    if (!neg && num === ICMP && rng.bool(0.6)) {
      const [text, type, codeLo, codeHi] = rng.pick(ICMP_TYPES);
      ms.push({ kind: 'icmp', neg: type !== 255 && rng.bool(0.15), type, codeLo, codeHi, text });
    }
  }
  if (rng.bool(0.1)) {
    const [a, b] = [genNet(rng, sites), genNet(rng, sites)].map(([n, l]) => prefixRange(n, l)[0] + rng.int(0, 2 ** (32 - l) - 1));
    const [lo, hi] = [Math.min(a ?? 0, b ?? 0), Math.max(a ?? 0, b ?? 0)];
    ms.push({ kind: 'iprange', dir: rng.bool() ? 'src' : 'dst', neg: rng.bool(0.2), lo, hi });
  }
  if (rs.stateful && rng.bool(0.3)) {
    const states = rng.pick([['NEW'], ['ESTABLISHED', 'RELATED'], ['RELATED', 'ESTABLISHED'], ['NEW', 'ESTABLISHED'], ['INVALID']]);
    ms.push({ kind: 'state', module: rng.bool(0.7) ? 'conntrack' : 'state', neg: rng.bool(0.15), states });
  }
  if (rng.bool(0.12)) ms.push({ kind: 'comment', text: rng.pick(COMMENTS) });
  return ms;
}

function genTarget(rng: Rng, rule: Rule, callable: string[], inBase: boolean): Target {
  const r = rng.next();
  const isTcp = rule.matches.some((m) => m.kind === 'proto' && !m.neg && m.num === TCP);
  if (callable.length && r < (inBase ? 0.3 : 0.2)) return { kind: rng.bool(0.75) ? 'jump' : 'goto', chain: rng.pick(callable) };
  if (r < 0.45) return { kind: 'ACCEPT' };
  if (r < 0.6) return { kind: 'DROP' };
  if (r < 0.68) {
    const opts = rng.pick(['', '--reject-with icmp-port-unreachable', '--reject-with icmp-admin-prohibited']);
    return { kind: 'REJECT', opts: isTcp && rng.bool(0.4) ? '--reject-with tcp-reset' : opts };
  }
  if (r < (inBase ? 0.72 : 0.82)) return { kind: 'RETURN' };
  const kind = rng.pick(['LOG', 'NFLOG', 'MARK', 'CONNMARK', 'none'] as const);
  if (kind === 'none') return { kind };
  const opts = {
    LOG: rng.pick(['', '--log-prefix "FWD: " --log-level 4', '--log-prefix x']),
    NFLOG: rng.pick(['--nflog-group 5', '--nflog-prefix "ot drop"']),
    MARK: rng.pick(['--set-mark 0x5', '--set-xmark 0x1/0xff']),
    CONNMARK: '--set-mark 7',
  }[kind];
  return { kind, opts };
}

export function generateRuleset(rng: Rng): Ruleset {
  const names = [...CHAIN_NAMES].sort(() => rng.next() - 0.5).slice(0, rng.int(1, 4));
  const rs: Ruleset = {
    policy: rng.bool() ? 'ACCEPT' : 'DROP',
    userChains: names,
    rules: [],
    stateful: rng.bool(0.5),
    style: rng.bool(0.5) ? 'canonical' : 'terse',
  };
  const sites = makeSites(rng);
  const budget = rng.int(10, 40);
  const counts = ['FORWARD', ...names].map((c, i) => [c, i === 0 ? Math.ceil(budget * 0.45) : 0] as [string, number]);
  for (let left = budget - (counts[0]?.[1] ?? 0); left > 0; left--) {
    const slot = counts[rng.int(1, counts.length - 1)];
    if (slot) slot[1]++;
  }
  counts.forEach(([chain, n], ci) => {
    const callable = ci === 0 ? names : names.slice(ci); // a user chain only calls later ones: no loops
    for (let k = 0; k < n; k++) {
      const rule: Rule = { chain, matches: genMatches(rng, rs, sites), target: { kind: 'none' } };
      rule.target = genTarget(rng, rule, callable, ci === 0);
      rs.rules.push(rule);
    }
  });
  // every user chain is entered from somewhere earlier
  names.forEach((name, ci) => {
    if (rs.rules.some((r) => (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === name)) return;
    const caller = ci > 0 && rng.bool(0.5) ? rng.pick(names.slice(0, ci)) : 'FORWARD';
    const at = rs.rules.findIndex((r) => r.chain === caller);
    const rule: Rule = { chain: caller, matches: genMatches(rng, rs, sites), target: { kind: rng.bool(0.7) ? 'jump' : 'goto', chain: name } };
    rs.rules.splice(at < 0 ? rs.rules.length : at + rng.int(0, 2), 0, rule);
  });
  if (!rs.rules.some((r) => r.matches.some((m) => m.kind === 'state'))) rs.stateful = false;
  return rs;
}

// ---------------------------------------------------------------------------------------------
// probes

function edges(lo: number, hi: number): number[] {
  return [lo - 1, lo, hi, hi + 1];
}

/** The values worth probing for each field, collected from every rule of the ruleset. */
function interesting(rs: Ruleset): { addr: number[]; port: number[]; icmp: Array<[number, number]> } {
  const addr: number[] = [];
  const port: number[] = [...COMMON_PORTS];
  const icmp: Array<[number, number]> = [];
  for (const m of rs.rules.flatMap((r) => r.matches)) {
    if (m.kind === 'addr') for (const [n, l] of m.nets) addr.push(...edges(...prefixRange(n, l)));
    if (m.kind === 'iprange') addr.push(...edges(m.lo, m.hi));
    if (m.kind === 'port') port.push(...edges(m.lo, m.hi));
    if (m.kind === 'multiport') for (const [lo, hi] of m.ranges) port.push(...edges(lo, hi));
    if (m.kind === 'icmp' && m.type !== 255) icmp.push([m.type, m.codeLo], [m.type, m.codeHi], [m.type, m.codeLo - 1]);
  }
  return { addr: addr.filter(usableAddr), port: port.filter((p) => p >= 0 && p <= 65535), icmp };
}

export interface ProbeGen {
  next(id: number): Probe;
}

export function probeGenerator(rng: Rng, rs: Ruleset, protos?: number[]): ProbeGen {
  const vals = interesting(rs);
  const seen = new Set<string>();
  const anyAddr = (): number => {
    for (;;) {
      const r = rng.next();
      const a = r < 0.5 && vals.addr.length ? rng.pick(vals.addr) : r < 0.8 ? randomInSite() : rng.int(0x01000000, 0xdfffffff);
      if (usableAddr(a)) return a;
    }
  };
  const randomInSite = (): number => {
    const [net, len] = parseCidr(rng.pick(ROUTES.map(([c]) => c).concat(['192.168.0.0/16', '198.51.100.0/24', '8.8.8.0/24'])));
    const [lo, hi] = prefixRange(net, len);
    return rng.int(lo, hi);
  };
  const port = (): number => (rng.bool(0.6) ? rng.pick(vals.port) : rng.int(1, 65535));
  const icmpTypes = (rs.stateful ? ICMP_NEW_TYPES : [0, 3, 4, 5, 8, 11, 12, 13, 14, 17, 18, 30]);
  const fill = (p: Probe): void => {
    if (p.proto === TCP || p.proto === UDP) [p.sport, p.dport] = [port(), port()];
    else if (p.proto === ICMP) {
      const cand = vals.icmp.filter(([t, c]) => icmpTypes.includes(t) && c >= 0 && c <= 255);
      [p.dport, p.sport] = cand.length && rng.bool(0.6) ? rng.pick(cand) : [rng.pick(icmpTypes), rng.bool(0.7) ? 0 : rng.int(1, 15)];
    } else [p.sport, p.dport] = [0, 0];
  };
  /** Steer the probe to satisfy (or, with `flip`, just miss) one rule's conditions. */
  const aim = (p: Probe, rule: Rule, flipAt: number): void => {
    rule.matches.forEach((m, k) => {
      const want = (k === flipAt) === m.neg; // satisfy the inner condition?
      const pickIn = (lo: number, hi: number): number => (rng.bool(0.5) ? rng.pick([lo, hi]) : rng.int(lo, hi));
      const pickOut = (lo: number, hi: number, max: number): number =>
        rng.pick([lo - 1, hi + 1].filter((v) => v >= 0 && v <= max).concat(lo > 0 || hi < max ? [] : [lo]));
      if (m.kind === 'addr' || m.kind === 'iprange') {
        const [lo, hi] = m.kind === 'addr' ? prefixRange(...rng.pick(m.nets)) : [m.lo, m.hi];
        const v = want ? pickIn(lo, hi) : pickOut(lo, hi, 2 ** 32 - 1);
        if (!usableAddr(v)) return;
        if ((m.kind === 'addr' && m.dir === 's') || (m.kind === 'iprange' && m.dir === 'src')) p.src = v;
        else p.dst = v;
      } else if (m.kind === 'iface' && m.dir === 'i') {
        const pool = IN_IFACES.filter((n) => (m.name.endsWith('+') ? n.startsWith(m.name.slice(0, -1)) : n === m.name) === want);
        if (pool.length) p.inIf = rng.pick(pool);
      } else if (m.kind === 'proto' && (!protos || protos.includes(m.num))) {
        const next = want ? m.num : rng.pick([TCP, UDP, ICMP, 50, 253].filter((n) => n !== m.num));
        if (next !== 0 && next !== p.proto) [p.proto, p.sport, p.dport] = [next, 0, 0];
        if (next !== 0) fill(p);
      } else if (m.kind === 'port' && (p.proto === TCP || p.proto === UDP)) {
        const v = want ? pickIn(m.lo, m.hi) : pickOut(m.lo, m.hi, 65535);
        if (m.dir === 'sport') p.sport = v;
        else p.dport = v;
      } else if (m.kind === 'multiport' && (p.proto === TCP || p.proto === UDP)) {
        const [lo, hi] = rng.pick(m.ranges);
        const v = want ? pickIn(lo, hi) : pickOut(lo, hi, 65535);
        if (m.dir === 'sports' || (m.dir === 'ports' && rng.bool())) p.sport = v;
        else p.dport = v;
      } else if (m.kind === 'icmp' && p.proto === ICMP && m.type !== 255 && icmpTypes.includes(m.type)) {
        p.dport = m.type;
        p.sport = want ? pickIn(m.codeLo, Math.min(m.codeHi, 20)) : pickOut(m.codeLo, m.codeHi, 255);
      }
    });
    const o = rule.matches.find((m) => m.kind === 'iface' && m.dir === 'o');
    if (o && o.kind === 'iface' && !rule.matches.some((m) => m.kind === 'addr' && m.dir === 'd')) {
      const hit = OUT_IFACES.filter((n) => (o.name.endsWith('+') ? n.startsWith(o.name.slice(0, -1)) : n === o.name) !== o.neg);
      for (let tries = 0; hit.length && tries < 20 && !hit.includes(routeOut(p.dst)); tries++) p.dst = anyAddr();
    }
  };
  return {
    next(id: number): Probe {
      for (;;) {
        const proto = protos ? rng.pick(protos) : rng.pick([TCP, TCP, TCP, TCP, UDP, UDP, UDP, ICMP, ICMP, 50, 253]);
        const p: Probe = { id, inIf: rng.pick(IN_IFACES), outIf: '', proto, src: anyAddr(), dst: anyAddr(), sport: 0, dport: 0 };
        fill(p);
        if (rs.rules.length && rng.bool(0.7)) {
          const rule = rng.pick(rs.rules);
          const callers = rs.rules.filter((r) => (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === rule.chain);
          if (callers.length) aim(p, rng.pick(callers), -1);
          aim(p, rule, rng.bool(0.35) ? rng.int(0, rule.matches.length - 1) : -1);
        }
        p.outIf = routeOut(p.dst);
        const key = p.proto === ICMP ? `${id}` : `${p.proto}|${p.src}|${p.dst}|${p.proto === TCP || p.proto === UDP ? `${p.sport}|${p.dport}` : ''}`;
        if (seen.has(key) || !usableAddr(p.src) || !usableAddr(p.dst)) continue;
        seen.add(key);
        return p;
      }
    },
  };
}
