/**
 * Probes for a generated ruleset: each aimed at one rule (down its call path from FORWARD) and
 * often pushed one step past an edge of that rule's ranges, plus plain random ones. Every probe
 * is a flow conntrack has not seen (no repeated tuple, no reply of an earlier one).
 */
import { COMMON_PORTS, type Rng } from './ipt-vocab';
import {
  ICMP,
  IN_IFACES,
  OUT_IFACES,
  ROUTES,
  TCP,
  UDP,
  parseCidr,
  prefixRange,
  routeOut,
  usableAddr,
  type Probe,
  type Rule,
  type Ruleset,
} from './ipt-model';

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
    if (m.kind === 'icmp' && m.type !== 255)
      icmp.push([m.type, m.codeLo], [m.type, m.codeHi], [m.type, m.codeLo - 1]);
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
      const a =
        r < 0.5 && vals.addr.length
          ? rng.pick(vals.addr)
          : r < 0.8
            ? randomInSite()
            : rng.int(0x01000000, 0xdfffffff);
      if (usableAddr(a)) return a;
    }
  };
  const randomInSite = (): number => {
    const [net, len] = parseCidr(
      rng.pick(ROUTES.map(([c]) => c).concat(['192.168.0.0/16', '198.51.100.0/24', '8.8.8.0/24'])),
    );
    const [lo, hi] = prefixRange(net, len);
    return rng.int(lo, hi);
  };
  const port = (): number => (rng.bool(0.6) ? rng.pick(vals.port) : rng.int(1, 65535));
  // Every ICMP type, stateful or not: queries are NEW to conntrack, other messages INVALID.
  const icmpTypes = [0, 3, 4, 5, 8, 11, 12, 13, 14, 17, 18, 30];
  const fill = (p: Probe): void => {
    if (p.proto === TCP || p.proto === UDP) [p.sport, p.dport] = [port(), port()];
    else if (p.proto === ICMP) {
      const cand = vals.icmp.filter(([t, c]) => icmpTypes.includes(t) && c >= 0 && c <= 255);
      [p.dport, p.sport] =
        cand.length && rng.bool(0.6)
          ? rng.pick(cand)
          : [rng.pick(icmpTypes), rng.bool(0.7) ? 0 : rng.int(1, 15)];
    } else [p.sport, p.dport] = [0, 0];
  };
  /** Steer the probe to satisfy (or, with `flip`, just miss) one rule's conditions. */
  const aim = (p: Probe, rule: Rule, flipAt: number): void => {
    rule.matches.forEach((m, k) => {
      const want = (k === flipAt) === ('neg' in m && m.neg); // satisfy the inner condition?
      const pickIn = (lo: number, hi: number): number =>
        rng.bool(0.5) ? rng.pick([lo, hi]) : rng.int(lo, hi);
      const pickOut = (lo: number, hi: number, max: number): number =>
        rng.pick([lo - 1, hi + 1].filter((v) => v >= 0 && v <= max).concat(lo > 0 || hi < max ? [] : [lo]));
      if (m.kind === 'addr' || m.kind === 'iprange') {
        const [lo, hi] = m.kind === 'addr' ? prefixRange(...rng.pick(m.nets)) : [m.lo, m.hi];
        const v = want ? pickIn(lo, hi) : pickOut(lo, hi, 2 ** 32 - 1);
        if (!usableAddr(v)) return;
        if ((m.kind === 'addr' && m.dir === 's') || (m.kind === 'iprange' && m.dir === 'src')) p.src = v;
        else p.dst = v;
      } else if (m.kind === 'iface' && m.dir === 'i') {
        const pool = IN_IFACES.filter(
          (n) => (m.name.endsWith('+') ? n.startsWith(m.name.slice(0, -1)) : n === m.name) === want,
        );
        if (pool.length) p.inIf = rng.pick(pool);
      } else if (m.kind === 'proto' && (!protos || protos.includes(m.num))) {
        const next = want ? m.num : rng.pick([TCP, UDP, ICMP, 50, 47, 253].filter((n) => n !== m.num));
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
      const hit: string[] = OUT_IFACES.filter(
        (n) => (o.name.endsWith('+') ? n.startsWith(o.name.slice(0, -1)) : n === o.name) !== o.neg,
      );
      for (let tries = 0; hit.length && tries < 20 && !hit.includes(routeOut(p.dst)); tries++)
        p.dst = anyAddr();
    }
  };
  return {
    next(id: number): Probe {
      for (;;) {
        const proto = protos
          ? rng.pick(protos)
          : rng.pick([TCP, TCP, TCP, TCP, UDP, UDP, UDP, ICMP, ICMP, 50, 47, 51, 253]);
        const p: Probe = {
          id,
          inIf: rng.pick(IN_IFACES),
          outIf: '',
          proto,
          src: anyAddr(),
          dst: anyAddr(),
          sport: 0,
          dport: 0,
        };
        fill(p);
        if (rs.rules.length && rng.bool(0.7)) {
          const rule = rng.pick(rs.rules);
          const path: Rule[] = []; // a call path from FORWARD down to the rule, outermost first
          for (let chain = rule.chain; chain !== 'FORWARD' && path.length < 6;) {
            const callers = rs.rules.filter(
              (r) => (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === chain,
            );
            if (!callers.length) break;
            const caller = rng.pick(callers);
            path.unshift(caller);
            chain = caller.chain;
          }
          for (const caller of path) aim(p, caller, -1);
          aim(p, rule, rng.bool(0.35) ? rng.int(0, rule.matches.length - 1) : -1);
        }
        p.outIf = routeOut(p.dst);
        // conntrack must see every probe as a new flow: no probe may repeat another's tuple, nor
        // look like its reply (then it would be ESTABLISHED). ICMP tuples carry the unique echo id.
        const ports = p.proto === TCP || p.proto === UDP;
        const key = (a: number, b: number, sp: number, dp: number): string =>
          p.proto === ICMP ? `icmp|${id}` : `${p.proto}|${a}|${b}|${ports ? `${sp}|${dp}` : ''}`;
        const fwd = key(p.src, p.dst, p.sport, p.dport);
        if (seen.has(fwd) || !usableAddr(p.src) || !usableAddr(p.dst)) continue;
        seen.add(fwd);
        seen.add(key(p.dst, p.src, p.dport, p.sport));
        return p;
      }
    },
  };
}
