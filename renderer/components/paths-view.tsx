import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SourceRef } from '../../models/diagnostics';
import { refKey, type AnalysisView, type BlastView, type HopView, type PathView } from '../analysis/types';
import {
  selectAnalysis,
  selectCitation,
  selectMapFocus,
  selectPaths,
  selectPathsError,
  selectPathsStatus,
  selectQueryPaths,
  selectSelectPath,
  selectSelectedPath,
  selectShowCitation,
  selectSources,
  useAppStore,
} from '../store';
import { CodeViewer } from './code-viewer';
import { type EditTarget, useEditDialog } from './edit-dialog';
import { plural } from './labels';
import { SelectorPicker, selectorOptions } from './selector-picker';
import { SeverityBadge } from './severity';
import { ZoneMap } from './zone-map';

export function zoneChain(p: PathView): string {
  const zones = [p.hops[0]?.fromZone ?? '', ...p.hops.map((h) => h.toZone)];
  return zones.filter((z, i) => i === 0 || z !== zones[i - 1]).join(' → ');
}

/** `tcp/3389 (rdp)` -> `tcp/3389`: a hop's service in the project file's notation. */
const serviceTerm = (service: string): string => service.replace(/\s*\(.*\)$/, '');

/** The what-if target of a hop's rule: the rule itself, prefilled with the hop's flow. */
function hopTarget(
  view: AnalysisView | null,
  hop: HopView,
  device: string,
  rule: SourceRef,
): EditTarget | null {
  const r = view?.rules.find((x) => x.device === device && refKey(x.ref) === refKey(rule));
  if (!r) return null;
  return {
    device,
    rule: r.ruleId,
    where: `${rule.file}:${rule.line}`,
    text: rule.text,
    src: [hop.fromIp],
    dst: [hop.toIp],
    service: [serviceTerm(hop.service)],
  };
}

function WhatIfButton({
  target,
  open,
}: {
  target: EditTarget | null;
  open: (target: EditTarget) => void;
}): ReactNode {
  if (!target) return null;
  return (
    <button
      type="button"
      className="button secondary small what-if-button"
      aria-label={`What if: change ${target.device} ${target.where.replace(/:(\d+)$/, ' line $1')}`}
      onClick={() => open(target)}
    >
      What if…
    </button>
  );
}

export function Hops({ path }: { path: PathView }): ReactNode {
  const citation = useAppStore(selectCitation);
  const show = useAppStore(selectShowCitation);
  const analysis = useAppStore(selectAnalysis);
  const editor = useEditDialog();
  return (
    <>
      <ol className="hop-list" aria-label="Hops">
        {path.hops.map((h, i) => (
          <li key={i} className="hop">
            <div className="hop-head">
              <span className="hop-number">{i + 1}</span>
              <span>
                <strong>{h.from}</strong> <span className="muted">({h.fromZone})</span> →{' '}
                <strong>{h.to}</strong> <span className="muted">({h.toZone})</span>
              </span>
            </div>
            <div className="hop-meta">
              <span className="mono">{h.service}</span>
              <span className={`tag ${h.kind}`}>
                {h.kind === 'pivot' ? 'pivot (takes control)' : 'impact'}
              </span>
              {h.uncertain && <span className="tag uncertain">uncertain</span>}
              {h.routeAssumed && <span className="tag uncertain">route assumed</span>}
            </div>
            <ul className="hop-devices">
              {h.devices.length === 0 && <li className="muted small">No firewall crossed (same segment).</li>}
              {h.devices.map((d, k) => (
                <li key={k}>
                  <span className="hop-device">{d.device}</span>{' '}
                  <span className="muted small">
                    in {d.in}
                    {d.out ? ` · out ${d.out}` : ''}
                  </span>
                  {d.rule ? (
                    <div className="rule-ref-row">
                      <button
                        type="button"
                        className="rule-ref"
                        aria-pressed={citation?.file === d.rule.file && citation.line === d.rule.line}
                        onClick={() => show(d.rule)}
                      >
                        <span className="mono rule-ref-loc">
                          {d.rule.file}:{d.rule.line}
                        </span>
                        <span className="mono rule-ref-text">{d.rule.text.trim()}</span>
                      </button>
                      <WhatIfButton target={hopTarget(analysis, h, d.device, d.rule)} open={editor.open} />
                    </div>
                  ) : (
                    <span className="muted small"> default policy (no line)</span>
                  )}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {editor.dialog}
    </>
  );
}

/** What each foothold can take control of: the footholds to worry about first. */
function BlastRadius({ blast, footholds }: { blast: readonly BlastView[]; footholds: number }): ReactNode {
  const [open, setOpen] = useState(false);
  const shown = open ? blast : blast.slice(0, 5);
  return (
    <section className="blast" aria-label="Blast radius">
      <h3 className="panel-title">
        Blast radius{' '}
        <span className="muted small">
          what a foothold can take control of (one per class of {plural(footholds, 'foothold')} the rules
          treat alike)
        </span>
      </h3>
      <ol className="blast-list">
        {shown.map((b) => (
          <li key={b.foothold} className="blast-item">
            <span className="blast-head">
              <strong className="blast-name">{b.foothold}</strong>
              <span className="small">
                controls {plural(b.controlled, 'asset')} ·{' '}
                <span className={b.targetsReached > 0 ? 'hot' : undefined}>
                  reaches {plural(b.targetsReached, 'target')}
                </span>
              </span>
            </span>
            <span className="muted small mono">
              {b.byLevel.map(([level, n]) => `${level} ${n}`).join(' · ')}
            </span>
          </li>
        ))}
      </ol>
      {blast.length > 5 && (
        <button type="button" className="button link small" onClick={() => setOpen(!open)}>
          {open ? 'Show the top five' : `Show all ${blast.length} classes`}
        </button>
      )}
    </section>
  );
}

export function PathsView({ view }: { view: AnalysisView }): ReactNode {
  const paths = useAppStore(selectPaths);
  const status = useAppStore(selectPathsStatus);
  const error = useAppStore(selectPathsError);
  const query = useAppStore(selectQueryPaths);
  const selected = useAppStore(selectSelectedPath);
  const selectPath = useAppStore(selectSelectPath);
  const focus = useAppStore(selectMapFocus);
  const sources = useAppStore(selectSources);
  const citation = useAppStore(selectCitation);
  const options = useMemo(() => selectorOptions(view), [view]);
  const [from, setFrom] = useState<readonly string[]>(paths?.from ?? []);
  const [to, setTo] = useState<readonly string[]>(paths?.to ?? []);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  useEffect(() => {
    setFrom(view.paths.from);
    setTo(view.paths.to);
  }, [view]);

  const list = paths?.paths ?? [];
  const f = filter.trim().toLowerCase();
  const shown = f
    ? list.filter((p) => `${p.from} ${p.target} ${zoneChain(p)}`.toLowerCase().includes(f))
    : list;
  const current = list.find((p) => p.id === selected) ?? null;

  return (
    <div className="paths-view">
      <section className="paths-list-pane" aria-label="Footholds, targets and paths">
        <SelectorPicker
          label="Footholds"
          options={options}
          value={from}
          onChange={setFrom}
          emptyHint="Default: every IT asset"
        />
        <SelectorPicker
          label="Targets"
          options={options}
          value={to}
          onChange={setTo}
          emptyHint="Default: levels 0–2 and critical roles"
        />
        <div className="button-row">
          <button
            type="button"
            className="button primary small"
            onClick={() => void query(from, to)}
            disabled={status === 'running'}
          >
            {status === 'running' ? 'Searching…' : 'Find paths'}
          </button>
          <button
            type="button"
            className="button secondary small"
            onClick={() => {
              setFrom(view.paths.from);
              setTo(view.paths.to);
              void query(view.paths.from, view.paths.to);
            }}
          >
            Site defaults
          </button>
        </div>
        {error && (
          <p className="problem error" role="alert">
            {error}
          </p>
        )}
        <h3 className="panel-title">
          Ranked paths <span className="section-count">{plural(list.length, 'path')}</span>
          {paths && <span className="muted small"> from {plural(paths.footholds, 'foothold')}</span>}
        </h3>
        <input
          type="search"
          className="search-input"
          placeholder="Filter paths"
          aria-label="Filter paths"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {list.length === 0 && (
          <p className="empty-note small">No path from these footholds to these targets.</p>
        )}
        <ul className="path-list" aria-label="Paths">
          {shown.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="path-item"
                aria-pressed={p.id === selected}
                onClick={() => selectPath(p.id === selected ? null : p.id)}
              >
                <span className="path-item-head">
                  <SeverityBadge severity={p.severity} />
                  <span className="path-item-title">
                    {p.from} → {p.target}
                  </span>
                </span>
                <span className="path-item-meta">
                  {plural(p.hops.length, 'hop')} · {zoneChain(p)}
                  {p.alike > 0 ? ` · and ${p.alike} alike` : ''}
                  {p.uncertain ? ' · uncertain' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {paths && paths.unreachable.length > 0 && (
          <p className="muted small">Not reachable: {paths.unreachable.join(', ')}</p>
        )}
        {paths && paths.blast.length > 0 && <BlastRadius blast={paths.blast} footholds={paths.footholds} />}
      </section>
      <section className="hops-pane" aria-label="Path hops">
        {current ? (
          <>
            <h3 className="panel-title">
              {current.from} → {current.target}
            </h3>
            <Hops path={current} />
          </>
        ) : (
          <p className="empty-note">Select a path to see its hops and the rules that allow each.</p>
        )}
      </section>
      <div className="paths-side-pane">
        <div className="paths-map">
          <ZoneMap
            view={view}
            focus={focus}
            compact
            onPick={(p) => setPicked(p && p.kind !== 'conduit' ? p.zone : null)}
          />
          {picked && (
            <div className="map-pick-actions" role="group" aria-label={`Use zone ${picked}`}>
              <span className="small">
                Zone <strong>{picked}</strong>:
              </span>
              <button
                type="button"
                className="button secondary small"
                disabled={from.includes(picked)}
                onClick={() => setFrom([...from, picked])}
              >
                Add as foothold
              </button>
              <button
                type="button"
                className="button secondary small"
                disabled={to.includes(picked)}
                onClick={() => setTo([...to, picked])}
              >
                Add as target
              </button>
            </div>
          )}
        </div>
        <CodeViewer citation={citation} sources={sources} />
      </div>
    </div>
  );
}
