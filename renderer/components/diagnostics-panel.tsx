import { useMemo, useState, type ReactNode } from 'react';
import type { Diagnostic, Severity } from '../../models/diagnostics';
import {
  countSeverities,
  selectSetSeverityFilter,
  selectSeverityFilter,
  useAppStore,
  visibleDiagnostics,
  type FileEntry,
  type SeverityFilter,
} from '../store';
import { plural, SEVERITY_LABELS } from './labels';

const PAGE = 300;
const FILTERS: readonly SeverityFilter[] = ['all', 'error', 'warning', 'info'];

export interface DiagnosticsPanelProps {
  readonly files: readonly FileEntry[];
  readonly title: string;
  /** Offers "Export issues (CSV)" of these files' diagnostics when given. */
  readonly onExport?: (diagnostics: readonly Diagnostic[]) => void;
}

/** The import diagnostics of `files`: every line an importer could not use, cited by file and line. */
export function DiagnosticsPanel({ files, title, onExport }: DiagnosticsPanelProps): ReactNode {
  const filter = useAppStore(selectSeverityFilter);
  const setFilter = useAppStore(selectSetSeverityFilter);
  const [limit, setLimit] = useState(PAGE);

  const all = useMemo(() => files.flatMap((f) => f.diagnostics), [files]);
  const counts = useMemo(() => countSeverities(all), [all]);
  const rows = useMemo(() => visibleDiagnostics(files, filter), [files, filter]);
  const shown = rows.slice(0, limit);

  const countFor = (f: SeverityFilter): number => (f === 'all' ? all.length : counts[f]);

  return (
    <section className="card diagnostics" aria-labelledby="diagnostics-title">
      <header className="card-header">
        <div>
          <h2 id="diagnostics-title" className="section-title">
            {title}
          </h2>
          <p className="section-sub">
            Lines the importer skipped, could only approximate, or found suspicious. Nothing is dropped
            silently.
          </p>
        </div>
        <div className="segmented" role="group" aria-label="Filter by severity">
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
              className={f === 'all' ? undefined : `sev-${f}`}
            >
              {f === 'all' ? 'All' : SEVERITY_LABELS[f as Severity]}
              <span className="segment-count">{countFor(f)}</span>
            </button>
          ))}
        </div>
        {onExport && (
          <button
            type="button"
            className="button secondary small"
            disabled={all.length === 0}
            onClick={() => onExport(all)}
          >
            Export issues (CSV)
          </button>
        )}
      </header>
      {rows.length === 0 ? (
        <p className="empty-note">
          {all.length === 0 ? 'No issues: every line was understood.' : 'No issues of this severity.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table diagnostics-table">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Location</th>
                <th scope="col">Code</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d, i) => (
                <tr key={`${d.source.file}:${d.source.line}:${d.code}:${i}`}>
                  <td>
                    <span className={`severity ${d.severity}`}>{SEVERITY_LABELS[d.severity]}</span>
                  </td>
                  <td className="mono location">
                    {d.source.file}:{d.source.line}
                    {d.source.endLine > d.source.line && `–${d.source.endLine}`}
                  </td>
                  <td>
                    <code className="diag-code">{d.code}</code>
                    <span className="diag-stage">{d.stage}</span>
                  </td>
                  <td className="message">
                    <span>{d.message}</span>
                    {d.source.text.trim() !== '' && <code className="source-line">{d.source.text}</code>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > shown.length && (
        <div className="card-footer">
          Showing {shown.length.toLocaleString('en-US')} of {plural(rows.length, 'issue')}.{' '}
          <button type="button" className="button link" onClick={() => setLimit(rows.length)}>
            Show all
          </button>
        </div>
      )}
    </section>
  );
}
