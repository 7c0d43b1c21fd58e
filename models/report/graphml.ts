import type { ReportDocument } from './document';
import { esc } from './text';

/**
 * GraphML of the zone graph (zones and their conduits) and of the asset graph (assets, the
 * hops of lateral-movement paths, and DNS egress to resolvers), for yEd, Gephi and Cytoscape
 * desktop. Attributes are declared with `<key>`s; `label` is what Gephi shows, `name` what
 * Cytoscape shows. Text is XML-escaped and control characters are shown as symbols (XML 1.0
 * cannot carry them).
 */

type Attr = readonly [id: string, forWhat: 'node' | 'edge', name: string, type: 'string' | 'boolean' | 'int'];
type Value = string | number | boolean | null | undefined;

function graphml(
  id: string,
  keys: readonly Attr[],
  nodes: readonly (readonly [string, Record<string, Value>])[],
  edges: readonly (readonly [string, string, string, Record<string, Value>])[],
): string {
  const data = (attrs: Record<string, Value>): string =>
    Object.entries(attrs)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `<data key="${esc(k)}">${esc(String(v))}</data>`)
      .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n' +
    keys.map(([k, f, n, t]) => `  <key id="${k}" for="${f}" attr.name="${n}" attr.type="${t}"/>\n`).join('') +
    `  <graph id="${esc(id)}" edgedefault="directed">\n` +
    nodes.map(([nid, attrs]) => `    <node id="${esc(nid)}">${data(attrs)}</node>\n`).join('') +
    edges
      .map(
        ([eid, s, t, attrs]) =>
          `    <edge id="${esc(eid)}" source="${esc(s)}" target="${esc(t)}">${data(attrs)}</edge>\n`,
      )
      .join('') +
    '  </graph>\n</graphml>\n'
  );
}

const lvl = (l: unknown): string | null => (l === null || l === undefined ? null : String(l));

export function renderZoneGraphml(doc: ReportDocument): string {
  const keys: Attr[] = [
    ['label', 'node', 'label', 'string'],
    ['name', 'node', 'name', 'string'],
    ['level', 'node', 'level', 'string'],
    ['kind', 'node', 'kind', 'string'],
    ['inferred', 'node', 'inferred', 'boolean'],
    ['assets', 'node', 'assets', 'int'],
    ['segments', 'node', 'segments', 'string'],
    ['zoneOnPath', 'node', 'onPath', 'boolean'],
    ['services', 'edge', 'services', 'string'],
    ['flat', 'edge', 'flat', 'boolean'],
    ['uncertain', 'edge', 'uncertain', 'boolean'],
    ['routeAssumed', 'edge', 'routeAssumed', 'boolean'],
    ['natIgnored', 'edge', 'natIgnored', 'boolean'],
    ['onPath', 'edge', 'onPath', 'boolean'],
    ['rules', 'edge', 'rules', 'string'],
  ];
  const ids = new Map(doc.zones.map((z, i) => [z.name, `z${i}`]));
  return graphml(
    'zones',
    keys,
    doc.zones.map((z) => [
      ids.get(z.name)!,
      {
        label: z.name,
        name: z.name,
        level: lvl(z.level),
        kind: z.kind,
        inferred: z.inferred,
        assets: z.assets,
        segments: z.segments.join(' '),
        zoneOnPath: z.onPath,
      },
    ]),
    doc.conduits.flatMap((c, i) => {
      const s = ids.get(c.from);
      const t = ids.get(c.to);
      if (s === undefined || t === undefined) return [];
      return [
        [
          `c${i}`,
          s,
          t,
          {
            services: c.services,
            flat: c.flat,
            uncertain: c.uncertain,
            routeAssumed: c.routeAssumed,
            natIgnored: c.natIgnored,
            onPath: c.onPath,
            rules: c.rules.map((r) => `${r.file}:${r.line}`).join(' '),
          },
        ] as const,
      ];
    }),
  );
}

export function renderAssetGraphml(doc: ReportDocument): string {
  const keys: Attr[] = [
    ['label', 'node', 'label', 'string'],
    ['name', 'node', 'name', 'string'],
    ['ip', 'node', 'ip', 'string'],
    ['zone', 'node', 'zone', 'string'],
    ['level', 'node', 'level', 'string'],
    ['role', 'node', 'role', 'string'],
    ['type', 'node', 'type', 'string'],
    ['placeholder', 'node', 'placeholder', 'boolean'],
    ['kind', 'edge', 'kind', 'string'],
    ['service', 'edge', 'service', 'string'],
    ['severity', 'edge', 'severity', 'string'],
    ['items', 'edge', 'items', 'string'],
    ['devices', 'edge', 'devices', 'string'],
    ['rules', 'edge', 'rules', 'string'],
  ];
  const nodes: [string, Record<string, Value>][] = doc.assets.map((a) => [
    `a:${a.ip}`,
    {
      label: a.name,
      name: a.name,
      ip: a.ip,
      zone: a.zone,
      level: lvl(a.level),
      role: a.role,
      type: 'asset',
      placeholder: a.placeholder,
    },
  ]);
  const known = new Set(nodes.map(([id]) => id));
  const edges = new Map<string, { s: string; t: string; attrs: Record<string, Value>; items: string[] }>();
  const add = (s: string, t: string, key: string, attrs: Record<string, Value>, item: string): void => {
    const e = edges.get(key);
    if (e) e.items.push(item);
    else edges.set(key, { s, t, attrs, items: [item] });
  };
  for (const p of doc.paths)
    for (const h of p.hops) {
      const rules = h.devices.flatMap((d) => (d.rule ? [`${d.rule.file}:${d.rule.line}`] : []));
      add(
        `a:${h.fromIp}`,
        `a:${h.toIp}`,
        `${h.fromIp}\0${h.toIp}\0${h.service}`,
        {
          kind: h.kind,
          service: h.service,
          severity: p.severity,
          devices: h.devices.map((d) => d.device).join(' '),
          rules: rules.join(' '),
        },
        `${p.id}#${h.index}`,
      );
    }
  for (const g of doc.egress) {
    const rid = `r:${g.resolverIp}`;
    if (!known.has(rid)) {
      known.add(rid);
      nodes.push([
        rid,
        {
          label: g.resolver ?? g.resolverIp,
          name: g.resolver ?? g.resolverIp,
          ip: g.resolverIp,
          zone: 'internet',
          level: 'internet',
          type: 'resolver',
        },
      ]);
    }
    add(
      `a:${g.assetIp}`,
      rid,
      `${g.assetIp}\0${g.resolverIp}\0${g.kind}\0${g.service}`,
      {
        kind: `egress:${g.kind}`,
        service: g.service,
        severity: g.severity,
        devices: g.devices.map((d) => d.device).join(' '),
        rules: g.devices.flatMap((d) => (d.rule ? [`${d.rule.file}:${d.rule.line}`] : [])).join(' '),
      },
      g.id,
    );
  }
  const edgeList = [...edges.values()].map(
    (e, i) => [`e${i}`, e.s, e.t, { ...e.attrs, items: e.items.join(' ') }] as const,
  );
  for (const [, s, t] of edgeList)
    for (const id of [s, t])
      if (!known.has(id)) {
        known.add(id);
        nodes.push([id, { label: id.slice(2), name: id.slice(2), ip: id.slice(2), type: 'host' }]);
      }
  return graphml('assets', keys, nodes, edgeList);
}
