/**
 * A seeded generator of small neutral firewall policies, written as capirca `.pol` files (with
 * the `NETWORK.net` / `SERVICES.svc` definitions they need), plus the policy's own first-match
 * answer for a flow (the truth the rendered configs are compared against) and a generator of
 * flows aimed at the policy's term boundaries.
 *
 * What is generated (and so what the cross-vendor test covers): IPv4 only; per term optional
 * source / destination prefix lists (drawn from a small address space so that terms overlap and
 * order matters), protocol any / tcp / udp / tcp+udp / icmp, destination ports and ranges (many
 * of them ports that capirca's ASA target writes by name: `www`, `domain`, `cmd`/`syslog`...),
 * sometimes source ports, sometimes an ICMP type, source / destination excludes, GRE / ESP and
 * mixed tcp+udp+icmp terms, `logging:: true`, `option:: tcp-established`, and an action accept / deny / reject. Most
 * policies end with a catch-all deny term; the others end with nothing, so that each target's
 * own default (ACL implicit deny, SRX default policy, iptables chain policy) decides.
 *
 * Deliberately not generated, because not every target renders it (or renders it the same way):
 * IPv6 / mixed families, `option:: established` (capirca turns it into port ranges that differ per
 * target: IOS permits udp 1024-65535, Junos tcp+udp 1024-65535, SRX drops the term), counters, logging, expiration, `platform` filters, and ICMP codes.
 */
import type { Flow } from '../../models/net';

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
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
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
export const GRE = 47;
export const ESP = 50;
/** A protocol no term names (OSPF): only `protocol any` terms match it. */
export const OSPF = 89;

export type Proto = 'tcp' | 'udp' | 'icmp' | 'gre' | 'esp';
export type TermAction = 'accept' | 'deny' | 'reject';
export interface Prefix {
  readonly base: number;
  readonly len: number;
}
export type PortRange = readonly [number, number];

export interface Term {
  readonly name: string;
  /** null: any. */
  readonly src: readonly Prefix[] | null;
  readonly dst: readonly Prefix[] | null;
  /** `source-exclude` / `destination-exclude`: a prefix strictly inside one of src / dst. */
  readonly srcExclude: Prefix | null;
  readonly dstExclude: Prefix | null;
  /** null: any protocol (capirca omits `protocol::`). */
  readonly protos: readonly Proto[] | null;
  readonly dports: readonly PortRange[] | null;
  readonly sports: readonly PortRange[] | null;
  /** Only with protos = ['icmp']. */
  readonly icmpType: number | null;
  readonly action: TermAction;
  /** `logging:: true` (IOS/ASA `log`, an iptables LOG rule, Junos `syslog`, SRX `log`). */
  readonly logging: boolean;
  /**
   * `option:: tcp-established` (tcp-only accept terms): the term is for replies. capirca renders
   * it per target: IOS `established`, iptables `--state ESTABLISHED,RELATED`, Junos
   * `tcp-established` (none matches a connection's first packet); the SRX term is dropped; the
   * ASA term is written without the option (the ASA is stateful), so it matches new connections.
   */
  readonly tcpEstablished: boolean;
}

export interface Policy {
  readonly seed: number;
  /** The file stem: capirca names its outputs after it. */
  readonly name: string;
  readonly terms: readonly Term[];
  /** Whether the last term is the catch-all deny (else the targets' defaults decide). */
  readonly catchAll: boolean;
}

/** ICMP types with a name in every target (capirca's `icmp-type::` names). */
export const ICMP_TYPES: Readonly<Record<string, number>> = {
  'echo-reply': 0,
  unreachable: 3,
  'echo-request': 8,
  'time-exceeded': 11,
  'timestamp-request': 13,
};

/**
 * Ports capirca's ASA target writes by name (cisco.PortMap), so the ASA importer's name table
 * is exercised, including the names that differ between tcp and udp (514 cmd/syslog, 512
 * exec/biff, 513 login/who) and tcp 7 `echo` (also an ICMP type name).
 */
const NAMED_PORTS = [
  7, 9, 13, 19, 20, 21, 22, 23, 25, 37, 42, 43, 49, 53, 67, 68, 69, 70, 79, 80, 101, 109, 110, 111, 113, 119,
  123, 137, 138, 139, 143, 161, 162, 177, 179, 194, 195, 389, 434, 443, 496, 500, 512, 513, 514, 515, 517,
  520, 540, 543, 544, 636, 750, 1352, 1494, 1521, 1645, 1646, 1720, 1723, 2049, 2748, 5190, 5510, 5631, 5632,
];

export const ipToInt = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);
export const intToIp = (v: number): string =>
  [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
const prefixEnd = (p: Prefix): number => p.base + 2 ** (32 - p.len) - 1;
export const formatPrefix = (p: Prefix): string => `${intToIp(p.base)}/${p.len}`;
const prefixHas = (p: Prefix, a: number): boolean => a >= p.base && a <= prefixEnd(p);
const makePrefix = (addr: number, len: number): Prefix => {
  const size = 2 ** (32 - len);
  return { base: Math.floor(addr / size) * size, len };
};

/** Addresses come from 10.0.0.0/14 and a few fixed lengths, so prefixes nest and overlap. */
function randomPrefix(rng: Rng): Prefix {
  const addr = ipToInt('10.0.0.0') + rng.int(0, 3) * 65536 + rng.int(0, 3) * 256 + rng.int(0, 255);
  return makePrefix(addr, rng.pick([14, 15, 16, 20, 23, 24, 24, 25, 26, 28, 30, 31, 32]));
}

function randomPorts(rng: Rng): PortRange[] {
  const n = rng.int(1, 3);
  const out: PortRange[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.45) {
      const p = rng.pick(NAMED_PORTS);
      out.push([p, p]);
    } else if (r < 0.65) {
      // A range between named ports (ASA writes `range ssh telnet`).
      const a = rng.pick(NAMED_PORTS);
      const b = rng.pick(NAMED_PORTS);
      out.push(a <= b ? [a, b] : [b, a]);
    } else if (r < 0.85) {
      const lo = rng.int(1, 60000);
      out.push([lo, Math.min(65535, lo + rng.int(1, 3000))]);
    } else {
      const p = rng.int(1, 65535);
      out.push([p, p]);
    }
  }
  return out;
}

/**
 * Sometimes an exclude: a prefix strictly inside one of the list's prefixes. The list's prefixes
 * that lie inside the exclude are dropped (they match nothing anyway), so that Junos' `except`
 * (longest-prefix match among the entries) and capirca's set difference (IOS, ASA, SRX) agree.
 */
function withExclude(rng: Rng, list: Prefix[] | null): [Prefix[] | null, Prefix | null] {
  if (list === null || !rng.chance(0.2)) return [list, null];
  const outer = rng.pick(list);
  if (outer.len >= 31) return [list, null];
  const len = rng.int(outer.len + 1, Math.min(32, outer.len + 8));
  const exclude = makePrefix(outer.base + rng.int(0, 2 ** (32 - outer.len) - 1), len);
  const kept = list.filter((p) => !(p.base >= exclude.base && prefixEnd(p) <= prefixEnd(exclude)));
  return kept.length > 0 ? [kept, exclude] : [list, null];
}

export function generatePolicy(seed: number): Policy {
  const rng = new Rng(seed);
  const terms: Term[] = [];
  const count = rng.int(2, 7);
  const actions: TermAction[] = ['accept', 'accept', 'deny', 'reject'];
  for (let i = 0; i < count; i++) {
    const prefixes = (): Prefix[] | null => {
      if (rng.chance(0.3)) return null;
      return Array.from({ length: rng.int(1, 3) }, () => randomPrefix(rng));
    };
    const [src, srcExclude] = withExclude(rng, prefixes());
    const [dst, dstExclude] = withExclude(rng, prefixes());
    const pr = rng.next();
    const protos: Proto[] | null =
      pr < 0.33
        ? ['tcp']
        : pr < 0.5
          ? ['udp']
          : pr < 0.64
            ? ['tcp', 'udp']
            : pr < 0.78
              ? ['icmp']
              : pr < 0.83
                ? ['tcp', 'udp', 'icmp']
                : pr < 0.87
                  ? rng.pick([['gre'], ['esp'], ['gre', 'esp']] as Proto[][])
                  : null;
    const ported = protos !== null && protos.every((p) => p === 'tcp' || p === 'udp');
    const dports = ported && rng.chance(0.85) ? randomPorts(rng) : null;
    const sports = ported && rng.chance(0.15) ? randomPorts(rng) : null;
    const icmpType = protos?.[0] === 'icmp' && rng.chance(0.5) ? rng.pick(Object.values(ICMP_TYPES)) : null;
    const logging = rng.chance(0.2);
    const action = rng.pick(actions);
    const tcpEstablished =
      action === 'accept' && protos?.length === 1 && protos[0] === 'tcp' && rng.chance(0.3);
    terms.push({
      name: `t${i + 1}`,
      src,
      dst,
      srcExclude,
      dstExclude,
      protos,
      dports,
      sports,
      icmpType,
      action,
      logging,
      tcpEstablished,
    });
  }
  // capirca drops tcp-established terms from SRX policies; a policy of nothing else would give
  // an SRX file with no policy at all, which Conduit does not recognise as Junos (reported).
  if (terms.every((t) => t.tcpEstablished)) terms[0] = { ...terms[0]!, tcpEstablished: false };
  const catchAll = rng.chance(0.75);
  if (catchAll) {
    terms.push({
      name: 'deny-all',
      src: null,
      dst: null,
      srcExclude: null,
      dstExclude: null,
      protos: null,
      dports: null,
      sports: null,
      icmpType: null,
      action: rng.pick(['deny', 'reject']),
      logging: false,
      tcpEstablished: false,
    });
  }
  return { seed, name: `xv${seed}`, terms, catchAll };
}

/** The capirca targets rendered, with the list / zone names the test asks Conduit about. */
export const FILTER = 'xv-filter';
export const FROM_ZONE = 'trust';
export const TO_ZONE = 'untrust';

const protoNumber: Readonly<Record<Proto, number>> = { tcp: TCP, udp: UDP, icmp: ICMP, gre: GRE, esp: ESP };

export interface MatchOptions {
  /** Whether a `tcp-established` term matches a new connection (only as rendered for the ASA). */
  readonly establishedMatchesNew?: boolean;
  /** Ignore excludes (to count the flows an exclude decided). */
  readonly ignoreExcludes?: boolean;
  /**
   * Stateful rendering (capirca's speedway/iptables): accept terms carry
   * `--state NEW,ESTABLISHED,RELATED`, and an ICMP message that is not a query (an echo reply, an
   * error with no connection) is INVALID to conntrack, so no accept term takes it.
   */
  readonly stateful?: boolean;
}

/** ICMP types conntrack lets open a connection (echo, timestamp, info and mask requests). */
const ICMP_QUERY_TYPES = new Set([8, 13, 15, 17]);

/**
 * The neutral policy's own first-match answer for a new connection's first packet: the deciding
 * term, or null (the default deny).
 */
export function firstMatch(policy: Policy, flow: Flow, opts: MatchOptions = {}): Term | null {
  const { ignoreExcludes = false, establishedMatchesNew = false, stateful = false } = opts;
  const invalid = stateful && flow.proto === ICMP && !ICMP_QUERY_TYPES.has(flow.dport);
  const src = flow.src.value as number;
  const dst = flow.dst.value as number;
  for (const t of policy.terms) {
    if (t.tcpEstablished && !establishedMatchesNew) continue;
    if (invalid && t.action === 'accept') continue;
    if (t.src !== null && !t.src.some((p) => prefixHas(p, src))) continue;
    if (t.dst !== null && !t.dst.some((p) => prefixHas(p, dst))) continue;
    if (!ignoreExcludes && t.srcExclude !== null && prefixHas(t.srcExclude, src)) continue;
    if (!ignoreExcludes && t.dstExclude !== null && prefixHas(t.dstExclude, dst)) continue;
    if (t.protos !== null && !t.protos.some((p) => protoNumber[p] === flow.proto)) continue;
    if (t.dports !== null && !t.dports.some(([lo, hi]) => flow.dport >= lo && flow.dport <= hi)) continue;
    if (t.sports !== null && !t.sports.some(([lo, hi]) => flow.sport >= lo && flow.sport <= hi)) continue;
    // Conduit's flows carry the ICMP type in dport (and the code in sport).
    if (t.icmpType !== null && flow.dport !== t.icmpType) continue;
    return t;
  }
  return null;
}

/** The `.pol` text and the definitions (naming format) it uses, one object per term and side. */
export function renderPolicy(policy: Policy): { pol: string; networks: string; services: string } {
  const net: string[] = [];
  const svc: string[] = [];
  const defineNet = (name: string, ps: readonly Prefix[]): void => {
    net.push(`${name} = ${formatPrefix(ps[0]!)}`, ...ps.slice(1).map((p) => `    ${formatPrefix(p)}`), '');
  };
  const defineSvc = (name: string, ranges: readonly PortRange[], protos: readonly Proto[]): void => {
    const items = ranges.flatMap(([lo, hi]) => protos.map((p) => `${lo === hi ? lo : `${lo}-${hi}`}/${p}`));
    svc.push(`${name} = ${items[0]!}`, ...items.slice(1).map((i) => `    ${i}`), '');
  };
  const icmpName = (type: number): string => Object.entries(ICMP_TYPES).find(([, v]) => v === type)![0];
  const lines: string[] = [
    'header {',
    `  comment:: "cross-vendor consistency policy, seed ${policy.seed}"`,
    `  target:: speedway INPUT ${policy.catchAll ? 'ACCEPT' : 'DROP'}`,
    `  target:: cisco ${FILTER} extended`,
    `  target:: ciscoasa ${FILTER}`,
    `  target:: juniper ${FILTER} inet`,
    `  target:: srx from-zone ${FROM_ZONE} to-zone ${TO_ZONE}`,
    '}',
    '',
  ];
  for (const t of policy.terms) {
    const id = `${policy.name}_${t.name.replace(/-/g, '_')}`.toUpperCase();
    lines.push(`term ${t.name} {`);
    if (t.src !== null) {
      defineNet(`${id}_SRC`, t.src);
      lines.push(`  source-address:: ${id}_SRC`);
    }
    if (t.srcExclude !== null) {
      defineNet(`${id}_SRCX`, [t.srcExclude]);
      lines.push(`  source-exclude:: ${id}_SRCX`);
    }
    if (t.dst !== null) {
      defineNet(`${id}_DST`, t.dst);
      lines.push(`  destination-address:: ${id}_DST`);
    }
    if (t.dstExclude !== null) {
      defineNet(`${id}_DSTX`, [t.dstExclude]);
      lines.push(`  destination-exclude:: ${id}_DSTX`);
    }
    if (t.protos !== null) lines.push(`  protocol:: ${t.protos.join(' ')}`);
    if (t.sports !== null) {
      defineSvc(`${id}_SPORTS`, t.sports, t.protos!);
      lines.push(`  source-port:: ${id}_SPORTS`);
    }
    if (t.dports !== null) {
      defineSvc(`${id}_DPORTS`, t.dports, t.protos!);
      lines.push(`  destination-port:: ${id}_DPORTS`);
    }
    if (t.icmpType !== null) lines.push(`  icmp-type:: ${icmpName(t.icmpType)}`);
    if (t.tcpEstablished) lines.push('  option:: tcp-established');
    if (t.logging) lines.push('  logging:: true');
    lines.push(`  action:: ${t.action}`, '}', '');
  }
  return { pol: lines.join('\n'), networks: net.join('\n'), services: svc.join('\n') };
}

/** Values on and around the edges of ranges, and a few inside. */
function edgeValues(
  ranges: readonly (readonly [number, number])[],
  rng: Rng,
  min: number,
  max: number,
): number[] {
  const out: number[] = [];
  for (const [lo, hi] of ranges) {
    out.push(lo - 1, lo, lo + 1, hi - 1, hi, hi + 1, rng.int(lo, hi));
  }
  return out.filter((v) => v >= min && v <= max);
}

/**
 * Flows aimed at the policy's term boundaries: for a random term, addresses on and just past
 * its prefix edges, each of its protocols and one it does not name, ports on and ±1 around its
 * range edges; mixed with fully random flows in the same address space.
 */
export function generateFlows(policy: Policy, count: number, seed: number): Flow[] {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const v4 = (value: number): Flow['src'] => ({ family: 4, value: value >>> 0 });
  const anyAddr = (): number =>
    ipToInt('10.0.0.0') + rng.int(0, 5) * 65536 + rng.int(0, 3) * 256 + rng.int(0, 255);
  const addrNear = (ps: readonly Prefix[] | null): number => {
    if (ps === null || rng.chance(0.15)) return anyAddr();
    const vals = edgeValues(
      ps.map((p) => [p.base, prefixEnd(p)] as const),
      rng,
      0,
      2 ** 32 - 1,
    );
    return rng.pick(vals);
  };
  const flows: Flow[] = [];
  while (flows.length < count) {
    const t = rng.chance(0.9) ? rng.pick(policy.terms) : null;
    const src = addrNear(t?.srcExclude && rng.chance(0.4) ? [t.srcExclude] : (t?.src ?? null));
    const dst = addrNear(t?.dstExclude && rng.chance(0.4) ? [t.dstExclude] : (t?.dst ?? null));
    let proto: number;
    const pr = rng.next();
    if (t?.protos && pr < 0.8) proto = protoNumber[rng.pick(t.protos)];
    else proto = rng.pick([TCP, TCP, UDP, UDP, ICMP, GRE, ESP, OSPF]);
    let sport = 0;
    let dport = 0;
    if (proto === TCP || proto === UDP) {
      dport =
        t?.dports && rng.chance(0.85)
          ? rng.pick(edgeValues(t.dports, rng, 1, 65535))
          : rng.pick([rng.int(1, 65535), rng.pick(NAMED_PORTS)]);
      sport =
        t?.sports && rng.chance(0.7) ? rng.pick(edgeValues(t.sports, rng, 1, 65535)) : rng.int(1024, 65535);
    } else if (proto === ICMP) {
      const types = Object.values(ICMP_TYPES);
      dport = t?.icmpType != null && rng.chance(0.6) ? t.icmpType : rng.pick([...types, 5, 9, 30]);
      sport = 0;
    }
    flows.push({ proto, src: v4(src), dst: v4(dst), sport, dport });
  }
  return flows;
}
