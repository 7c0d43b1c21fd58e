import type { SourceRef } from '../diagnostics';
import type { PurdueLevel } from '../topology/inputs/types';
import { levelName } from './build';
import type { ReportEgress, ReportFinding, ReportHopDevice, ReportPath } from './document';
import { REPORT_CSS } from './html-style';
import { anchor, esc, escLine } from './text';

/**
 * The building blocks of the HTML reports (the site report and the before/after comparison):
 * every string from the inputs goes through `esc` here.
 */

export interface TocEntry {
  readonly id: string;
  readonly title: string;
}

/** No script, no external resource of any kind: only the inline stylesheet and data: images. */
export const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export const levelShort = (l: PurdueLevel | null): string =>
  l === null ? 'unknown' : l === 'internet' ? 'internet' : `L${l}`;
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
export const sev = (s: string): string => `<span class="sev sev-${esc(s)}">${esc(s)}</span>`;
export const yes = (b: boolean, label: string): string =>
  b ? `<span class="flag">${esc(label)}</span>` : '';
export const cite = (r: SourceRef | null): string =>
  r
    ? `<span class="cite">${escLine(r.file)}:${r.line}</span>`
    : '<span class="muted">no rule (default)</span>';
export const ruleText = (r: SourceRef | null): string => (r ? `<code>${esc(r.text)}</code>` : '');

export function table(
  head: readonly string[],
  widths: readonly number[],
  rows: readonly string[],
  empty: string,
): string {
  if (rows.length === 0) return `<p class="muted">${esc(empty)}</p>`;
  return (
    `<table><colgroup>${widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>` +
    `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

export const tr = (cells: readonly string[], cls = ''): string =>
  `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;

/** The contents page: a link per section and, once known (the PDF's second print), its page. */
export function tocNav(
  entries: readonly TocEntry[],
  pages: Readonly<Record<string, number>> | undefined,
): string {
  const items = entries.map(
    (e, i) =>
      `<li><a href="#${e.id}"><span class="n">${i + 1}</span> ${esc(e.title)}</a><span class="pg">${pages?.[e.id] !== undefined ? esc(pages[e.id]) : ''}</span></li>`,
  );
  return `<nav class="toc" id="sec-toc"><h2>Contents</h2><ol>${items.join('')}</ol></nav>`;
}

export function deviceRows(devices: readonly ReportHopDevice[]): string {
  if (devices.length === 0) return '<span class="muted">same segment: no firewall on the way</span>';
  return devices
    .map(
      (d) =>
        `<div class="dev"><b>${escLine(d.device)}</b> <span class="muted">${escLine(d.in)} → ${escLine(d.out ?? '(device)')}</span> ${cite(d.rule)}${d.rule ? `<br>${ruleText(d.rule)}` : ''}</div>`,
    )
    .join('');
}

export function pathBlock(p: ReportPath): string {
  const rows = p.hops.map((h) =>
    tr([
      esc(h.index),
      `${escLine(h.from)}<br><span class="muted">${esc(h.fromIp)} · ${escLine(h.fromZone)}</span>`,
      `${escLine(h.to)}<br><span class="muted">${esc(h.toIp)} · ${escLine(h.toZone)}</span>`,
      `<code>${esc(h.service)}</code><br><span class="muted">${esc(h.kind)}</span> ${yes(h.uncertain, 'uncertain')} ${yes(h.routeAssumed, 'route assumed')}`,
      deviceRows(h.devices),
    ]),
  );
  const role = p.targetRole ? ` ${p.targetRole}` : '';
  return (
    `<div class="path" id="${anchor(p.id)}"><h3>${esc(p.id)} ${sev(p.severity)} ${escLine(p.from)} → ${escLine(p.to)} ` +
    `<span class="muted">(${esc(p.targetIp)}, ${esc(levelName(p.targetLevel))}${escLine(role)}, ${p.hops.length} hop${p.hops.length === 1 ? '' : 's'})</span></h3>` +
    table(
      ['#', 'From', 'To', 'Service', 'Devices crossed and the rule that allows the hop'],
      [4, 17, 17, 14, 48],
      rows,
      '',
    ) +
    `</div>`
  );
}

export const EGRESS_HEAD = ['Gap', 'Channel', 'Host', 'Resolver', 'Evidence'];
export const EGRESS_WIDTHS = [10, 12, 18, 17, 43];

export function egressRows(gaps: readonly ReportEgress[]): string[] {
  return gaps.map((g) =>
    tr([
      `<span id="${anchor(g.id)}">${esc(g.id)}</span><br>${sev(g.severity)}`,
      `<b>${esc(g.kind)}</b><br><code>${esc(g.service)}</code>`,
      `${escLine(g.asset)}<br><span class="muted">${esc(g.assetIp)} · ${escLine(g.zone)}${g.hosts.length > 1 ? esc(` · ${g.hosts.length} hosts`) : ''}</span>`,
      `${escLine(g.resolver ?? 'any internet host')}<br><span class="muted">${esc(g.resolverIp)}</span>${g.alsoReachable.length > 0 ? `<br><span class="muted">also: ${escLine(g.alsoReachable.slice(0, 8).join(', '))}${g.alsoReachable.length > 8 ? '…' : ''}</span>` : ''}`,
      `<div class="msg">${esc(g.message)} ${yes(g.assumedEndpoint, 'endpoint assumed')} ${yes(g.uncertain, 'uncertain')} ${yes(g.routeAssumed, 'route assumed')}</div>${deviceRows(g.devices)}`,
    ]),
  );
}

export function findingRows(fs: readonly ReportFinding[]): string[] {
  return fs.map((f) =>
    tr([
      `<span id="${anchor(f.id)}">${esc(f.id)}</span><br>${sev(f.severity)}`,
      `<code>${esc(f.code)}</code>`,
      `${esc(f.message)}${f.zones.length > 0 ? `<br><span class="muted">zones: ${escLine(f.zones.join(' → '))}</span>` : ''}`,
      f.rules.length === 0
        ? '<span class="muted">—</span>'
        : f.rules.map((r) => `<div class="dev">${cite(r)}<br>${ruleText(r)}</div>`).join(''),
    ]),
  );
}

/** A whole HTML document around the sections. */
export function htmlDocument(title: string, version: string, sections: readonly string[]): string {
  return (
    '<!DOCTYPE html>\n' +
    `<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `<meta name="generator" content="conduit ${esc(version)}">` +
    `<title>${escLine(title)} — Conduit report</title><style>${REPORT_CSS}</style></head><body>\n` +
    sections.join('\n') +
    '\n</body></html>\n'
  );
}
