import type { PurdueLevel } from '../../models/topology';
import type { AnalysisView, ConduitView, FindingView, RiskSeverity, ZoneView } from '../analysis/types';
import { RISK_SEVERITIES } from '../analysis/types';

/**
 * Analysis -> cytoscape elements with preset positions: zones are compound nodes in Purdue
 * bands (internet and L5 on top, the L3.5 DMZ between IT and OT, L0 at the bottom, unknown
 * levels last), segments inside them (assets aggregated per segment, never one node per asset),
 * conduits as edges between zones. Positions depend only on levels and names, so the layout stays
 * put when the data changes. Pure: tested in Node.
 */

export interface MapNodeData {
  readonly id: string;
  readonly label: string;
  readonly parent?: string;
  readonly kind: 'zone' | 'segment' | 'title';
  readonly zoneKind?: string;
  readonly zone: string;
  /** Width/height of a childless node. */
  readonly w?: number;
  readonly h?: number;
}

export interface MapEdgeData {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
  readonly services: string;
  readonly risk: RiskSeverity | 'none';
  readonly flat: boolean;
  /** Signed bow of the curve, relative to source -> target (so the two directions separate). */
  readonly bow: number;
}

export interface MapElements {
  readonly nodes: readonly { data: MapNodeData; position?: { x: number; y: number } }[];
  readonly edges: readonly { data: MapEdgeData }[];
}

export const SEGMENT_W = 156;
export const SEGMENT_H = 44;
const GAP_X = 14;
const GAP_Y = 12;
const ZONE_PAD = 16;
/** Head room inside a zone for its title (an invisible child holds it open). */
const TITLE_H = 22;
const ZONE_GAP = 60;
const BAND_GAP = 92;
const MAX_COLUMNS = 4;
/** How far an edge bows out per band it skips, so skip-level conduits do not run through zones. */
const BOW_PER_BAND = 110;
const BOW_BASE = 40;
const LABEL_MAX = 30;

/** Band order, top to bottom: the internet shares the top band with L5 (internet on the left). */
const BAND_ORDER: readonly (PurdueLevel | null)[] = ['internet', 5, 4, 3.5, 3, 2, 1, 0, null];
export const bandOf = (level: PurdueLevel | null): number => {
  const i = BAND_ORDER.indexOf(level);
  if (i < 0) return BAND_ORDER.length - 1;
  return level === 'internet' ? 0 : i - 1;
};
/** Within a band: the internet first, then by level (higher first), then by name. */
const bandRank = (z: ZoneView): number => (z.level === 'internet' ? 0 : 1);

export const levelLabel = (level: PurdueLevel | null): string =>
  level === null ? 'level unknown' : level === 'internet' ? 'internet' : `L${level}`;

export const zoneNodeId = (zone: string): string => `zone:${zone}`;
export const segmentNodeId = (segment: string): string => `segment:${segment}`;
export const edgeId = (from: string, to: string): string => `conduit:${from}\u0000${to}`;

function truncate(text: string, max = LABEL_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function segmentLabel(z: ZoneView['segments'][number]): string {
  const roles = Object.entries(z.roles)
    .filter(([role]) => role !== 'unknown')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 2)
    .map(([role, n]) => `${n} ${role}`);
  const count = z.assetCount === 1 ? '1 asset' : `${z.assetCount.toLocaleString('en-US')} assets`;
  return `${z.id}\n${count}${roles.length ? ` · ${truncate(roles.join(', '), 22)}` : ''}`;
}

/** Services as a short label that wraps: one protocol a line, ports separated by spaces. */
export function edgeLabel(services: string): string {
  return truncate(services, 40)
    .split('; ')
    .slice(0, 3)
    .map((line) => line.replace(/,/g, ', '))
    .join('\n');
}

/** The worst severity of the findings on each ordered zone pair. */
export function riskByZonePair(findings: readonly FindingView[]): Map<string, RiskSeverity> {
  const risk = new Map<string, RiskSeverity>();
  for (const f of findings) {
    if (!f.zones) continue;
    const key = edgeId(f.zones[0], f.zones[1]);
    const prev = risk.get(key);
    if (!prev || RISK_SEVERITIES.indexOf(f.severity) < RISK_SEVERITIES.indexOf(prev))
      risk.set(key, f.severity);
  }
  return risk;
}

function zoneSize(z: ZoneView): { cols: number; rows: number; w: number; h: number } {
  const n = z.segments.length;
  const cols = Math.max(1, Math.min(MAX_COLUMNS, n));
  const rows = Math.max(1, Math.ceil(n / cols));
  return {
    cols,
    rows,
    w: cols * SEGMENT_W + (cols - 1) * GAP_X + 2 * ZONE_PAD,
    h: rows * SEGMENT_H + (rows - 1) * GAP_Y + 2 * ZONE_PAD + TITLE_H,
  };
}

export function toMapElements(view: Pick<AnalysisView, 'zones' | 'conduits' | 'findings'>): MapElements {
  const bands = new Map<number, ZoneView[]>();
  for (const z of view.zones) {
    const b = bandOf(z.level);
    bands.set(b, [...(bands.get(b) ?? []), z]);
  }
  const nodes: MapElements['nodes'][number][] = [];
  let y = 0;
  for (const band of [...bands.keys()].sort((a, b) => a - b)) {
    const zones = bands.get(band)!.sort((a, b) => bandRank(a) - bandRank(b) || a.name.localeCompare(b.name));
    const sizes = zones.map(zoneSize);
    const total = sizes.reduce((s, z) => s + z.w, 0) + (zones.length - 1) * ZONE_GAP;
    const height = Math.max(...sizes.map((s) => s.h));
    let x = -total / 2;
    zones.forEach((z, i) => {
      const size = sizes[i]!;
      const id = zoneNodeId(z.name);
      const level = z.level === 'internet' && z.name === 'internet' ? '' : ` · ${levelLabel(z.level)}`;
      const label = `${truncate(z.name)}${level}${z.inferred ? ' (inferred)' : ''}`;
      const top = y + (height - size.h) / 2;
      if (z.segments.length === 0) {
        nodes.push({
          data: {
            id,
            label,
            kind: 'zone',
            zoneKind: z.kind ?? 'unknown',
            zone: z.name,
            w: size.w,
            h: size.h,
          },
          position: { x: x + size.w / 2, y: top + size.h / 2 },
        });
      } else {
        nodes.push({ data: { id, label, kind: 'zone', zoneKind: z.kind ?? 'unknown', zone: z.name } });
        nodes.push({
          data: { id: `title:${z.name}`, label: '', parent: id, kind: 'title', zone: z.name },
          position: { x: x + size.w / 2, y: top + ZONE_PAD },
        });
        z.segments.forEach((s, k) => {
          const col = k % size.cols;
          const row = Math.floor(k / size.cols);
          nodes.push({
            data: {
              id: segmentNodeId(s.id),
              label: segmentLabel(s),
              parent: id,
              kind: 'segment',
              zone: z.name,
            },
            position: {
              x: x + ZONE_PAD + col * (SEGMENT_W + GAP_X) + SEGMENT_W / 2,
              y: top + ZONE_PAD + TITLE_H + row * (SEGMENT_H + GAP_Y) + SEGMENT_H / 2,
            },
          });
        });
      }
      x += size.w + ZONE_GAP;
    });
    y += height + BAND_GAP;
  }

  const known = new Set(view.zones.map((z) => z.name));
  const bandOfZone = new Map(view.zones.map((z) => [z.name, bandOf(z.level)]));
  const risk = riskByZonePair(view.findings);
  const edges = view.conduits
    .filter((c: ConduitView) => c.from !== c.to && known.has(c.from) && known.has(c.to))
    .map((c) => {
      const id = edgeId(c.from, c.to);
      return {
        data: {
          id,
          source: zoneNodeId(c.from),
          target: zoneNodeId(c.to),
          label: edgeLabel(c.services),
          services: c.services,
          risk: risk.get(id) ?? ('none' as const),
          flat: c.flat,
          bow:
            BOW_BASE +
            BOW_PER_BAND * Math.max(0, Math.abs(bandOfZone.get(c.from)! - bandOfZone.get(c.to)!) - 1),
        },
      };
    });
  return { nodes, edges };
}
