import { describe, expect, it } from 'vitest';
import type { AnalysisView, ConduitView, FindingView, ZoneView } from '../../renderer/analysis/types';
import { bandOf, edgeId, riskByZonePair, toMapElements, zoneNodeId } from '../../renderer/map/elements';
import { mapStylesheet, quietEdges, RISK_STYLE } from '../../renderer/map/style';

const zone = (
  name: string,
  level: ZoneView['level'],
  segments: string[] = [],
  kind: ZoneView['kind'] = null,
): ZoneView => ({
  name,
  level,
  kind,
  inferred: false,
  basis: '',
  segments: segments.map((id) => ({ id, zone: name, assetCount: 3, roles: { plc: 2, hmi: 1 }, devices: [] })),
  assetCount: segments.length * 3,
});
const conduit = (from: string, to: string, services = 'tcp/443'): ConduitView => ({
  id: `${from}\u0000${to}`,
  from,
  to,
  services,
  flat: false,
  uncertain: false,
  rules: [],
});
const finding = (severity: FindingView['severity'], zones: [string, string] | null): FindingView => ({
  id: `f-${severity}`,
  code: 'undeclared-conduit',
  severity,
  message: 'm',
  rules: [],
  zones,
  services: null,
});

const SITE: Pick<AnalysisView, 'zones' | 'conduits' | 'findings'> = {
  zones: [
    zone('field', 0, ['10.0.0.0/24']),
    zone('cells', 1, ['10.1.0.0/24', '10.1.1.0/24', '10.1.2.0/24', '10.1.3.0/24', '10.1.4.0/24']),
    zone('ops', 3, ['10.3.0.0/24'], 'ot'),
    zone('dmz', 3.5, ['172.16.0.0/24'], 'dmz'),
    zone('corp', 4, ['10.4.0.0/24'], 'it'),
    zone('enterprise', 5, ['10.5.0.0/24'], 'it'),
    zone('internet', 'internet', [], 'internet'),
    zone('<img src=x onerror=alert(1)>', null, ['192.168.9.0/24']),
  ],
  conduits: [
    conduit('corp', 'ops', 'tcp/3389'),
    conduit('corp', 'dmz'),
    conduit('dmz', 'ops'),
    conduit('ops', 'ops'),
  ],
  findings: [finding('medium', ['corp', 'ops']), finding('critical', ['corp', 'ops']), finding('high', null)],
};

const positionOf = (els: ReturnType<typeof toMapElements>, id: string) =>
  els.nodes.find((n) => n.data.id === id)?.position;
/** A zone's vertical centre: its segments' mean, or its own position when it has none. */
const zoneY = (els: ReturnType<typeof toMapElements>, z: string): number => {
  const kids = els.nodes.filter((n) => n.data.parent === zoneNodeId(z) && n.data.kind === 'segment');
  const own = els.nodes.find((n) => n.data.id === zoneNodeId(z));
  const ys = kids.length ? kids.map((n) => n.position!.y) : [own!.position!.y];
  return ys.reduce((a, b) => a + b, 0) / ys.length;
};

describe('zone map elements', () => {
  const els = toMapElements(SITE);

  it('draws zones as compound nodes with their segments inside, one node per segment', () => {
    expect(els.nodes.filter((n) => n.data.kind === 'zone')).toHaveLength(SITE.zones.length);
    const cells = els.nodes.filter((n) => n.data.parent === zoneNodeId('cells') && n.data.kind === 'segment');
    expect(cells).toHaveLength(5);
    expect(cells[0]!.data.label).toBe('10.1.0.0/24\n3 assets · 2 plc, 1 hmi');
    // A zone without segments is a sized node of its own.
    expect(els.nodes.find((n) => n.data.id === zoneNodeId('internet'))).toMatchObject({
      data: { w: expect.any(Number), h: expect.any(Number) },
      position: expect.any(Object),
    });
  });

  it('lays zones out in Purdue bands: internet and L5 on top, the DMZ between IT and OT, L0 last, unknown at the bottom', () => {
    expect(Math.abs(zoneY(els, 'internet') - zoneY(els, 'enterprise'))).toBeLessThan(30);
    const order = ['enterprise', 'corp', 'dmz', 'ops', 'cells', 'field', '<img src=x onerror=alert(1)>'];
    const ys = order.map((z) => zoneY(els, z));
    for (let i = 1; i < ys.length; i++) expect(ys[i], order[i]).toBeGreaterThan(ys[i - 1]!);
    expect(bandOf(3.5)).toBeGreaterThan(bandOf(4));
    expect(bandOf(3.5)).toBeLessThan(bandOf(3));
  });

  it('is deterministic: the same levels and names give the same positions whatever the input order or data', () => {
    const shuffled = toMapElements({
      ...SITE,
      zones: [...SITE.zones].reverse(),
      conduits: [conduit('ops', 'corp')],
      findings: [],
    });
    for (const n of els.nodes) expect(positionOf(shuffled, n.data.id), n.data.id).toEqual(n.position);
  });

  it('draws conduits between zones (not within one), labelled with services, coloured by the worst finding', () => {
    expect(els.edges.map((e) => [e.data.id, e.data.label, e.data.risk])).toEqual([
      [edgeId('corp', 'ops'), 'tcp/3389', 'critical'],
      [edgeId('corp', 'dmz'), 'tcp/443', 'none'],
      [edgeId('dmz', 'ops'), 'tcp/443', 'none'],
    ]);
    expect(riskByZonePair(SITE.findings).get(edgeId('corp', 'ops'))).toBe('critical');
    // Skip-level conduits bow further out than adjacent ones.
    const bow = (id: string): number => els.edges.find((e) => e.data.id === id)!.data.bow;
    expect(bow(edgeId('corp', 'ops'))).toBeGreaterThan(bow(edgeId('corp', 'dmz')));
  });

  it('keeps hostile names as plain label text and truncates long service lists', () => {
    const hostile = els.nodes.find((n) => n.data.id === zoneNodeId('<img src=x onerror=alert(1)>'))!;
    expect(hostile.data.label).toBe('<img src=x onerror=alert(1)> · level unknown');
    const long = toMapElements({
      ...SITE,
      conduits: [conduit('corp', 'ops', 'tcp/1,2,3,4,5,6,7,8,9,10,11,12,13,14')],
    });
    expect(long.edges[0]!.data.label.length).toBeLessThanOrEqual(50);
    expect(long.edges[0]!.data.services).toBe('tcp/1,2,3,4,5,6,7,8,9,10,11,12,13,14');
  });

  it('a site of thousands of assets stays a graph of segments', () => {
    const zones = Array.from({ length: 12 }, (_, i) =>
      zone(
        `z${i}`,
        ([0, 1, 2, 3, 4] as const)[i % 5]!,
        Array.from({ length: 20 }, (_, k) => `10.${i}.${k}.0/24`),
      ),
    );
    const big = toMapElements({ zones, conduits: [], findings: [] });
    expect(big.nodes.filter((n) => n.data.kind !== 'title')).toHaveLength(12 + 240);
  });
});

describe('zone map stylesheet', () => {
  it('tells risk by width and line style as well as colour', () => {
    const widths = (['critical', 'high', 'medium', 'low', 'none'] as const).map((r) => RISK_STYLE[r].width);
    expect([...widths].sort((a, b) => b - a)).toEqual(widths);
    expect(new Set(Object.values(RISK_STYLE).map((s) => `${s.width}/${s.line}`)).size).toBe(6);
    const sheet = mapStylesheet();
    for (const risk of Object.keys(RISK_STYLE))
      expect(sheet.some((r) => r.selector === `edge[risk = "${risk}"]`)).toBe(true);
    expect(JSON.parse(JSON.stringify(sheet))).toEqual(sheet);
  });

  it('keeps conduit labels off the zoomed-out map, except on focused or selected conduits', () => {
    const sheet = mapStylesheet();
    const style = (selector: string): Record<string, unknown> =>
      (sheet.find((r) => r.selector === selector)?.style ?? {}) as Record<string, unknown>;
    expect(style('edge.quiet')['text-opacity']).toBe(0);
    expect(style('edge.quiet.focus, edge.quiet:selected')['text-opacity']).toBe(1);
    // The example site fits at about half size: quiet there, labelled at full size.
    expect(quietEdges(0.53)).toBe(true);
    expect(quietEdges(1)).toBe(false);
  });
});
