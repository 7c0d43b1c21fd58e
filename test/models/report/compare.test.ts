import { describe, expect, it } from 'vitest';
import {
  type ReportDocument,
  compareReports,
  findingKey,
  pathKey,
  renderComparisonCsv,
  renderComparisonHtml,
  renderComparisonJson,
} from '../../../models/report';
import { exampleDir, hostileDir, reportOf, schemaErrors } from './helpers';

const doc = reportOf(exampleDir);
const META = { generatedAt: '2026-03-02T00:00:00Z', toolVersion: '0.0.0-test' };

/** The document with every cited line moved down by `by` (as when lines are added above the rules). */
function shifted(d: ReportDocument, by: number): ReportDocument {
  const move = <T extends { line: number; endLine: number }>(r: T): T => ({
    ...r,
    line: r.line + by,
    endLine: r.endLine + by,
  });
  return {
    ...d,
    findings: d.findings.map((f) => ({ ...f, rules: f.rules.map(move) })),
    paths: d.paths.map((p) => ({
      ...p,
      hops: p.hops.map((h) => ({
        ...h,
        devices: h.devices.map((x) => ({ ...x, rule: x.rule ? move(x.rule) : null })),
      })),
    })),
  };
}

describe('compareReports', () => {
  it('finds nothing changed between a report and itself, even with every line number moved', () => {
    const c = compareReports(doc, shifted(doc, 7), META);
    expect(c.paths.opened).toEqual([]);
    expect(c.paths.closed).toEqual([]);
    expect(c.paths.unchanged).toBe(new Set(doc.paths.map(pathKey)).size);
    expect(c.findings.new).toEqual([]);
    expect(c.findings.resolved).toEqual([]);
    expect(c.findings.unchanged).toBe(new Set(doc.findings.map(findingKey)).size);
    expect(c.egress.new).toEqual([]);
    expect(c.conduits.changed).toEqual([]);
    expect(c.statement).toMatch(/^Nothing changed/);
  });

  it('reports paths opened and closed, findings new and resolved, gaps and conduits', () => {
    const before: ReportDocument = {
      ...doc,
      paths: doc.paths.slice(1),
      findings: doc.findings.slice(1),
      egress: doc.egress.slice(1),
      conduits: doc.conduits.map((x, i) => (i === 0 ? { ...x, services: 'tcp/1' } : x)),
      targets: doc.targets.slice(1),
    };
    const c = compareReports(before, doc, META);
    expect(c.paths.opened.map((p) => p.id)).toContain(doc.paths[0]!.id);
    expect(c.findings.new.map((f) => f.id)).toEqual([doc.findings[0]!.id]);
    expect(c.egress.new.map((g) => g.id)).toEqual([doc.egress[0]!.id]);
    expect(c.conduits.changed).toHaveLength(1);
    expect(c.targets.newlyReachable).toEqual([doc.targets[0]!.target]);
    const back = compareReports(doc, before, META);
    expect(back.paths.closed.map((p) => p.id)).toContain(doc.paths[0]!.id);
    expect(back.findings.resolved.map((f) => f.id)).toEqual([doc.findings[0]!.id]);
    expect(back.egress.resolved).toHaveLength(1);
    expect(back.statement).toMatch(/better segmented/);
    expect(schemaErrors(JSON.parse(renderComparisonJson(c)), 'comparison')).toBe('');
    const csv = renderComparisonCsv(c).text;
    expect(csv).toContain(`"opened","path","","${doc.paths[0]!.id}"`);
    expect(csv).toContain(`"new","finding","","${doc.findings[0]!.id}"`);
  });

  it('renders self-contained HTML and JSON, the hostile names as text', () => {
    const hostile = reportOf(hostileDir);
    const c = compareReports({ ...hostile, paths: [], findings: [], egress: [] }, hostile, {
      ...META,
      note: '<script>x</script>',
    });
    const html = renderComparisonHtml(c);
    expect(html).not.toMatch(/<script|<img|<iframe|<svg/i);
    expect(html).toContain('&lt;script&gt;alert(&#39;ews&#39;)&lt;/script&gt;');
    expect(JSON.parse(renderComparisonJson(c))).toEqual(JSON.parse(JSON.stringify(c)));
    expect(renderComparisonHtml(c)).toBe(html);
  });
});
