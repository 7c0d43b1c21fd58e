import { useMemo, useState, type ReactNode } from 'react';
import type { AnalysisView, RiskSeverity } from '../analysis/types';
import { levelLabel, riskByZonePair, edgeId } from '../map/elements';
import { RISK_STYLE } from '../map/style';
import {
  selectCitation,
  selectFocusMap,
  selectMapFocus,
  selectShowCitation,
  selectSources,
  useAppStore,
} from '../store';
import { CodeViewer, RuleRefs } from './code-viewer';
import { plural } from './labels';
import { RISK_LABELS } from './severity';
import { ZoneMap, type MapPick } from './zone-map';

const ASSET_PAGE = 200;

function Legend(): ReactNode {
  const entries: (RiskSeverity | 'none')[] = ['critical', 'high', 'medium', 'low', 'none'];
  return (
    <div className="map-legend" aria-label="Conduit risk legend">
      {entries.map((r) => (
        <span key={r} className="legend-item">
          <svg width="34" height="10" aria-hidden="true" focusable="false">
            <line
              x1="1"
              y1="5"
              x2="33"
              y2="5"
              stroke={RISK_STYLE[r].color}
              strokeWidth={Math.min(RISK_STYLE[r].width, 6)}
              strokeDasharray={
                RISK_STYLE[r].line === 'dashed' ? '6 3' : RISK_STYLE[r].line === 'dotted' ? '2 3' : undefined
              }
            />
          </svg>
          {r === 'none' ? 'no finding' : RISK_LABELS[r]}
        </span>
      ))}
    </div>
  );
}

function SegmentAssets({ view, segment }: { view: AnalysisView; segment: string }): ReactNode {
  const [query, setQuery] = useState('');
  const assets = useMemo(
    () => view.assets.filter((a) => a.segment === segment && !a.placeholder),
    [view, segment],
  );
  const q = query.trim().toLowerCase();
  const shown = assets.filter(
    (a) => !q || a.name.toLowerCase().includes(q) || a.ip.includes(q) || (a.role ?? '').includes(q),
  );
  return (
    <div className="segment-assets">
      <h4 className="panel-subtitle">
        Assets in <span className="mono">{segment}</span> ({assets.length.toLocaleString('en-US')})
      </h4>
      {assets.length > 12 && (
        <input
          className="search-input"
          type="search"
          placeholder="Filter assets"
          aria-label="Filter assets"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      )}
      {assets.length === 0 ? (
        <p className="empty-note small">No inventory asset; the analysis uses a stand-in host.</p>
      ) : (
        <ul className="asset-list">
          {shown.slice(0, ASSET_PAGE).map((a) => (
            <li key={a.ip}>
              <span className="asset-name">{a.name}</span> <span className="mono muted">{a.ip}</span>
              {a.role && <span className="tag">{a.role}</span>}
            </li>
          ))}
          {shown.length > ASSET_PAGE && <li className="muted">… and {shown.length - ASSET_PAGE} more</li>}
        </ul>
      )}
    </div>
  );
}

function PickDetails({ view, pick }: { view: AnalysisView; pick: MapPick }): ReactNode {
  const sources = useAppStore(selectSources);
  const citation = useAppStore(selectCitation);
  const show = useAppStore(selectShowCitation);
  if (pick.kind === 'conduit') {
    const c = view.conduits.find((x) => x.from === pick.from && x.to === pick.to);
    if (!c) return null;
    const risk = riskByZonePair(view.findings).get(edgeId(c.from, c.to));
    const findings = view.findings.filter((f) => f.zones && f.zones[0] === c.from && f.zones[1] === c.to);
    return (
      <div className="pick-details">
        <h3 className="panel-title">
          {c.from} → {c.to}
        </h3>
        <p className="mono services">{c.services}</p>
        <p className="muted small">
          {risk ? `Worst finding: ${RISK_LABELS[risk]}` : 'No finding on this conduit'}
          {c.flat ? ' · shares a segment (no firewall between)' : ''}
          {c.uncertain ? ' · some verdicts uncertain' : ''}
        </p>
        {findings.length > 0 && (
          <ul className="plain-list small">
            {findings.map((f) => (
              <li key={f.id}>
                <span className={`risk-dot risk-${f.severity}`} aria-hidden="true" /> {f.message}
              </li>
            ))}
          </ul>
        )}
        <h4 className="panel-subtitle">Rules that open it</h4>
        <RuleRefs refs={c.rules} current={citation} onShow={show} />
        <CodeViewer citation={citation} sources={sources} />
      </div>
    );
  }
  const z = view.zones.find((x) => x.name === pick.zone);
  if (!z) return null;
  return (
    <div className="pick-details">
      <h3 className="panel-title">
        {z.name} <span className="muted">· {levelLabel(z.level)}</span>
      </h3>
      <p className="muted small">
        {z.kind ?? 'kind unknown'} · {plural(z.segments.length, 'segment')} · {plural(z.assetCount, 'asset')}
        {z.inferred ? ` · inferred: ${z.basis}` : ''}
      </p>
      <ul className="plain-list small">
        {z.segments.map((s) => (
          <li key={s.id}>
            <span className="mono">{s.id}</span> · {plural(s.assetCount, 'asset')}
            {s.devices.length > 0 && <span className="muted"> · {s.devices.join(', ')}</span>}
          </li>
        ))}
      </ul>
      {pick.kind === 'segment' && <SegmentAssets view={view} segment={pick.segment} />}
    </div>
  );
}

/** The zone map with its side panel: legend, zones (keyboard access to the map), what is picked. */
export function MapView({ view }: { view: AnalysisView }): ReactNode {
  const focus = useAppStore(selectMapFocus);
  const focusMap = useAppStore(selectFocusMap);
  const [pick, setPick] = useState<MapPick | null>(null);

  const onPick = (p: MapPick | null): void => {
    setPick(p);
    if (!p) return focusMap(null);
    if (p.kind === 'conduit')
      focusMap({ label: `${p.from} → ${p.to}`, zones: [p.from, p.to], edges: [[p.from, p.to]] });
    else focusMap({ label: p.zone, zones: [p.zone], edges: [] });
  };

  const pickedZone = pick && pick.kind !== 'conduit' ? pick.zone : null;
  return (
    <div className="map-view">
      <div className="map-pane">
        <ZoneMap view={view} focus={focus} onPick={onPick} />
        <Legend />
      </div>
      <aside className="side-panel" aria-label="Map details">
        {focus && (
          <button type="button" className="button secondary small clear-focus" onClick={() => onPick(null)}>
            Clear highlight
          </button>
        )}
        {pick ? <PickDetails view={view} pick={pick} /> : null}
        <h3 className="panel-title">Zones</h3>
        <ul className="zone-list" aria-label="Zones">
          {view.zones.map((z) => (
            <li key={z.name}>
              <button
                type="button"
                className="nav-item zone-item"
                aria-current={pickedZone === z.name ? 'true' : undefined}
                onClick={() => onPick({ kind: 'zone', zone: z.name })}
              >
                <span className={`zone-swatch kind-${z.kind ?? 'unknown'}`} aria-hidden="true" />
                <span className="zone-item-name">{z.name}</span>
                <span className="zone-item-meta">
                  {levelLabel(z.level)} · {plural(z.assetCount, 'asset')}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <h3 className="panel-title">Conduits</h3>
        <ul className="zone-list" aria-label="Conduits">
          {view.conduits
            .filter((c) => c.from !== c.to)
            .map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="nav-item zone-item"
                  onClick={() => onPick({ kind: 'conduit', from: c.from, to: c.to })}
                >
                  <span className="zone-item-name">
                    {c.from} → {c.to}
                  </span>
                  <span className="zone-item-meta mono">{c.services}</span>
                </button>
              </li>
            ))}
        </ul>
      </aside>
    </div>
  );
}
