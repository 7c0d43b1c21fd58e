import { useMemo, useState, type ReactNode } from 'react';
import type { AnalysisView, RuleView } from '../analysis/types';
import { refKey } from '../analysis/types';
import { selectCitation, selectShowCitation, selectSources, useAppStore, type FileEntry } from '../store';
import { useEditDialog } from './edit-dialog';
import { CodeViewer } from './code-viewer';
import { DiagnosticsPanel } from './diagnostics-panel';
import { plural, vendorLabel } from './labels';

const PAGE = 250;

const haystack = (r: RuleView): string =>
  [
    r.device,
    r.vendor,
    r.list,
    r.binding,
    r.action,
    r.source,
    r.destination,
    r.service,
    r.label ?? '',
    r.ref.text,
    `${r.ref.file}:${r.ref.line}`,
  ]
    .join('\u0000')
    .toLowerCase();

/** Every device's rules, searchable, with how many paths and gaps of the analysis cite each. */
export function RulesView({ view }: { view: AnalysisView }): ReactNode {
  const sources = useAppStore(selectSources);
  const citation = useAppStore(selectCitation);
  const show = useAppStore(selectShowCitation);
  const [query, setQuery] = useState('');
  const [device, setDevice] = useState('all');
  const [citedOnly, setCitedOnly] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const editor = useEditDialog();
  const index = useMemo(() => view.rules.map((r) => ({ rule: r, text: haystack(r) })), [view]);
  const devices = useMemo(() => [...new Set(view.rules.map((r) => r.device))].sort(), [view]);
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const rows = index
    .filter(
      ({ rule, text }) =>
        (device === 'all' || rule.device === device) &&
        (!citedOnly || rule.paths + rule.gaps > 0) &&
        terms.every((t) => text.includes(t)),
    )
    .map((x) => x.rule);
  const currentKey = citation ? refKey(citation) : null;
  // The site's issues (every file as the analysis read it, then the site model's own) in the
  // import view's diagnostics panel.
  const issues = useMemo<FileEntry[]>(
    () => [
      {
        id: 'site',
        name: view.site,
        size: 0,
        status: 'imported',
        vendor: null,
        inputKind: null,
        devices: [],
        diagnostics: view.issues,
        error: null,
        durationMs: null,
      },
    ],
    [view],
  );

  return (
    <div className="rules-view">
      <section className="rules-pane" aria-label="Rules">
        <div className="filters">
          <input
            type="search"
            className="search-input wide"
            placeholder="Search rules: device, address, port, text…"
            aria-label="Search rules"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setLimit(PAGE);
            }}
          />
          <label className="field-inline">
            Device{' '}
            <select value={device} onChange={(e) => setDevice(e.target.value)} aria-label="Device">
              <option value="all">all devices</option>
              {devices.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label className="field-inline">
            <input type="checkbox" checked={citedOnly} onChange={(e) => setCitedOnly(e.target.checked)} />{' '}
            cited by the analysis
          </label>
          <span className="muted small" aria-live="polite">
            {plural(rows.length, 'rule')} of {view.rules.length.toLocaleString('en-US')}
          </span>
        </div>
        <div className="table-scroll">
          <table className="data-table rules-table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">List / binding</th>
                <th scope="col">Line</th>
                <th scope="col">Action</th>
                <th scope="col">Source</th>
                <th scope="col">Destination</th>
                <th scope="col">Service</th>
                <th scope="col" className="num" title="Paths of the current analysis that cite the rule">
                  Paths
                </th>
                <th scope="col" className="num" title="DNS egress gaps that cite the rule">
                  Gaps
                </th>
                <th scope="col">
                  <span className="sr-only">What-if</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, limit).map((r) => (
                <tr key={r.id} className={currentKey === refKey(r.ref) ? 'is-current' : undefined}>
                  <td className="nowrap">
                    <span className="cell-strong">{r.device}</span>
                    <span className="cell-sub">{vendorLabel(r.vendor)}</span>
                  </td>
                  <td className="clip-wide" title={`${r.list}: ${r.binding}`}>
                    <span className="mono">
                      {r.list} <span className="muted">#{r.position}</span>
                    </span>
                    <span className="cell-sub">{r.binding}</span>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link-button mono"
                      aria-label={`Show ${r.ref.file} line ${r.ref.line}`}
                      title={`${r.ref.file}:${r.ref.line}`}
                      onClick={() => show(r.ref)}
                    >
                      {r.ref.line}
                    </button>
                  </td>
                  <td className="action-cell">
                    <span className={`action action-${r.action.split(' ')[0]}`}>{r.action}</span>
                    {r.uncertain && <span className="tag uncertain">uncertain</span>}
                    {r.edits.map((m) => (
                      <span key={m} className={`tag edit-mark edit-${m}`} title="what-if edit">
                        {m === 'deny-above' ? 'deny above' : m}
                      </span>
                    ))}
                  </td>
                  <td className="mono clip" title={r.source}>
                    {r.source}
                  </td>
                  <td className="mono clip" title={r.destination}>
                    {r.destination}
                  </td>
                  <td className="mono clip" title={r.service}>
                    {r.service}
                  </td>
                  <td className={`num${r.paths > 0 ? ' hot' : ''}`}>{r.paths}</td>
                  <td className={`num${r.gaps > 0 ? ' hot' : ''}`}>{r.gaps}</td>
                  <td>
                    <button
                      type="button"
                      className="button secondary small what-if-button"
                      aria-label={`What if: change ${r.device} ${r.list} rule ${r.position}`}
                      onClick={() =>
                        editor.open({
                          device: r.device,
                          rule: r.ruleId,
                          where: `${r.ref.file}:${r.ref.line}`,
                          text: r.ref.text,
                          src: r.terms.src,
                          dst: r.terms.dst,
                          service: r.terms.service,
                        })
                      }
                    >
                      What if…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length > limit && (
          <button type="button" className="button secondary small" onClick={() => setLimit(limit + PAGE)}>
            Show {Math.min(PAGE, rows.length - limit)} more
          </button>
        )}
        {rows.length === 0 && <p className="empty-note">No rule matches.</p>}
      </section>
      {editor.dialog}
      <aside className="rules-side" aria-label="Rule source and import issues">
        <CodeViewer citation={citation} sources={sources} />
        <DiagnosticsPanel files={issues} title="Import issues" />
      </aside>
    </div>
  );
}
