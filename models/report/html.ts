import type { ReportDocument } from './document';
import {
  EGRESS_HEAD,
  EGRESS_WIDTHS,
  type TocEntry,
  cite,
  egressRows,
  findingRows,
  htmlDocument,
  levelShort,
  pathBlock,
  plural,
  ruleText,
  sev,
  table,
  tocNav,
  tr,
  yes,
} from './html-parts';
import { renderZoneMapSvg } from './svg';
import { anchor, esc, escLine } from './text';

/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script, no external
 * resource (a Content-Security-Policy forbids both), printable (print CSS: page breaks, repeated
 * table headers, rows never cut, page numbers). Every string from the inputs goes through
 * `esc`, so names, comments and rule text show as text.
 */

export interface HtmlOptions {
  /** Page of each section (`sec-summary` -> 3), for the table of contents of the PDF. */
  readonly pages?: Readonly<Record<string, number>>;
}

export function tocEntries(doc: ReportDocument): TocEntry[] {
  return [
    { id: 'sec-summary', title: 'Executive summary' },
    { id: 'sec-map', title: 'Zone map and conduits' },
    { id: 'sec-paths', title: `Lateral-movement paths (${doc.paths.length})` },
    { id: 'sec-egress', title: `DNS egress gaps (${doc.egress.length})` },
    { id: 'sec-findings', title: `Findings (${doc.findings.length})` },
    { id: 'sec-issues', title: `Import diagnostics (${doc.issues.length})` },
    { id: 'sec-assumptions', title: `Assumptions and limits (${doc.assumptions.length})` },
    { id: 'sec-inventory', title: 'Devices and inputs' },
  ];
}

function cover(doc: ReportDocument): string {
  const inputs = doc.inputs.map((f) =>
    tr([
      `<code>${escLine(f.name)}</code>`,
      esc(f.kind),
      esc(f.vendorLabel ?? '—'),
      esc(f.devices.join(', ') || '—'),
      esc(f.bytes),
      `<code class="hash">${esc(f.sha256)}</code>`,
    ]),
  );
  return (
    `<section class="cover" id="sec-cover"><p class="kicker">Conduit segmentation audit report</p>` +
    `<h1>${escLine(doc.title)}</h1>` +
    `<table class="meta"><tbody>` +
    tr(['Site', escLine(doc.site)]) +
    tr(['Generated', `<time>${esc(doc.generatedAt)}</time>`]) +
    tr(['Tool', `${esc(doc.tool.name)} ${esc(doc.tool.version)}`]) +
    tr(['Worst severity', doc.summary.worstSeverity ? sev(doc.summary.worstSeverity) : 'nothing found']) +
    tr([
      'Analyst note',
      doc.note ? `<div class="note">${esc(doc.note)}</div>` : '<span class="muted">none</span>',
    ]) +
    `</tbody></table>` +
    `<h2 class="small">Input files</h2><p>Anyone holding files with these SHA-256 digests can reproduce this analysis with <code>conduit analyze</code>.</p>` +
    table(
      ['File', 'Taken as', 'Vendor', 'Devices', 'Bytes', 'SHA-256'],
      [22, 11, 14, 12, 8, 33],
      inputs,
      'No input file.',
    ) +
    `</section>`
  );
}

function summary(doc: ReportDocument): string {
  const s = doc.summary;
  const levels = s.byLevel.map((l) =>
    tr([
      esc(l.level === 'unknown' ? 'unknown level' : l.level === 'internet' ? 'the internet' : `L${l.level}`),
      esc(l.paths),
      esc(l.targetsReached),
      esc(l.assetsReached),
      esc(l.targetsUnreachable),
    ]),
  );
  const bySev = (r: Readonly<Record<string, number>>): string =>
    Object.entries(r)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${sev(k)} ${esc(v)}`)
      .join(' ') || '<span class="muted">none</span>';
  const kinds =
    Object.entries(s.egressByKind)
      .map(([k, v]) => `${esc(k)} ${esc(v)}`)
      .join(', ') || 'none';
  return (
    `<section id="sec-summary"><h2>1 Executive summary</h2>` +
    `<p class="statement${s.worstPath ? ' bad' : ''}">${esc(s.statement)}${s.worstPath ? ` <a href="#${anchor(s.worstPath)}">See ${esc(s.worstPath)}.</a>` : ''}</p>` +
    `<table class="meta"><tbody>` +
    tr(['Footholds (attacker starts)', esc(`${s.footholds} asset${s.footholds === 1 ? '' : 's'}`)]) +
    tr([
      'Targets reached',
      esc(`${s.targetsReached} of ${s.targetsReached + s.targetsUnreachable} target classes`),
    ]) +
    tr(['Lateral-movement paths', esc(s.paths)]) +
    tr(['Critical findings', esc(s.criticalFindings)]) +
    tr(['Findings by severity', bySev(s.findingsBySeverity)]) +
    tr(['DNS egress gaps', `${esc(s.egressGaps)} (${bySev(s.egressBySeverity)}; ${kinds})`]) +
    tr([
      'Import diagnostics',
      esc(
        `${plural(s.issuesBySeverity.error, 'error')}, ${plural(s.issuesBySeverity.warning, 'warning')}, ${plural(s.issuesBySeverity.info, 'note')}`,
      ),
    ]) +
    `</tbody></table>` +
    `<p class="statement${doc.egress.length > 0 ? ' bad' : ''}">${esc(s.egressStatement)}</p>` +
    criticalList(doc) +
    `<h3>Paths from the footholds into each Purdue level</h3>` +
    table(
      ['Target level', 'Paths', 'Targets reached', 'Assets reached', 'Targets not reachable'],
      [28, 18, 18, 18, 18],
      levels,
      'No target.',
    ) +
    `</section>`
  );
}

/** The critical findings by name, linked to their entries (up to 12). */
function criticalList(doc: ReportDocument): string {
  const crit = doc.findings.filter((f) => f.severity === 'critical');
  if (crit.length === 0) return '';
  const items = crit
    .slice(0, 12)
    .map(
      (f) =>
        `<li><a href="#${anchor(f.id)}">${esc(f.id)}</a> <code>${esc(f.code)}</code>: ${esc(f.message)}</li>`,
    );
  const more = crit.length > 12 ? `<li>${esc(`and ${crit.length - 12} more in section 5`)}</li>` : '';
  return `<h3>Critical findings</h3><ul class="crit">${items.join('')}${more}</ul>`;
}

function zoneMap(doc: ReportDocument): string {
  const zones = doc.zones.map((z) =>
    tr([
      `${escLine(z.name)}${z.onPath ? ' <span class="flag hot">on a path</span>' : ''}`,
      esc(levelShort(z.level)),
      esc(z.kind ?? '—'),
      esc(z.inferred ? `inferred: ${z.basis}` : z.basis),
      esc(z.segments.join(', ') || '—'),
      esc(z.assets),
    ]),
  );
  const conduits = doc.conduits.map((c) =>
    tr(
      [
        escLine(c.from),
        escLine(c.to),
        `<code>${esc(c.services)}</code>`,
        [
          yes(c.onPath, 'on a path'),
          yes(c.flat, 'shared segment'),
          yes(c.uncertain, 'uncertain'),
          yes(c.routeAssumed, 'route assumed'),
          yes(c.natIgnored, 'NAT not applied'),
        ]
          .filter((x) => x !== '')
          .join(' '),
        c.rules.length === 0
          ? '<span class="muted">none (no firewall)</span>'
          : c.rules
              .slice(0, 6)
              .map((r) => cite(r))
              .join(', ') + (c.rules.length > 6 ? esc(` +${c.rules.length - 6} more (JSON, CSV)`) : ''),
      ],
      c.onPath ? 'hot' : '',
    ),
  );
  return (
    `<section id="sec-map"><h2>2 Zone map and conduits</h2>` +
    `<p>Zones by Purdue level; an arrow is a conduit (something is open from one zone to the other). Zones and conduits on a lateral-movement path are red; dashed boxes are inferred zones.</p>` +
    `<figure class="map">${renderZoneMapSvg(doc)}</figure>` +
    `<h3>Zones</h3>` +
    table(
      ['Zone', 'Level', 'Kind', 'Basis', 'Segments', 'Assets'],
      [16, 10, 10, 29, 27, 8],
      zones,
      'No zone.',
    ) +
    `<h3>Conduits (zone matrix)</h3>` +
    table(
      ['From', 'To', 'Open services', 'Notes', 'Rules'],
      [14, 14, 30, 16, 26],
      conduits,
      'Nothing is open between zones.',
    ) +
    `</section>`
  );
}

function paths(doc: ReportDocument): string {
  const unreachable =
    doc.unreachableTargets.length > 0
      ? `<h3>Targets not reachable</h3><p>${doc.unreachableTargets.map((t) => escLine(t)).join(', ')}</p>`
      : '';
  return (
    `<section id="sec-paths"><h2>3 Lateral-movement paths</h2>` +
    `<p>From ${esc(doc.footholds.length)} foothold asset${doc.footholds.length === 1 ? '' : 's'}: ${doc.footholds
      .slice(0, 30)
      .map((f) => escLine(f))
      .join(', ')}${doc.footholds.length > 30 ? esc(` and ${doc.footholds.length - 30} more`) : ''}. ` +
    `Each hop lists every firewall crossed and the rule (file, line, exact text) that lets it through.</p>` +
    (doc.paths.length === 0
      ? '<p class="muted">No lateral-movement path.</p>'
      : doc.paths.map(pathBlock).join('')) +
    unreachable +
    `</section>`
  );
}

function egress(doc: ReportDocument): string {
  return (
    `<section id="sec-egress"><h2>4 DNS egress gaps</h2>` +
    `<p>Hosts that can reach public DNS-over-HTTPS / DNS-over-TLS resolvers, any internet host on HTTPS, or raw DNS around the designated resolvers: covert command-and-control channels.</p>` +
    table(EGRESS_HEAD, EGRESS_WIDTHS, egressRows(doc.egress), 'No DNS egress gap.') +
    `</section>`
  );
}

function findings(doc: ReportDocument): string {
  const head = ['Finding', 'Code', 'What', 'Evidence (rules)'];
  const widths = [10, 14, 36, 40];
  return (
    `<section id="sec-findings"><h2>5 Findings</h2>` +
    `<h3>Segmentation (Purdue levels, IEC 62443 zones and conduits)</h3>` +
    table(
      head,
      widths,
      findingRows(doc.findings.filter((f) => f.category === 'segmentation')),
      'No segmentation finding.',
    ) +
    `<h3>Rule hygiene</h3>` +
    table(
      head,
      widths,
      findingRows(doc.findings.filter((f) => f.category === 'hygiene')),
      'No rule-hygiene finding.',
    ) +
    `</section>`
  );
}

function issues(doc: ReportDocument): string {
  const rows = doc.issues.map((d) =>
    tr([
      `${cite(d.source)}`,
      `${esc(d.severity)}<br><code>${esc(d.code)}</code>`,
      esc(d.message),
      d.source.text ? ruleText(d.source) : '',
    ]),
  );
  return (
    `<section id="sec-issues"><h2>6 Import diagnostics</h2>` +
    `<p>What the importers could not use or only approximated: lines not modelled are not part of the evidence above.</p>` +
    table(
      ['Where', 'Severity', 'What', 'Line'],
      [18, 14, 34, 34],
      rows,
      'No diagnostic: every line was understood.',
    ) +
    `</section>`
  );
}

function assumptions(doc: ReportDocument): string {
  const rows = doc.assumptions.map((x) =>
    tr([
      esc(x.kind),
      escLine(x.subject),
      esc(x.message),
      x.source ? `${cite(x.source)}<br>${ruleText(x.source)}` : '',
    ]),
  );
  return (
    `<section id="sec-assumptions"><h2>7 Assumptions and limits</h2>` +
    `<p>Everything the analysis took for granted. A path or gap that rests on an assumption is marked where it is listed.</p>` +
    table(['Kind', 'About', 'Assumption', 'Source'], [14, 16, 40, 30], rows, 'No assumption.') +
    `</section>`
  );
}

function inventory(doc: ReportDocument): string {
  const devices = doc.devices.map((d) =>
    tr([
      escLine(d.name),
      esc(d.vendorLabel),
      `<code>${escLine(d.file)}</code>`,
      esc(d.rules),
      esc(`filtering ${d.filtering}, NAT ${d.nat}, routes ${d.routes}`),
      esc(d.notes.join(' ')),
    ]),
  );
  const s = doc.stats;
  return (
    `<section id="sec-inventory"><h2>8 Devices and inputs</h2>` +
    table(
      ['Device', 'Vendor', 'File', 'Rules', 'Modelled', 'Notes'],
      [14, 14, 20, 7, 20, 25],
      devices,
      'No device.',
    ) +
    `<p class="muted">${esc(`${doc.assets.length} assets (${doc.assets.filter((a) => a.placeholder).length} stand-ins for segments without inventory) in ${s.assetClasses} classes; ${s.pairsEvaluated} class pairs with a pivot or industrial service open between them; zone matrix over ${s.matrixAtoms} address atoms. The full asset list is in the JSON and CSV exports.`)}</p>` +
    `</section>`
  );
}

export function renderHtml(doc: ReportDocument, options: HtmlOptions = {}): string {
  return htmlDocument(doc.title, doc.tool.version, [
    cover(doc),
    tocNav(tocEntries(doc), options.pages),
    summary(doc),
    zoneMap(doc),
    paths(doc),
    egress(doc),
    findings(doc),
    issues(doc),
    assumptions(doc),
    inventory(doc),
  ]);
}
