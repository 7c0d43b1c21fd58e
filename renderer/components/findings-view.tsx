import { useMemo, useState, type ReactNode } from 'react';
import { RISK_SEVERITIES, type AnalysisView, type FindingView, type RiskSeverity } from '../analysis/types';
import { selectCitation, selectFocusMap, selectShowCitation, selectSources, useAppStore } from '../store';
import { CodeViewer, RuleRefs } from './code-viewer';
import { plural } from './labels';
import { RISK_LABELS, SeverityBadge } from './severity';

function FindingDetail({ finding }: { finding: FindingView }): ReactNode {
  const citation = useAppStore(selectCitation);
  const show = useAppStore(selectShowCitation);
  const sources = useAppStore(selectSources);
  const focusMap = useAppStore(selectFocusMap);
  const zones = finding.zones;
  return (
    <div className="detail-pane">
      <h3 className="panel-title">
        <SeverityBadge severity={finding.severity} /> <span className="mono">{finding.code}</span>
      </h3>
      <p>{finding.message}</p>
      {finding.services && (
        <p className="small">
          Services: <span className="mono">{finding.services}</span>
        </p>
      )}
      {zones && (
        <button
          type="button"
          className="button secondary small"
          onClick={() =>
            focusMap(
              {
                label: `${zones[0]} → ${zones[1]}`,
                zones: [zones[0], zones[1]],
                edges: [[zones[0], zones[1]]],
              },
              'map',
            )
          }
        >
          Show {zones[0]} → {zones[1]} on the zone map
        </button>
      )}
      <h4 className="panel-subtitle">Rules</h4>
      <RuleRefs refs={finding.rules} current={citation} onShow={show} />
      <CodeViewer citation={citation} sources={sources} />
    </div>
  );
}

export function FindingsView({ view }: { view: AnalysisView }): ReactNode {
  const [severity, setSeverity] = useState<RiskSeverity | 'all'>('all');
  const [code, setCode] = useState('all');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const show = useAppStore(selectShowCitation);
  const codes = useMemo(() => [...new Set(view.findings.map((f) => f.code))].sort(), [view]);
  const q = query.trim().toLowerCase();
  const rows = view.findings.filter(
    (f) =>
      (severity === 'all' || f.severity === severity) &&
      (code === 'all' || f.code === code) &&
      (!q || f.message.toLowerCase().includes(q) || f.code.includes(q)),
  );
  const current = view.findings.find((f) => f.id === selected) ?? null;
  const countOf = (s: RiskSeverity | 'all'): number =>
    s === 'all' ? view.findings.length : view.findings.filter((f) => f.severity === s).length;
  return (
    <div className="list-detail">
      <section className="list-pane" aria-label="Findings">
        <div className="filters">
          <div className="segmented" role="group" aria-label="Severity">
            {(['all', ...RISK_SEVERITIES] as const)
              .filter((s) => s === 'all' || countOf(s) > 0)
              .map((s) => (
                <button key={s} type="button" aria-pressed={severity === s} onClick={() => setSeverity(s)}>
                  {s === 'all' ? 'All' : RISK_LABELS[s]} <span className="count">{countOf(s)}</span>
                </button>
              ))}
          </div>
          <label className="field-inline">
            Code{' '}
            <select value={code} onChange={(e) => setCode(e.target.value)} aria-label="Finding code">
              <option value="all">all codes</option>
              {codes.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <input
            type="search"
            className="search-input"
            placeholder="Search findings"
            aria-label="Search findings"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <p className="muted small" aria-live="polite">
          {plural(rows.length, 'finding')} shown
        </p>
        <ul className="item-list" aria-label="Finding list">
          {rows.map((f) => (
            <li key={f.id}>
              <button
                type="button"
                className="list-item"
                aria-pressed={f.id === selected}
                onClick={() => {
                  setSelected(f.id);
                  show(f.rules[0] ?? null);
                }}
              >
                <span className="list-item-title">
                  <SeverityBadge severity={f.severity} /> <span className="mono">{f.code}</span>
                </span>
                <span className="list-item-meta">{f.message}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {current ? (
        <FindingDetail finding={current} />
      ) : (
        <p className="empty-note padded">Select a finding to see its rules and its place on the map.</p>
      )}
    </div>
  );
}
