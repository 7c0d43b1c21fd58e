import type { PurdueLevel } from '../topology/inputs/types';
import type { ReportDocument, ReportZone } from './document';
import { clip, esc, escLine } from './text';

/**
 * The zone map as SVG: zones in Purdue bands (the internet on top, level 0 at the bottom),
 * conduits as arrows, the zones and conduits that lateral-movement paths use highlighted. Pure
 * string building with integer coordinates, so the same document gives the same bytes; no
 * browser, no layout engine.
 */

const WIDTH = 960;
const LABEL_W = 96;
const BOX_H = 40;
const ROW_GAP = 16;
const BAND_PAD = 14;
const PER_ROW = 6;
const GAP = 16;
const CHAR_W = 6.6;
const MAX_BOX_W = 210;
const STAGGER: readonly number[] = [0, -190, 190, -95, 95];

const BANDS: readonly { key: string; label: string; test: (l: PurdueLevel | null) => boolean }[] = [
  { key: 'internet', label: 'Internet', test: (l) => l === 'internet' },
  { key: '5', label: 'L5 Enterprise', test: (l) => l === 5 },
  { key: '4', label: 'L4 Business', test: (l) => l === 4 },
  { key: '3.5', label: 'L3.5 IDMZ', test: (l) => l === 3.5 },
  { key: '3', label: 'L3 Operations', test: (l) => l === 3 },
  { key: '2', label: 'L2 Supervisory', test: (l) => l === 2 },
  { key: '1', label: 'L1 Control', test: (l) => l === 1 },
  { key: '0', label: 'L0 Process', test: (l) => l === 0 },
  { key: 'unknown', label: 'Level unknown', test: (l) => l === null },
];

const FILL: Readonly<Record<string, string>> = {
  it: '#e8eef8',
  dmz: '#fdf3dc',
  ot: '#e6f4ea',
  internet: '#eeeeee',
  none: '#f4f4f4',
};

interface Box {
  readonly zone: ReportZone;
  readonly x: number;
  readonly y: number;
  readonly w: number;
}

export function renderZoneMapSvg(doc: ReportDocument): string {
  const boxes = new Map<string, Box>();
  const bands: string[] = [];
  let y = 8;
  let bandIndex = 0;
  for (const band of BANDS) {
    const zones = doc.zones.filter((z) => band.test(z.level));
    if (zones.length === 0) continue;
    const rows = Math.ceil(zones.length / PER_ROW);
    const h = BAND_PAD * 2 + rows * BOX_H + (rows - 1) * ROW_GAP;
    bands.push(
      `<rect x="0" y="${y}" width="${WIDTH}" height="${h}" fill="${bandIndex % 2 === 0 ? '#fafafa' : '#ffffff'}" stroke="#d0d0d0"/>` +
        `<text x="8" y="${y + h / 2 + 4}" class="band">${esc(band.label)}</text>`,
    );
    const perRow = Math.min(PER_ROW, zones.length);
    const avail = WIDTH - LABEL_W - GAP * 2;
    const w = Math.min(MAX_BOX_W, Math.floor((avail - GAP * (perRow - 1)) / perRow));
    zones.forEach((z, i) => {
      const row = Math.floor(i / PER_ROW);
      const col = i % PER_ROW;
      const inRow = Math.min(PER_ROW, zones.length - row * PER_ROW);
      const span = inRow * w + (inRow - 1) * GAP;
      // Bands are staggered so conduits between stacked zones do not overlap.
      const slack = Math.floor((avail - span) / 2);
      const shift = Math.max(-slack, Math.min(slack, STAGGER[bandIndex % STAGGER.length]!));
      boxes.set(z.name, {
        zone: z,
        x: LABEL_W + GAP + slack + shift + col * (w + GAP),
        y: y + BAND_PAD + row * (BOX_H + ROW_GAP),
        w,
      });
    });
    y += h;
    bandIndex++;
  }
  const legendY = y + 12;
  const height = legendY + 28;

  // Conduits: one curve per ordered pair, each on its own attachment point of the box side,
  // highlighted ones last (on top).
  const drawn = doc.conduits.flatMap((c) => {
    const a = boxes.get(c.from);
    const b = boxes.get(c.to);
    return a && b && a !== b ? [{ c, a, b, sides: sidesOf(a, b) }] : [];
  });
  const ports = new Map<string, { key: string; other: number }[]>();
  const portKey = (box: Box, side: Side): string => `${box.zone.name}\0${side}`;
  drawn.forEach((d, i) => {
    for (const [box, side, other] of [
      [d.a, d.sides[0], d.b],
      [d.b, d.sides[1], d.a],
    ] as const) {
      const list = ports.get(portKey(box, side)) ?? [];
      list.push({ key: `${i}`, other: other.x + other.w / 2 });
      ports.set(portKey(box, side), list);
    }
  });
  for (const list of ports.values()) list.sort((p, q) => p.other - q.other || Number(p.key) - Number(q.key));
  const at = (box: Box, side: Side, i: number): [number, number] => {
    const list = ports.get(portKey(box, side))!;
    const k = list.findIndex((p) => p.key === `${i}`);
    const f = (k + 1) / (list.length + 1);
    if (side === 'bottom') return [Math.round(box.x + box.w * f), box.y + BOX_H];
    if (side === 'top') return [Math.round(box.x + box.w * f), box.y];
    return [side === 'right' ? box.x + box.w : box.x, Math.round(box.y + BOX_H * f)];
  };
  const edges: { key: string; svg: string }[] = drawn.map((d, i) => {
    const { c } = d;
    const [x1, y1] = at(d.a, d.sides[0], i);
    const [x2, y2] = at(d.b, d.sides[1], i);
    const sameBand = d.sides[0] === 'left' || d.sides[0] === 'right';
    const mx = Math.round((x1 + x2) / 2);
    const my = sameBand ? Math.min(y1, y2) - 24 : Math.round((y1 + y2) / 2);
    const cls = c.onPath ? 'conduit hot' : c.flat ? 'conduit flat' : 'conduit';
    const title = `${c.from} -> ${c.to}: ${c.services}${c.flat ? ' (shared segment, no firewall)' : ''}`;
    return {
      key: `${c.onPath ? 1 : 0}\0${c.from}\0${c.to}`,
      svg: `<path class="${cls}" d="M${x1} ${y1} Q${mx} ${my} ${x2} ${y2}" marker-end="url(#${c.onPath ? 'arrow-hot' : 'arrow'})"><title>${escLine(title)}</title></path>`,
    };
  });
  edges.sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));

  const zoneSvg: string[] = [];
  for (const b of boxes.values()) {
    const z = b.zone;
    const chars = Math.max(4, Math.floor((b.w - 10) / CHAR_W));
    const sub = `${z.segments.length} segment${z.segments.length === 1 ? '' : 's'}, ${z.assets} asset${z.assets === 1 ? '' : 's'}${z.inferred ? ', inferred' : ''}`;
    zoneSvg.push(
      `<g class="zone${z.onPath ? ' hot' : ''}"><title>${escLine(`${z.name} (${z.basis})`)}</title>` +
        `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${BOX_H}" rx="4" fill="${FILL[z.kind ?? 'none']}"${z.inferred ? ' stroke-dasharray="4 2"' : ''}/>` +
        `<text x="${b.x + 6}" y="${b.y + 16}" class="zname">${escLine(clip(z.name, chars))}</text>` +
        `<text x="${b.x + 6}" y="${b.y + 31}" class="zsub">${esc(clip(sub, chars + 4))}</text></g>`,
    );
  }

  const legend =
    `<g class="legend" transform="translate(${LABEL_W + GAP} ${legendY})">` +
    `<rect x="0" y="0" width="22" height="12" fill="#fff" class="zone-legend hot"/><text x="28" y="10">zone on a lateral-movement path</text>` +
    `<line x1="230" y1="6" x2="262" y2="6" class="conduit hot"/><text x="268" y="10">conduit a path crosses</text>` +
    `<line x1="430" y1="6" x2="462" y2="6" class="conduit"/><text x="468" y="10">open conduit</text>` +
    `<line x1="580" y1="6" x2="612" y2="6" class="conduit flat"/><text x="618" y="10">shared segment</text>` +
    `<rect x="730" y="0" width="22" height="12" fill="#fff" stroke="#555" stroke-dasharray="4 2"/><text x="758" y="10">inferred zone</text></g>`;

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Zone map">` +
    `<title>Zone map of ${escLine(doc.site)}</title>` +
    '<defs>' +
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#7a7a7a"/></marker>' +
    '<marker id="arrow-hot" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#c62828"/></marker>' +
    '</defs>' +
    '<style>' +
    '.band{font:bold 11px sans-serif;fill:#444}' +
    '.zone rect{stroke:#555;stroke-width:1}.zone.hot rect{stroke:#c62828;stroke-width:3}' +
    '.zone-legend.hot{stroke:#c62828;stroke-width:3}' +
    '.zname{font:bold 11px sans-serif;fill:#111}.zsub{font:9px sans-serif;fill:#555}' +
    '.conduit{fill:none;stroke:#9a9a9a;stroke-width:1.2}.conduit.flat{stroke-dasharray:5 3}' +
    '.conduit.hot{stroke:#c62828;stroke-width:2.6}' +
    '.legend text{font:10px sans-serif;fill:#333}' +
    '</style>' +
    bands.join('') +
    edges.map((e) => e.svg).join('') +
    zoneSvg.join('') +
    legend +
    '</svg>'
  );
}

type Side = 'top' | 'bottom' | 'left' | 'right';

/** Which sides a conduit leaves `a` and enters `b` by: bottom/top across bands, facing sides within one. */
function sidesOf(a: Box, b: Box): [Side, Side] {
  if (b.y > a.y) return ['bottom', 'top'];
  if (b.y < a.y) return ['top', 'bottom'];
  return b.x > a.x ? ['right', 'left'] : ['left', 'right'];
}
