import type { Device, Rule } from '../device';
import type { Diagnostic, SourceRef } from '../diagnostics';
import {
  ANY_IPV4,
  ANY_SERVICE,
  NO_SERVICE,
  type ServiceSet,
  icmpService,
  portRange,
  serviceOfProtocol,
  serviceUnion,
  addressSubset,
  formatServiceSet,
  intervalsSize,
  serviceContains,
  serviceIsEmpty,
  serviceSubset,
  serviceSubtract,
} from '../net';
import { PIVOT_SERVICES } from '../paths/catalogue';
import { parseConduitService } from '../topology/inputs/vocabulary';
import type { ZoneConduit, ZoneMatrix } from '../reach';
import type { NetZone, Network } from '../topology/network';
import type { PurdueLevel } from '../topology/inputs/types';

/**
 * Segmentation findings (Purdue / IEC 62443 zones and conduits) and rule hygiene, each with a
 * severity, the evidence and the rules that cause it.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export type FindingCode =
  | 'it-to-control'
  | 'dmz-bypass'
  | 'ot-to-it'
  | 'level-skip'
  | 'ot-internet'
  | 'undeclared-conduit'
  | 'pivot-into-ot'
  | 'mixed-segment'
  | 'routing-loop'
  | 'black-hole'
  | 'shadowed-rule'
  | 'redundant-rule'
  | 'broad-rule-into-ot'
  | 'any-any-rule'
  | 'undefined-reference';

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly rules: readonly SourceRef[];
  readonly zones?: readonly [string, string];
  readonly services?: string;
}

const num = (l: PurdueLevel | null): number | null => (l === null ? null : l === 'internet' ? 6 : l);
const isIt = (z: NetZone): boolean => z.kind === 'it' || z.kind === 'internet' || (num(z.level) ?? 0) >= 4;
const isOt = (z: NetZone): boolean =>
  z.kind === 'ot' || (z.level !== null && z.level !== 'internet' && z.level <= 3);
const levelName = (l: PurdueLevel | null): string =>
  l === null ? 'unknown level' : l === 'internet' ? 'the internet' : `L${l}`;

function conduitRules(c: ZoneConduit, max = 20): SourceRef[] {
  const out = new Map<string, SourceRef>();
  for (const e of c.evidence)
    for (const h of e.hops) if (h.rule) out.set(`${h.rule.file}:${h.rule.line}`, h.rule);
  return [...out.values()].slice(0, max);
}

export function segmentationFindings(net: Network, matrix: ZoneMatrix): Finding[] {
  const zone = new Map(net.zones.map((z) => [z.name, z]));
  const out: Finding[] = [];
  const jump = (net.site?.jumpHosts ?? []).map((j) => j.value.toLowerCase());
  const declared = net.site?.conduits ?? [];
  for (const c of matrix.conduits) {
    const from = zone.get(c.from);
    const to = zone.get(c.to);
    if (!from || !to) continue;
    const services = formatServiceSet(c.services);
    const rules = conduitRules(c);
    const base = { rules, zones: [c.from, c.to] as const, services };
    const lf = num(from.level);
    const lt = num(to.level);
    const pair = `${c.from} (${levelName(from.level)}) -> ${c.to} (${levelName(to.level)})`;
    if (isIt(from) && lt !== null && lt <= 2) {
      out.push({
        code: 'it-to-control',
        severity: 'critical',
        message: `IT reaches the control levels directly: ${pair} is open for ${services}, not terminating in the DMZ`,
        ...base,
      });
    } else if (isIt(from) && isOt(to) && to.level !== 3.5) {
      out.push({
        code: 'dmz-bypass',
        severity: 'high',
        message: `IT to OT without terminating in the L3.5 DMZ: ${pair} is open for ${services}`,
        ...base,
      });
    }
    if (isOt(from) && from.level !== 3.5 && isIt(to) && to.kind !== 'internet') {
      out.push({
        code: 'ot-to-it',
        severity: 'high',
        message: `OT to IT without terminating in the L3.5 DMZ: ${pair} is open for ${services}`,
        ...base,
      });
    }
    if (isOt(from) && to.kind === 'internet') {
      out.push({
        code: 'ot-internet',
        severity: 'critical',
        message: `OT zone ${c.from} (${levelName(from.level)}) can reach the internet: ${services}`,
        ...base,
      });
    }
    if (lf !== null && lt !== null && lf <= 3 && lt <= 3 && Math.abs(lf - lt) >= 2) {
      out.push({
        code: 'level-skip',
        severity: 'medium',
        message: `Purdue levels skipped: ${pair} is open for ${services}`,
        ...base,
      });
    }
    if (isIt(from) && isOt(to) && !c.flat) {
      const pivots = PIVOT_SERVICES.filter((p) => {
        for (let port = p.ports[0]; port <= p.ports[1]; port++)
          if (serviceContains(c.services, p.proto, 49152, port)) return true;
        return false;
      });
      if (pivots.length > 0) {
        const landing = c.evidence.filter(
          (e) =>
            !net.assets.some(
              (a) =>
                a.ip.value === e.dst.value &&
                a.ip.family === e.dst.family &&
                (jump.includes(a.name.toLowerCase()) ||
                  jump.includes(a.ipText) ||
                  jump.includes(a.zone.toLowerCase())),
            ),
        );
        if (landing.length > 0 || jump.length === 0)
          out.push({
            code: 'pivot-into-ot',
            severity: 'high',
            message: `remote-control services from IT into OT (${pivots.map((p) => p.name).join(', ')}) on ${pair}${jump.length > 0 ? ', landing on hosts that are not declared jump hosts' : ''}`,
            ...base,
          });
      }
    }
    if (declared.length > 0 && !c.flat) {
      let extra: ServiceSet = c.services;
      for (const d of declared) {
        const matches =
          (d.from === c.from && d.to === c.to) || (d.bidirectional && d.from === c.to && d.to === c.from);
        if (!matches) continue;
        for (const text of d.services) extra = serviceSubtract(extra, conduitServiceSet(text));
      }
      if (!serviceIsEmpty(extra))
        out.push({
          code: 'undeclared-conduit',
          severity: 'high',
          message: `${pair}: ${formatServiceSet(extra)} is open but not declared in the site file's conduits`,
          ...base,
          services: formatServiceSet(extra),
        });
    }
  }
  // Routing loops and black holes met between segments.
  for (const r of matrix.routing) {
    out.push({
      code: r.kind === 'loop' ? 'routing-loop' : 'black-hole',
      severity: r.kind === 'loop' ? 'medium' : 'low',
      message: `${r.kind === 'loop' ? 'routing loop' : 'no route'} from ${r.from} toward ${r.to} (zone ${r.toZone})${r.device ? ` at ${r.device}` : ''}: ${r.reason}`,
      rules: r.route ? [r.route] : [],
    });
  }
  // IT and OT assets sharing a segment.
  for (const s of net.segments) {
    const zs = new Set(net.assets.filter((a) => a.segment === s.id).map((a) => a.zone));
    const kinds = new Set(
      [...zs]
        .map((z) => zone.get(z))
        .filter((z): z is NetZone => !!z)
        .map((z) => (isIt(z) ? 'it' : isOt(z) ? 'ot' : 'other')),
    );
    if (kinds.has('it') && kinds.has('ot'))
      out.push({
        code: 'mixed-segment',
        severity: 'high',
        message: `segment ${s.id} holds IT and OT assets (${[...zs].join(', ')}): nothing filters between them`,
        rules: s.source ? [s.source] : [],
      });
  }
  return out;
}

/** What a conduit service of the site file (`https`, `tcp/8530-8531`, `modbus`, `any`) stands for. */
export function conduitServiceSet(text: string): ServiceSet {
  let out: ServiceSet = NO_SERVICE;
  for (const c of parseConduitService(text) ?? []) {
    if (c.proto === 'any') return ANY_SERVICE;
    if (c.proto === 'icmp' || c.proto === 'icmpv6') {
      out = serviceUnion(out, icmpService(c.proto === 'icmp' ? 1 : 58));
      continue;
    }
    const proto = c.proto === 'tcp' ? 6 : c.proto === 'udp' ? 17 : 132;
    for (const [lo, hi] of c.ports ?? [[0, 65535] as const])
      out = serviceUnion(out, serviceOfProtocol(proto, undefined, portRange(lo, hi)));
  }
  return out;
}

/** The widest prefix length of a rule's destination (0 for any), per family present. */
function widestDst(r: Rule): number {
  const v4 = r.match.dst.v4;
  if (v4.length === 0) return 32;
  const size = intervalsSize(v4);
  return 32 - Math.floor(Math.log2(Math.max(1, size)));
}

const isAnyService = (s: ServiceSet): boolean => s.size >= 256;

/**
 * Rule hygiene per list: a rule every packet of which an earlier single rule already decides
 * (shadowed when the actions differ, redundant when they agree), any-any permits, broad permits
 * whose traffic reaches OT zones. Shadowing is checked against each earlier rule on its own, so
 * a rule hidden only by several earlier rules together is not reported.
 */
export function hygieneFindings(
  net: Network,
  matrix: ZoneMatrix,
  diagnostics: readonly Diagnostic[],
  maxPairs = 4_000_000,
): Finding[] {
  const out: Finding[] = [];
  for (const d of net.devices) out.push(...listHygiene(d, maxPairs));
  // Broad permits on the way into OT zones.
  const ot = new Set(net.zones.filter(isOt).map((z) => z.name));
  const rules = new Map<string, Rule>();
  for (const d of net.devices)
    for (const l of d.lists.values())
      for (const r of l.rules) rules.set(`${r.source.file}:${r.source.line}`, r);
  const flagged = new Set<string>();
  for (const c of matrix.conduits) {
    if (!ot.has(c.to) || c.flat) continue;
    for (const ref of conduitRules(c, 1000)) {
      const k = `${ref.file}:${ref.line}`;
      const r = rules.get(k);
      if (!r || flagged.has(k) || r.action !== 'permit') continue;
      const wide = widestDst(r) < 24;
      const anySvc = isAnyService(r.match.service);
      if (wide || anySvc) {
        flagged.add(k);
        out.push({
          code: 'broad-rule-into-ot',
          severity: 'high',
          message: `${r.origin.name} permits ${anySvc ? 'any service' : formatServiceSet(r.match.service)} to ${wide ? 'a destination wider than a /24' : 'its destination'}, and that traffic reaches OT zone ${c.to}`,
          rules: [r.source],
          zones: [c.from, c.to],
        });
      }
    }
  }
  for (const diag of diagnostics) {
    if (diag.code !== 'undefined-reference' || diag.stage === 'topology') continue;
    out.push({ code: 'undefined-reference', severity: 'low', message: diag.message, rules: [diag.source] });
  }
  return out;
}

function listHygiene(d: Device, maxPairs: number): Finding[] {
  const out: Finding[] = [];
  for (const list of d.lists.values()) {
    const rules = list.rules;
    let budget = maxPairs;
    for (let j = 0; j < rules.length; j++) {
      const r = rules[j]!;
      if (
        r.action === 'permit' &&
        isAnyService(r.match.service) &&
        addressSubset(ANY_IPV4, r.match.src) &&
        addressSubset(ANY_IPV4, r.match.dst) &&
        !r.match.inInterface &&
        !r.match.outInterface &&
        r.match.matchesNew
      )
        out.push({
          code: 'any-any-rule',
          severity: 'medium',
          message: `${r.origin.name} permits any service from anywhere to anywhere`,
          rules: [r.source],
        });
      if (!decides(r)) continue;
      for (let i = 0; i < j && budget > 0; i++, budget--) {
        const e = rules[i]!;
        if (!decides(e) || !covers(e, r)) continue;
        const same = e.action === r.action;
        out.push({
          code: same ? 'redundant-rule' : 'shadowed-rule',
          severity: same ? 'low' : 'medium',
          message: `${r.origin.name} never decides anything: ${e.origin.name} (line ${e.source.line}) ${same ? 'already does the same for every packet it matches' : `${e.action}s every packet it matches first`}`,
          rules: [r.source, e.source],
        });
        break;
      }
    }
  }
  return out;
}

const decides = (r: Rule): boolean =>
  (r.action === 'permit' || r.action === 'deny') &&
  r.match.uncertain === undefined &&
  r.uncertainEffect === undefined;

/** Whether every packet `later` matches is matched by `earlier` (state, addresses, services, interfaces). */
function covers(earlier: Rule, later: Rule): boolean {
  const a = earlier.match;
  const b = later.match;
  if (b.matchesNew && !a.matchesNew) return false;
  if ((b.matchesUntracked ?? b.matchesNew) && !(a.matchesUntracked ?? a.matchesNew)) return false;
  if ((b.matchesInvalid ?? b.matchesNew) && !(a.matchesInvalid ?? a.matchesNew)) return false;
  if (a.inInterface && JSON.stringify(a.inInterface) !== JSON.stringify(b.inInterface)) return false;
  if (a.outInterface && JSON.stringify(a.outInterface) !== JSON.stringify(b.outInterface)) return false;
  if (!addressSubset(b.src, a.src) || !addressSubset(b.dst, a.dst)) return false;
  return serviceSubset(b.service, a.service);
}
