import type { SourceRef } from '../diagnostics';
import {
  ANY_SERVICE,
  NO_SERVICE,
  type ServiceSet,
  icmpService,
  portRange,
  serviceOfProtocol,
  serviceUnion,
  formatServiceSet,
  serviceContains,
  serviceIsEmpty,
  serviceSubtract,
} from '../net';
import { PIVOT_SERVICES } from '../paths/catalogue';
import { parseConduitService } from '../topology/inputs/vocabulary';
import type { ZoneConduit, ZoneMatrix } from '../reach';
import type { NetZone, Network } from '../topology/network';
import type { PurdueLevel } from '../topology/inputs/types';

/**
 * Segmentation findings (Purdue / IEC 62443 zones and conduits), each with a severity, the
 * evidence and the rules that cause it. Rule hygiene lives in hygiene.ts.
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
  | 'undefined-reference'
  | 'disabled-rule'
  | 'hygiene-capped';

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
export const isOt = (z: NetZone): boolean =>
  z.kind === 'ot' || (z.level !== null && z.level !== 'internet' && z.level <= 3);
const levelName = (l: PurdueLevel | null): string =>
  l === null ? 'unknown level' : l === 'internet' ? 'the internet' : `L${l}`;

export function conduitRules(c: ZoneConduit, max = 20): SourceRef[] {
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
