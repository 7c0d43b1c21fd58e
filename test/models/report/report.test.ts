import fs, { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../../../models/diagnostics';
import {
  type ReportDocument,
  csvCell,
  renderAssetGraphml,
  renderCsvTables,
  renderHtml,
  renderJson,
  renderZoneGraphml,
  renderZoneMapSvg,
  visible,
  worstPath,
} from '../../../models/report';
import { exampleDir, parseXml, reportOf, reportOfFiles, schemaErrors } from './helpers';

const doc = reportOf(exampleDir);

function allRefs(d: ReportDocument): SourceRef[] {
  const out: SourceRef[] = [];
  for (const p of d.paths) for (const h of p.hops) for (const x of h.devices) if (x.rule) out.push(x.rule);
  for (const g of d.egress) for (const x of g.devices) if (x.rule) out.push(x.rule);
  for (const f of d.findings) out.push(...f.rules);
  for (const c of d.conduits) out.push(...c.rules);
  return out;
}

/** Every rendering of a document, by name. */
function renderings(d: ReportDocument): Record<string, string> {
  const out: Record<string, string> = {
    'report.html': renderHtml(d),
    'report.json': renderJson(d),
    'zones.graphml': renderZoneGraphml(d),
    'assets.graphml': renderAssetGraphml(d),
    'map.svg': renderZoneMapSvg(d),
  };
  for (const t of renderCsvTables(d)) out[t.name] = t.text;
  return out;
}

describe('the report document of the example site', () => {
  it('validates against the published JSON Schema', () => {
    expect(schemaErrors(JSON.parse(renderJson(doc)))).toBe('');
  });

  it('has paths, egress gaps and findings to report (the example is a site with weaknesses)', () => {
    expect(doc.paths.length).toBeGreaterThan(0);
    expect(doc.egress.length).toBeGreaterThan(0);
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(doc.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
  });

  it('cites rules whose text is exactly the line of the file they name', () => {
    const lines = new Map<string, string[]>();
    for (const r of allRefs(doc)) {
      let l = lines.get(r.file);
      if (!l) {
        l = readFileSync(path.join(exampleDir, r.file), 'utf8').split(/\r?\n/);
        lines.set(r.file, l);
      }
      expect(l[r.line - 1], `${r.file}:${r.line}`).toBe(r.text);
    }
    expect(lines.size).toBeGreaterThan(0);
  });

  it('gives each path its hops with zones, services and the devices crossed', () => {
    for (const p of doc.paths) {
      expect(p.hops.length).toBeGreaterThan(0);
      expect(p.hops.at(-1)!.to).toBe(p.to);
      expect(p.hops[0]!.from).toBe(p.from);
      for (const h of p.hops) {
        expect(doc.zones.map((z) => z.name)).toContain(h.fromZone);
        expect(h.service).toMatch(/^(tcp|udp|sctp)\/\d+/);
      }
    }
    const ids = doc.targets.flatMap((t) => t.paths);
    expect(new Set(ids)).toEqual(new Set(doc.paths.map((p) => p.id)));
  });

  it('summarises paths into each Purdue level, critical findings and egress gaps', () => {
    const s = doc.summary;
    expect(s.paths).toBe(doc.paths.length);
    expect(s.byLevel.reduce((n, l) => n + l.paths, 0)).toBe(doc.paths.length);
    for (const l of ['0', '1', '2', '3']) expect(s.byLevel.map((x) => x.level)).toContain(l);
    expect(s.criticalFindings).toBe(doc.findings.filter((f) => f.severity === 'critical').length);
    expect(s.egressGaps).toBe(doc.egress.length);
    const worst = worstPath(doc.paths)!;
    expect(s.worstPath).toBe(worst.id);
    expect(s.statement).toContain(worst.from);
    expect(s.statement).toContain(worst.to);
    for (const h of worst.hops) expect(s.statement).toContain(h.service);
    if (doc.egress.length > 0) expect(s.egressStatement).toMatch(/^\d+ hosts? can reach /);
    expect(renderHtml(doc)).toContain('<h3>Critical findings</h3>');
  });

  it('lists the assumptions: how footholds and targets were chosen, NAT and routes not modelled', () => {
    const kinds = new Set(doc.assumptions.map((a) => a.kind));
    expect(kinds.has('default-selection')).toBe(true);
    for (const d of doc.devices) {
      if (d.nat !== 'modelled')
        expect(doc.assumptions.some((a) => a.kind === 'nat-not-modelled' && a.subject === d.name)).toBe(true);
    }
    for (const p of doc.paths.filter((x) => x.uncertain))
      expect(
        doc.assumptions.some((a) => a.kind === 'uncertain-verdict' && a.subject.startsWith(`${p.id} `)),
      ).toBe(true);
  });
});

describe('renderings', () => {
  it('are byte-identical for the same inputs and date, and differ only in the timestamp otherwise', () => {
    const again = renderings(reportOf(exampleDir));
    const first = renderings(doc);
    expect(Object.keys(again)).toEqual(Object.keys(first));
    for (const [name, text] of Object.entries(first)) expect(again[name], name).toBe(text);
    const later = renderings(reportOf(exampleDir, '2027-01-02T03:04:05Z'));
    for (const [name, text] of Object.entries(first))
      expect(later[name]!.replaceAll('2027-01-02T03:04:05Z', '2026-03-01T12:00:00Z'), name).toBe(text);
    expect(later['report.html']).not.toBe(first['report.html']);
  });

  it('draw the zone map as well-formed SVG with every zone and the path zones highlighted', () => {
    const svg = parseXml(renderZoneMapSvg(doc));
    expect(svg.elements[0]!.name).toBe('svg');
    const groups = svg.elements.filter((e) => e.name === 'g' && /\bzone\b/.test(e.attributes.class ?? ''));
    expect(groups).toHaveLength(doc.zones.length);
    expect(groups.filter((g) => /\bhot\b/.test(g.attributes.class!))).toHaveLength(
      doc.zones.filter((z) => z.onPath).length,
    );
    const hotEdges = svg.elements.filter((e) => e.name === 'path' && e.attributes.class === 'conduit hot');
    expect(hotEdges.length).toBe(doc.conduits.filter((c) => c.onPath).length);
    expect(hotEdges.length).toBeGreaterThan(0);
    expect(svg.elements.some((e) => e.name === 'script' || e.name === 'foreignObject')).toBe(false);
  });

  it('write one self-contained HTML file: inline style and SVG, no script, no external resource', () => {
    const html = renderHtml(doc);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/\s(src|href)\s*=\s*"(?!#)/i);
    expect(html).toContain('<svg');
    expect(html).toContain("default-src 'none'");
    for (const p of doc.paths) expect(html).toContain(`id="${p.id}"`);
    for (const f of doc.inputs) expect(html).toContain(f.sha256);
    // Every cited rule's text is in the report, escaped.
    for (const r of allRefs(doc).slice(0, 50))
      expect(html).toContain(
        r.text
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/"/g, '&quot;')
          .replace(/'/g, '&#39;'),
      );
  });

  it('write CSV tables: paths one row per hop, rules one row per device crossed, the zone matrix', () => {
    const tables = Object.fromEntries(renderCsvTables(doc).map((t) => [t.name, t.text]));
    const parse = (name: string): Record<string, string>[] =>
      Papa.parse<Record<string, string>>(tables[name]!.replace(/^\ufeff/, ''), {
        header: true,
        skipEmptyLines: true,
      }).data;
    const paths = parse('paths.csv');
    expect(paths).toHaveLength(doc.paths.reduce((n, p) => n + p.hops.length, 0));
    expect(paths[0]!.path_id).toBe('P1');
    expect(parse('path-rules.csv')).toHaveLength(
      doc.paths.reduce((n, p) => n + p.hops.reduce((m, h) => m + h.devices.length, 0), 0),
    );
    expect(parse('zone-matrix.csv')).toHaveLength(doc.conduits.length);
    expect(parse('findings.csv')).toHaveLength(doc.findings.length);
    expect(parse('egress.csv')).toHaveLength(doc.egress.length);
    expect(parse('inputs.csv').map((r) => r.sha256)).toEqual(doc.inputs.map((i) => i.sha256));
    for (const text of Object.values(tables)) expect(text.endsWith('\r\n')).toBe(true);
  });

  it('write GraphML of the zone graph and the asset graph', () => {
    const zones = parseXml(renderZoneGraphml(doc)).elements;
    expect(zones.filter((e) => e.name === 'node')).toHaveLength(doc.zones.length);
    expect(zones.filter((e) => e.name === 'edge')).toHaveLength(doc.conduits.length);
    const assets = parseXml(renderAssetGraphml(doc)).elements;
    const ids = new Set(assets.filter((e) => e.name === 'node').map((e) => e.attributes.id));
    expect(ids.size).toBeGreaterThanOrEqual(doc.assets.length);
    for (const e of assets.filter((x) => x.name === 'edge')) {
      expect(ids.has(e.attributes.source)).toBe(true);
      expect(ids.has(e.attributes.target)).toBe(true);
    }
  });
});

describe('csvCell (OWASP CSV injection)', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+cmd', `"'+cmd"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\u21e5=1"`],
    ['\r=1', `"'[U+000D]=1"`],
    ['\uff1d1+1', `"'\uff1d1+1"`],
    ['a "quoted" cell, with comma', `"a ""quoted"" cell, with comma"`],
    ['plain', '"plain"'],
    ['line1\nline2', '"line1\u21b5line2"'],
  ])('neutralises %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('quotes numbers and booleans without prefixing them', () => {
    expect(csvCell(3)).toBe('"3"');
    expect(csvCell(false)).toBe('"false"');
    expect(csvCell(null)).toBe('""');
  });
});

describe('visible', () => {
  it('shows control characters and bidirectional overrides as their code points, keeps tabs and newlines', () => {
    expect(visible('a\u001b[31mb\u0007c\u007f')).toBe('a[U+001B][31mb[U+0007]c[U+007F]');
    expect(visible('x\u202eexe.gpj')).toBe('x[U+202E]exe.gpj');
    expect(visible('a\tb\nc')).toBe('a\tb\nc');
    expect(visible('\u0085\u2066\ufeff')).toBe('[U+0085][U+2066][U+FEFF]');
  });
});

describe('reports of single firewalls from the shared corpus', () => {
  const corpus = path.resolve(exampleDir, '..', '..', '..', 'shared', 'corpus');
  const picks = fs.existsSync(corpus)
    ? fs
        .readdirSync(corpus, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
        .flatMap((vendor) =>
          fs
            .readdirSync(path.join(corpus, vendor))
            .filter((n) => !/\.(md|txt|json)$/i.test(n) && fs.statSync(path.join(corpus, vendor, n)).isFile())
            .sort()
            .slice(0, 2)
            .map((n) => path.join(vendor, n)),
        )
    : [];

  it.each(picks)('render %s in every format, valid against the schema', (rel) => {
    const bytes = fs.readFileSync(path.join(corpus, rel));
    const d = reportOfFiles([{ file: { name: path.basename(rel), text: bytes.toString('utf8') }, bytes }]);
    expect(schemaErrors(JSON.parse(renderJson(d)))).toBe('');
    const all = renderings(d);
    expect(all['report.html']).toContain('</html>');
    parseXml(all['map.svg']!);
    parseXml(all['zones.graphml']!);
    parseXml(all['assets.graphml']!);
    expect(d.summary.statement.length).toBeGreaterThan(10);
  });
});
