import type { Changed, ReportComparison, SnapshotInfo } from './compare';
import { csvText, type CsvTable } from './csv';
import type { ReportConduit, ReportFinding } from './document';
import {
  EGRESS_HEAD,
  EGRESS_WIDTHS,
  type TocEntry,
  egressRows,
  findingRows,
  htmlDocument,
  pathBlock,
  table,
  tocNav,
  tr,
} from './html-parts';
import { esc, escLine } from './text';

/**
 * The before/after comparison as HTML (self-contained and printable like the site report, and
 * printed to PDF the same way), JSON and one CSV table of changes.
 */

export function comparisonTocEntries(c: ReportComparison): TocEntry[] {
  return [
    { id: 'sec-summary', title: 'What changed' },
    {
      id: 'sec-paths',
      title: `Paths opened (${c.paths.opened.length}) and closed (${c.paths.closed.length})`,
    },
    {
      id: 'sec-findings',
      title: `Findings new (${c.findings.new.length}), resolved (${c.findings.resolved.length}), changed (${c.findings.changed.length})`,
    },
    {
      id: 'sec-egress',
      title: `DNS egress gaps new (${c.egress.new.length}) and closed (${c.egress.resolved.length})`,
    },
    { id: 'sec-conduits', title: 'Conduits opened, closed and changed' },
  ];
}

function snapshot(label: string, s: SnapshotInfo): string {
  return tr([
    esc(label),
    `${escLine(s.title)}<br><span class="muted">${esc(s.generatedAt)}</span>`,
    esc(s.inputs.length),
    esc(s.summary.paths),
    esc(s.summary.targetsReached),
    esc(s.summary.criticalFindings),
    esc(s.summary.egressGaps),
  ]);
}

/** The input files of both snapshots side by side: which changed, which came or went. */
function inputChanges(c: ReportComparison): string {
  const before = new Map(c.before.inputs.map((f) => [f.name, f.sha256]));
  const after = new Map(c.after.inputs.map((f) => [f.name, f.sha256]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const rows = names.map((n) => {
    const b = before.get(n);
    const a = after.get(n);
    const what = b === undefined ? 'added' : a === undefined ? 'removed' : a === b ? 'same' : 'changed';
    return tr(
      [
        `<code>${escLine(n)}</code>`,
        esc(what),
        `<code class="hash">${esc(b ?? '—')}</code>`,
        `<code class="hash">${esc(a ?? '—')}</code>`,
      ],
      what === 'same' ? '' : 'hot',
    );
  });
  return table(
    ['File', 'Change', 'SHA-256 before', 'SHA-256 after'],
    [24, 10, 33, 33],
    rows,
    'No input file.',
  );
}

function conduitRows(list: readonly ReportConduit[], what: string): string[] {
  return list.map((c) => tr([esc(what), escLine(c.from), escLine(c.to), `<code>${esc(c.services)}</code>`]));
}

function changedConduitRows(list: readonly Changed<ReportConduit>[]): string[] {
  return list.map((c) =>
    tr([
      'changed',
      escLine(c.after.from),
      escLine(c.after.to),
      `<code>${esc(c.before.services)}</code> → <code>${esc(c.after.services)}</code>`,
    ]),
  );
}

const FINDING_HEAD = ['Finding', 'Code', 'What', 'Evidence (rules)'];
const FINDING_WIDTHS = [10, 14, 36, 40];

function changedFindings(list: readonly Changed<ReportFinding>[]): string {
  if (list.length === 0) return '';
  const rows = list.map((c) =>
    tr([
      `${esc(c.before.id)} → ${esc(c.after.id)}`,
      `<code>${esc(c.after.code)}</code>`,
      `<div class="muted">before: ${esc(c.before.message)}</div><div>after: ${esc(c.after.message)}</div>`,
    ]),
  );
  return `<h3>Changed</h3>${table(['Finding', 'Code', 'Before and after'], [14, 16, 70], rows, '')}`;
}

export function renderComparisonHtml(
  c: ReportComparison,
  options: { readonly pages?: Readonly<Record<string, number>> } = {},
): string {
  const cover =
    `<section class="cover" id="sec-cover"><p class="kicker">Conduit segmentation audit: before and after</p>` +
    `<h1>${escLine(c.title)}</h1>` +
    `<table class="meta"><tbody>` +
    tr(['Generated', `<time>${esc(c.generatedAt)}</time>`]) +
    tr(['Tool', `${esc(c.tool.name)} ${esc(c.tool.version)}`]) +
    tr([
      'Analyst note',
      c.note ? `<div class="note">${esc(c.note)}</div>` : '<span class="muted">none</span>',
    ]) +
    `</tbody></table>` +
    `<h2 class="small">Snapshots compared</h2>` +
    table(
      [
        '',
        'Report',
        'Paths',
        'Targets reached',
        'Critical findings',
        'DNS egress gaps',
        'Input files (SHA-256)',
      ],
      [8, 18, 7, 9, 9, 9, 40],
      [snapshot('Before', c.before), snapshot('After', c.after)],
      '',
    ) +
    `</section>`;
  const summary =
    `<section id="sec-summary"><h2>1 What changed</h2>` +
    `<p class="statement${c.paths.opened.length + c.findings.new.length + c.egress.new.length > 0 ? ' bad' : ''}">${esc(c.statement)}</p>` +
    `<table class="meta"><tbody>` +
    tr(['Targets newly reachable', esc(c.targets.newlyReachable.join(', ') || 'none')]) +
    tr(['Targets no longer reachable', esc(c.targets.noLongerReachable.join(', ') || 'none')]) +
    tr([
      'Paths',
      esc(`${c.paths.opened.length} opened, ${c.paths.closed.length} closed, ${c.paths.unchanged} unchanged`),
    ]) +
    tr([
      'Findings',
      esc(
        `${c.findings.new.length} new, ${c.findings.resolved.length} resolved, ${c.findings.changed.length} changed, ${c.findings.unchanged} unchanged`,
      ),
    ]) +
    tr([
      'DNS egress gaps',
      esc(`${c.egress.new.length} new, ${c.egress.resolved.length} closed, ${c.egress.unchanged} unchanged`),
    ]) +
    tr([
      'Conduits',
      esc(
        `${c.conduits.opened.length} opened, ${c.conduits.closed.length} closed, ${c.conduits.changed.length} changed, ${c.conduits.unchanged} unchanged`,
      ),
    ]) +
    `</tbody></table>` +
    `<h3>Input files</h3>` +
    inputChanges(c) +
    `</section>`;
  const paths =
    `<section id="sec-paths"><h2>2 Paths</h2>` +
    `<p class="muted">Paths are matched by their hosts and services hop by hop. Each snapshot lists the shortest paths to each target (up to k per target), so a path listed only after may have existed before, longer than the ones listed then; a target newly reachable is listed in section 1.</p>` +
    `<h3>Opened (in the after snapshot only)</h3>` +
    (c.paths.opened.length ? c.paths.opened.map(pathBlock).join('') : '<p class="muted">None.</p>') +
    `<h3>Closed (in the before snapshot only)</h3>` +
    (c.paths.closed.length ? c.paths.closed.map(pathBlock).join('') : '<p class="muted">None.</p>') +
    `</section>`;
  const findings =
    `<section id="sec-findings"><h2>3 Findings</h2>` +
    `<h3>New</h3>${table(FINDING_HEAD, FINDING_WIDTHS, findingRows(c.findings.new), 'None.')}` +
    `<h3>Resolved</h3>${table(FINDING_HEAD, FINDING_WIDTHS, findingRows(c.findings.resolved), 'None.')}` +
    changedFindings(c.findings.changed) +
    `</section>`;
  const egress =
    `<section id="sec-egress"><h2>4 DNS egress gaps</h2>` +
    `<h3>New</h3>${table(EGRESS_HEAD, EGRESS_WIDTHS, egressRows(c.egress.new), 'None.')}` +
    `<h3>Closed</h3>${table(EGRESS_HEAD, EGRESS_WIDTHS, egressRows(c.egress.resolved), 'None.')}` +
    `</section>`;
  const conduits =
    `<section id="sec-conduits"><h2>5 Conduits between zones</h2>` +
    table(
      ['Change', 'From', 'To', 'Services'],
      [12, 22, 22, 44],
      [
        ...conduitRows(c.conduits.opened, 'opened'),
        ...conduitRows(c.conduits.closed, 'closed'),
        ...changedConduitRows(c.conduits.changed),
      ],
      'No conduit changed.',
    ) +
    `</section>`;
  return htmlDocument(c.title, c.tool.version, [
    cover,
    tocNav(comparisonTocEntries(c), options.pages),
    summary,
    paths,
    findings,
    egress,
    conduits,
  ]);
}

export function renderComparisonJson(c: ReportComparison): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

/** One table of every change: `changes.csv`. */
export function renderComparisonCsv(c: ReportComparison): CsvTable {
  const rows: (string | number | null)[][] = [];
  for (const p of c.paths.opened)
    rows.push([
      'opened',
      'path',
      null,
      p.id,
      p.severity,
      `${p.from} -> ${p.to}: ${p.hops.map((h) => h.service).join(', ')}`,
    ]);
  for (const p of c.paths.closed)
    rows.push([
      'closed',
      'path',
      p.id,
      null,
      p.severity,
      `${p.from} -> ${p.to}: ${p.hops.map((h) => h.service).join(', ')}`,
    ]);
  for (const f of c.findings.new)
    rows.push(['new', 'finding', null, f.id, f.severity, `${f.code}: ${f.message}`]);
  for (const f of c.findings.resolved)
    rows.push(['resolved', 'finding', f.id, null, f.severity, `${f.code}: ${f.message}`]);
  for (const f of c.findings.changed)
    rows.push([
      'changed',
      'finding',
      f.before.id,
      f.after.id,
      f.after.severity,
      `${f.after.code}: ${f.after.message}`,
    ]);
  for (const g of c.egress.new) rows.push(['new', 'egress', null, g.id, g.severity, g.message]);
  for (const g of c.egress.resolved) rows.push(['closed', 'egress', g.id, null, g.severity, g.message]);
  for (const x of c.conduits.opened)
    rows.push(['opened', 'conduit', null, null, null, `${x.from} -> ${x.to}: ${x.services}`]);
  for (const x of c.conduits.closed)
    rows.push(['closed', 'conduit', null, null, null, `${x.from} -> ${x.to}: ${x.services}`]);
  for (const x of c.conduits.changed)
    rows.push([
      'changed',
      'conduit',
      null,
      null,
      null,
      `${x.after.from} -> ${x.after.to}: ${x.before.services} => ${x.after.services}`,
    ]);
  return {
    name: 'changes.csv',
    text: csvText(['change', 'type', 'before_id', 'after_id', 'severity', 'what'], rows),
  };
}
