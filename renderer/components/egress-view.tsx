import { useState, type ReactNode } from 'react';
import { RISK_SEVERITIES, type AnalysisView, type EgressView as Gap } from '../analysis/types';
import { selectCitation, selectFocusMap, selectShowCitation, selectSources, useAppStore } from '../store';
import { CodeViewer, RuleRefs } from './code-viewer';
import { plural } from './labels';
import { RISK_LABELS, SeverityBadge } from './severity';

function GapDetail({ gap }: { gap: Gap }): ReactNode {
  const citation = useAppStore(selectCitation);
  const show = useAppStore(selectShowCitation);
  const sources = useAppStore(selectSources);
  const focusMap = useAppStore(selectFocusMap);
  return (
    <div className="detail-pane">
      <h3 className="panel-title">
        {gap.asset} → {gap.resolver ?? gap.resolverIp}
      </h3>
      <p>{gap.message}</p>
      <dl className="facts">
        <dt>Host</dt>
        <dd>
          {gap.asset} <span className="mono muted">{gap.assetIp}</span>
          {gap.hostCount > 1 ? ` and ${gap.hostCount - 1} alike` : ''}
        </dd>
        <dt>Zone</dt>
        <dd>{gap.zone}</dd>
        <dt>Service</dt>
        <dd className="mono">{gap.service}</dd>
        <dt>Resolver</dt>
        <dd>
          {gap.resolver ?? 'any internet host'} <span className="mono muted">{gap.resolverIp}</span>
          {gap.alsoReachable > 0 ? ` (and ${gap.alsoReachable} other listed resolvers)` : ''}
        </dd>
      </dl>
      <h4 className="panel-subtitle">Path: the firewalls crossed</h4>
      <ol className="hop-devices ordered">
        {gap.devices.length === 0 && <li className="muted small">No firewall crossed.</li>}
        {gap.devices.map((d, i) => (
          <li key={i}>
            <span className="hop-device">{d.device}</span>{' '}
            <span className="muted small">
              in {d.in}
              {d.out ? ` · out ${d.out}` : ''}
            </span>
            {!d.rule && <span className="muted small"> · default policy</span>}
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button secondary small"
        onClick={() =>
          focusMap(
            {
              label: `${gap.asset} → internet`,
              zones: [gap.zone, 'internet'],
              edges: [[gap.zone, 'internet']],
            },
            'map',
          )
        }
      >
        Show on the zone map
      </button>
      <h4 className="panel-subtitle">Rules that allow it</h4>
      <RuleRefs refs={gap.rules} current={citation} onShow={show} />
      <CodeViewer citation={citation} sources={sources} />
    </div>
  );
}

export function EgressView({ view }: { view: AnalysisView }): ReactNode {
  const [selected, setSelected] = useState<string | null>(null);
  const show = useAppStore(selectShowCitation);
  const current = view.egress.find((g) => g.id === selected) ?? null;
  if (view.egress.length === 0)
    return (
      <p className="empty-note padded">
        No DNS egress gap: no host can reach public resolvers or raw internet DNS.
      </p>
    );
  return (
    <div className="list-detail">
      <section className="list-pane" aria-label="DNS egress gaps">
        {RISK_SEVERITIES.map((severity) => {
          const gaps = view.egress.filter((g) => g.severity === severity);
          if (gaps.length === 0) return null;
          return (
            <section key={severity} className="severity-group" aria-label={`${RISK_LABELS[severity]} gaps`}>
              <h3 className="group-title">
                <SeverityBadge severity={severity} /> {plural(gaps.length, 'gap')}
              </h3>
              <ul className="item-list">
                {gaps.map((g) => (
                  <li key={g.id}>
                    <button
                      type="button"
                      className="list-item"
                      aria-pressed={g.id === selected}
                      onClick={() => {
                        setSelected(g.id);
                        show(g.rules[0] ?? null);
                      }}
                    >
                      <span className="list-item-title">
                        {g.asset} <span className="muted">({g.zone})</span> ·{' '}
                        <span className="mono">{g.service}</span>
                      </span>
                      <span className="list-item-meta">{g.message}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </section>
      {current ? (
        <GapDetail gap={current} />
      ) : (
        <p className="empty-note padded">
          Select a gap to see the firewalls it crosses and the rules that allow it.
        </p>
      )}
    </div>
  );
}
