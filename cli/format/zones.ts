import { printable } from './text';
import { formatAddress, formatServiceSet } from '../../models/net';
import type { ZoneConduit, ZoneMatrix } from '../../models/reach';
import type { Network } from '../../models/topology';

const levelText = (l: unknown): string =>
  l === null ? '?' : l === 'internet' ? 'internet' : `L${String(l)}`;

function conduitJson(c: ZoneConduit): Record<string, unknown> {
  return {
    from: c.from,
    to: c.to,
    services: formatServiceSet(c.services),
    flat: c.flat,
    uncertain: c.uncertain,
    routeAssumed: c.routeAssumed,
    natIgnored: c.natIgnored,
    evidence: c.evidence.map((e) => ({
      services: formatServiceSet(e.services),
      src: formatAddress(e.src),
      dst: formatAddress(e.dst),
      uncertain: e.uncertain,
      routeAssumed: e.routeAssumed,
      hops: e.hops,
    })),
  };
}

/** The `conduit zones --json` document. */
export function zonesToJson(net: Network, m: ZoneMatrix): Record<string, unknown> {
  const byPair = new Map(m.conduits.map((c) => [`${c.from}\u0000${c.to}`, c]));
  return {
    site: net.name,
    zones: net.zones.map((z) => ({
      name: z.name,
      level: z.level,
      kind: z.kind,
      inferred: z.inferred,
      basis: z.basis,
      segments: z.segments,
      assets: net.assets.filter((a) => a.zone === z.name && !a.placeholder).length,
      source: z.source,
    })),
    segments: net.segments.map((s) => ({
      id: s.id,
      zone: s.zone,
      attachments: s.attachments.map((a) => ({
        device: a.device,
        interface: a.interface,
        address: formatAddress(a.address),
      })),
    })),
    assets: net.assets
      .filter((a) => !a.placeholder)
      .map((a) => ({
        ip: a.ipText,
        name: a.name,
        role: a.role,
        zone: a.zone,
        level: a.level,
        segment: a.segment,
        source: a.source,
      })),
    conduits: m.conduits.map(conduitJson),
    matrix: {
      zones: m.zones,
      cells: m.zones.map((f) =>
        m.zones.map((t) => {
          const c = byPair.get(`${f}\u0000${t}`);
          return c ? formatServiceSet(c.services) : null;
        }),
      ),
    },
    routing: m.routing,
    stats: m.stats,
  };
}

/** The readable form: zones by level, then one line per open conduit with its rules. */
export function formatZones(net: Network, m: ZoneMatrix): string {
  const out: string[] = [
    `site ${net.name}: ${net.zones.length} zones, ${net.segments.length} segments, ${net.assets.filter((a) => !a.placeholder).length} assets, ${net.devices.length} devices`,
    '',
  ];
  for (const z of net.zones) {
    out.push(`${levelText(z.level).padEnd(9)}${z.name}${z.inferred ? '  (inferred: ' + z.basis + ')' : ''}`);
    if (z.segments.length > 0) out.push(`         segments: ${z.segments.join(', ')}`);
  }
  out.push('', m.conduits.length === 0 ? 'no conduits open between zones' : 'conduits open between zones:');
  for (const c of m.conduits) {
    const flags = [
      c.flat ? 'flat: same segment' : '',
      c.uncertain ? 'uncertain' : '',
      c.routeAssumed ? 'route assumed' : '',
      c.natIgnored ? 'NAT not applied' : '',
    ]
      .filter(Boolean)
      .join(', ');
    out.push(`  ${c.from} -> ${c.to}: ${formatServiceSet(c.services)}${flags ? `  [${flags}]` : ''}`);
    for (const e of c.evidence.slice(0, 3)) {
      const via = e.hops
        .map((h) => `${h.device}${h.rule ? ` ${h.rule.file}:${h.rule.line}` : ''}`)
        .join(' -> ');
      out.push(`      ${formatServiceSet(e.services)} via ${via}`);
    }
    if (c.evidence.length > 3) out.push(`      ... ${c.evidence.length - 3} more (all with --json)`);
  }
  if (m.routing.length > 0) {
    out.push('', 'routing problems:');
    for (const r of m.routing.slice(0, 20))
      out.push(
        `  ${r.kind} from ${r.from} toward ${r.to} (${r.toZone})${r.device ? ` at ${r.device}` : ''}: ${r.reason}`,
      );
    if (m.routing.length > 20) out.push(`  ... ${m.routing.length - 20} more (all with --json)`);
  }
  return `${printable(out.join('\n'))}\n`;
}
