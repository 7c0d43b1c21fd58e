import type { Device } from '../device';
import { type Diagnostic, DiagnosticSink, type SourceRef } from '../diagnostics';
import { parseAddress } from '../net';
import type { AssetRecord, PurdueLevel, SiteFile, ZoneKind } from './inputs/types';
import type { Attachment, NetZone } from './network';
import { type Prefix, longestMatch, parsePrefix } from './prefix';

interface SegmentDraft {
  readonly id: string;
  readonly prefix: Prefix;
  readonly attachments: readonly Attachment[];
  readonly source: SourceRef | null;
}

export interface Zoning {
  readonly segmentZone: ReadonlyMap<string, string>;
  readonly zones: readonly NetZone[];
  readonly diagnostics: readonly Diagnostic[];
}

interface Guess {
  readonly level: PurdueLevel;
  readonly kind: ZoneKind;
  readonly word: string;
}

/**
 * Names that say what a zone is, most specific first. Word boundaries are loose on purpose:
 * `ot-cell-1`, `OT_Plant`, `vlan20-scada` all count; `IT` alone must be a whole word.
 */
const NAME_RULES: ReadonlyArray<readonly [RegExp, PurdueLevel, ZoneKind]> = [
  [/(^|[^a-z])(internet|untrust(ed)?|wan\d*|outside|external|isp|public)([^a-z]|$)/, 'internet', 'internet'],
  [/dmz|3\.5|idmz/, 3.5, 'dmz'],
  [/(^|[^a-z])(field|safety|sis|io|sensor)([^a-z]|$)/, 0, 'ot'],
  [/(^|[^a-z])(cell|plc|rtu|ied|control|bpcs)([^a-z]|$)/, 1, 'ot'],
  [/(^|[^a-z])(ot|scada|hmi|ics|plant|process|supervisory|area|line)([^a-z]|$)/, 2, 'ot'],
  [/(^|[^a-z])(l3|level3|operations|site|historian|mes|ops)([^a-z]|$)/, 3, 'ot'],
  [
    /(^|[^a-z])(it|corp|corporate|office|enterprise|business|inside|trust(ed)?|lan|users?|staff)([^a-z]|$)/,
    4,
    'it',
  ],
];

/** A Purdue level and kind guessed from a zone or interface name, or null. */
export function guessFromName(name: string): Guess | null {
  const n = name.toLowerCase();
  for (const [re, level, kind] of NAME_RULES) {
    const m = re.exec(n);
    if (m) return { level, kind, word: (m[2] ?? m[0]).replace(/[^a-z0-9.]/g, '') };
  }
  return null;
}

const kindOfLevel = (level: PurdueLevel): ZoneKind =>
  level === 'internet'
    ? 'internet'
    : level === 3.5
      ? 'dmz'
      : typeof level === 'number' && level >= 4
        ? 'it'
        : 'ot';

/**
 * Assigns every segment a zone. Declared zones (the site file) win: their segments (CIDRs
 * covering segments), device interfaces and device zones. The rest is inferred, strongest
 * evidence first: the zone the inventory gives the segment's assets, the device zone of an
 * attached interface, the interface's name. Levels and kinds not declared are guessed from the
 * assets' Purdue levels, then from the zone name; every guess says so in `basis`.
 */
export function inferZones(
  devices: readonly Device[],
  segments: readonly SegmentDraft[],
  assets: readonly AssetRecord[],
  site: SiteFile | null,
): Zoning {
  const sink = new DiagnosticSink('topology');
  const segmentZone = new Map<string, string>();
  const ifaceZone = new Map<string, string | undefined>();
  for (const d of devices) for (const i of d.interfaces) ifaceZone.set(`${d.name}:${i.name}`, i.zone);

  const claim = (seg: SegmentDraft, zone: string, source: SourceRef): void => {
    const prev = segmentZone.get(seg.id);
    if (prev === undefined) segmentZone.set(seg.id, zone);
    else if (prev !== zone)
      sink.warning(
        'duplicate-definition',
        `segment ${seg.id} is declared in zones '${prev}' and '${zone}'; it stays in '${prev}'`,
        source,
      );
  };

  for (const z of site?.zones ?? []) {
    for (const text of z.segments) {
      const p = parsePrefix(text);
      if (p === null) continue;
      for (const seg of segments)
        if (seg.prefix.family === p.family && seg.prefix.lo >= p.lo && seg.prefix.hi <= p.hi)
          claim(seg, z.name, z.source);
    }
    for (const ref of z.interfaces) {
      const hit = segments.filter((s) => s.attachments.some((a) => `${a.device}:${a.interface}` === ref));
      if (hit.length === 0)
        sink.warning(
          'undefined-reference',
          `zone '${z.name}': no segment is attached to interface '${ref}'`,
          z.source,
        );
      for (const seg of hit) claim(seg, z.name, z.source);
    }
    for (const ref of z.deviceZones) {
      const colon = ref.lastIndexOf(':');
      const dev = colon < 0 ? '*' : ref.slice(0, colon);
      const zname = colon < 0 ? ref : ref.slice(colon + 1);
      const hit = segments.filter((s) =>
        s.attachments.some(
          (a) => (dev === '*' || a.device === dev) && ifaceZone.get(`${a.device}:${a.interface}`) === zname,
        ),
      );
      if (hit.length === 0)
        sink.warning(
          'undefined-reference',
          `zone '${z.name}': no interface is in device zone '${ref}'`,
          z.source,
        );
      for (const seg of hit) claim(seg, z.name, z.source);
    }
  }

  // Inventory zones per segment (majority vote).
  const assetZones = new Map<string, Map<string, number>>();
  const assetLevels = new Map<string, PurdueLevel[]>();
  for (const a of assets) {
    const ip = parseAddress(a.ip);
    if (!ip.ok) continue;
    const seg = longestMatch(segments, ip.value);
    if (!seg) continue;
    if (a.zone !== undefined) {
      const m = assetZones.get(seg.id) ?? new Map<string, number>();
      m.set(a.zone, (m.get(a.zone) ?? 0) + 1);
      assetZones.set(seg.id, m);
    }
    if (a.purdueLevel !== undefined && a.zone !== undefined) {
      const list = assetLevels.get(a.zone) ?? [];
      list.push(a.purdueLevel);
      assetLevels.set(a.zone, list);
    }
  }

  const inferredFrom = new Map<string, string>();
  for (const seg of segments) {
    if (segmentZone.has(seg.id)) continue;
    const votes = assetZones.get(seg.id);
    if (votes && votes.size > 0) {
      const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      segmentZone.set(seg.id, best![0]);
      inferredFrom.set(best![0], inferredFrom.get(best![0]) ?? 'the inventory');
      continue;
    }
    const named = seg.attachments.map((a) => ifaceZone.get(`${a.device}:${a.interface}`)).find((z) => z);
    if (named) {
      segmentZone.set(seg.id, named);
      inferredFrom.set(named, inferredFrom.get(named) ?? 'a device zone');
      continue;
    }
    const iface = seg.attachments[0];
    const name = iface ? iface.interface : seg.id;
    segmentZone.set(seg.id, name);
    inferredFrom.set(
      name,
      inferredFrom.get(name) ??
        (iface ? `the name of interface ${iface.device}:${iface.interface}` : 'its prefix'),
    );
  }
  for (const a of assets)
    if (a.zone !== undefined && !inferredFrom.has(a.zone)) inferredFrom.set(a.zone, 'the inventory');

  const zones: NetZone[] = [];
  const declared = new Map((site?.zones ?? []).map((z) => [z.name, z]));
  const names = new Set<string>([...declared.keys(), ...segmentZone.values(), ...inferredFrom.keys()]);
  for (const name of names) {
    const d = declared.get(name);
    const levels = assetLevels.get(name) ?? [];
    const fromAssets = majority(levels);
    const guess = guessFromName(name);
    const level = d?.level ?? fromAssets ?? guess?.level ?? null;
    const kind = d?.kind ?? (level !== null ? kindOfLevel(level) : null);
    const basis =
      d?.level !== undefined
        ? 'declared in the site file'
        : fromAssets !== null
          ? `inferred from the Purdue levels of its ${levels.length} inventory asset(s)`
          : guess
            ? `inferred from the name ('${guess.word}')`
            : 'unknown: declare its level in the site file';
    zones.push({
      name,
      level,
      kind,
      inferred: d === undefined || d.level === undefined,
      basis:
        d === undefined ? `${basis}; zone named after ${inferredFrom.get(name) ?? 'the configs'}` : basis,
      segments: [],
      source: d?.source ?? null,
    });
  }
  if (!names.has('internet')) {
    zones.push({
      name: 'internet',
      level: 'internet',
      kind: 'internet',
      inferred: true,
      basis: 'every address outside the site segments',
      segments: [],
      source: null,
    });
  }
  zones.sort(compareZones);
  return { segmentZone, zones, diagnostics: sink.diagnostics };
}

function majority(levels: readonly PurdueLevel[]): PurdueLevel | null {
  if (levels.length === 0) return null;
  const counts = new Map<PurdueLevel, number>();
  for (const l of levels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** Internet first, then by descending Purdue level, unknown levels last, then by name. */
export const levelRank = (l: PurdueLevel | null): number => (l === 'internet' ? 6 : l === null ? -1 : l);

function compareZones(a: NetZone, b: NetZone): number {
  return levelRank(b.level) - levelRank(a.level) || a.name.localeCompare(b.name);
}
