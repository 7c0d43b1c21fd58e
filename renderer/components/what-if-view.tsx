import { useState, type ReactNode } from 'react';
import type { ProjectEdit } from '../../models/project';
import type { AnalysisView, PathView } from '../analysis/types';
import {
  selectAnalysisStatus,
  selectApplyRemediation,
  selectClearEdits,
  selectCitation,
  selectEdits,
  selectRedo,
  selectRedoLabel,
  selectRemediate,
  selectRemediation,
  selectRemoveEdit,
  selectShowCitation,
  selectSources,
  selectUndo,
  selectUndoLabel,
  useAppStore,
} from '../store';
import { editLabel } from '../store/project-slice';
import { CodeViewer } from './code-viewer';
import { plural } from './labels';
import { Hops, zoneChain } from './paths-view';
import { SeverityBadge } from './severity';

function editDetail(edit: ProjectEdit): string | null {
  if (edit.kind === 'disable') return null;
  const parts: string[] = [];
  if (edit.src) parts.push(`source ${edit.src.join(', ')}`);
  if (edit.dst) parts.push(`destination ${edit.dst.join(', ')}`);
  if (edit.service) parts.push(`service ${edit.service.join(' ')}`);
  return parts.join(' · ');
}

function PathChanges({
  title,
  paths,
  tone,
  empty,
}: {
  title: string;
  paths: readonly PathView[];
  tone: 'closed' | 'opened' | 'rerouted';
  empty: string;
}): ReactNode {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className={`whatif-changes ${tone}`} aria-label={title}>
      <h3 className="panel-title">
        {title} <span className="section-count">{paths.length}</span>
      </h3>
      {paths.length === 0 && <p className="muted small">{empty}</p>}
      <ul className="path-list">
        {paths.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className="path-item"
              aria-expanded={open === p.id}
              onClick={() => setOpen(open === p.id ? null : p.id)}
            >
              <span className="path-item-head">
                <span className={`change-mark ${tone}`} aria-hidden="true">
                  {tone === 'closed' ? '✓' : tone === 'opened' ? '!' : '↷'}
                </span>
                <SeverityBadge severity={p.severity} />
                <span className="path-item-title">
                  {p.from} → {p.target}
                </span>
              </span>
              <span className="path-item-meta">
                {plural(p.hops.length, 'hop')} · {zoneChain(p)}
              </span>
            </button>
            {open === p.id && <Hops path={p} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Remediation(): ReactNode {
  const remediation = useAppStore(selectRemediation);
  const remediate = useAppStore(selectRemediate);
  const apply = useAppStore(selectApplyRemediation);
  const show = useAppStore(selectShowCitation);
  const status = useAppStore(selectAnalysisStatus);
  return (
    <section className="whatif-fix" aria-label="Suggested fix">
      <h3 className="panel-title">Suggested fix</h3>
      <p className="muted small">
        The fewest permit rules whose removal leaves no path from the footholds to the targets, on the current
        site (with the edits above), checked by running the analysis again without them.
      </p>
      <button
        type="button"
        className="button secondary small"
        onClick={() => void remediate()}
        disabled={remediation.status === 'running' || status === 'running'}
      >
        {remediation.status === 'running' ? 'Searching…' : 'Find rules to remove'}
      </button>
      {remediation.status === 'failed' && (
        <p className="problem error" role="alert">
          {remediation.message}
        </p>
      )}
      {remediation.status === 'done' && (
        <div className="fix-result" role="status">
          {remediation.result.rules.length === 0 ? (
            <p className="small">No path to close: nothing to remove.</p>
          ) : (
            <>
              <p className="small">
                Removing {plural(remediation.result.rules.length, 'rule')} takes the paths from{' '}
                {remediation.result.pathsBefore} to {remediation.result.pathsAfter}
                {remediation.result.closesAll ? ' — every path closed' : ' — some paths remain'}
                {remediation.result.minimum
                  ? '; no smaller set of rules does it (proven).'
                  : remediation.result.closesAll
                    ? '; a small set, not proven the smallest.'
                    : '.'}
              </p>
              <ol className="fix-rules">
                {remediation.result.rules.map((r) => (
                  <li key={`${r.device}\u0000${r.ruleId}`}>
                    <button type="button" className="rule-ref" onClick={() => show(r.ref)}>
                      <span className="mono rule-ref-loc">
                        {r.device} · {r.ref.file}:{r.ref.line} · used by {plural(r.paths, 'path')}
                      </span>
                      <span className="mono rule-ref-text">{r.ref.text.trim()}</span>
                    </button>
                  </li>
                ))}
              </ol>
              <button type="button" className="button primary small" onClick={apply}>
                Disable these rules (what-if)
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The what-if edits, the paths they close and open, and a suggested fix. */
export function WhatIfView({ view }: { view: AnalysisView }): ReactNode {
  const edits = useAppStore(selectEdits);
  const remove = useAppStore(selectRemoveEdit);
  const clear = useAppStore(selectClearEdits);
  const undo = useAppStore(selectUndo);
  const redo = useAppStore(selectRedo);
  const undoLabel = useAppStore(selectUndoLabel);
  const redoLabel = useAppStore(selectRedoLabel);
  const status = useAppStore(selectAnalysisStatus);
  const sources = useAppStore(selectSources);
  const citation = useAppStore(selectCitation);
  const show = useAppStore(selectShowCitation);
  const whatIf = view.whatIf;
  const problems = new Map((whatIf?.problems ?? []).map((p) => [p.index, p.message]));
  const ruleOf = (e: ProjectEdit) => view.rules.find((r) => r.device === e.device && r.ruleId === e.rule);

  return (
    <div className="whatif-view">
      <section className="whatif-pane" aria-label="What-if edits">
        <div className="whatif-head">
          <h3 className="panel-title">
            Edits <span className="section-count">{edits.length}</span>
          </h3>
          <div className="button-row">
            <button
              type="button"
              className="button secondary small"
              onClick={undo}
              disabled={undoLabel === null}
              title={undoLabel ? `Undo ${undoLabel}` : 'Nothing to undo'}
            >
              Undo
            </button>
            <button
              type="button"
              className="button secondary small"
              onClick={redo}
              disabled={redoLabel === null}
              title={redoLabel ? `Redo ${redoLabel}` : 'Nothing to redo'}
            >
              Redo
            </button>
            <button
              type="button"
              className="button secondary small"
              onClick={clear}
              disabled={edits.length === 0}
            >
              Clear all
            </button>
          </div>
        </div>
        {edits.length === 0 ? (
          <p className="empty-note small">
            No edits. Use <strong>What if…</strong> on a path's hop or on a row of the Rules table to disable
            a rule, narrow it or add a deny above it; the site is analysed again and the paths it closes and
            opens show here. Edits are saved with the project and can be undone.
          </p>
        ) : (
          <ol className="edit-list">
            {edits.map((e, i) => {
              const rule = ruleOf(e);
              const detail = editDetail(e);
              return (
                <li key={i} className={`edit-item${problems.has(i) ? ' has-problem' : ''}`}>
                  <div className="edit-item-head">
                    <span className={`tag edit-${e.kind}`}>
                      {e.kind === 'deny-above' ? 'deny above' : e.kind}
                    </span>
                    <span className="edit-item-title">
                      <strong>{e.device}</strong> <span className="mono small">{e.rule}</span>
                    </span>
                    <button
                      type="button"
                      className="button secondary small"
                      onClick={() => remove(i)}
                      aria-label={`Remove edit: ${editLabel(e)}`}
                    >
                      Remove
                    </button>
                  </div>
                  {detail && <p className="mono small">{detail}</p>}
                  {e.note && <p className="small muted">{e.note}</p>}
                  {rule && (
                    <button type="button" className="rule-ref" onClick={() => show(rule.ref)}>
                      <span className="mono rule-ref-loc">
                        {rule.ref.file}:{rule.ref.line}
                      </span>
                      <span className="mono rule-ref-text">{rule.ref.text.trim()}</span>
                    </button>
                  )}
                  {problems.has(i) && (
                    <p className="problem error small" role="alert">
                      Not applied: {problems.get(i)}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        )}
        <Remediation />
      </section>
      <section className="whatif-diff" aria-label="What the edits change" aria-busy={status === 'running'}>
        {whatIf ? (
          <>
            <p className="whatif-summary" role="status">
              <strong>{plural(whatIf.closed.length, 'path')} closed</strong>,{' '}
              <strong>{plural(whatIf.opened.length, 'path')} opened</strong> by {plural(whatIf.edits, 'edit')}
              {whatIf.nowShortest.length > 0 &&
                ` · ${plural(whatIf.nowShortest.length, 'longer route')} open all along now listed`}
              {whatIf.targetsNowUnreachable.length > 0 &&
                ` · no longer reachable: ${whatIf.targetsNowUnreachable.join(', ')}`}
              {whatIf.targetsNowReachable.length > 0 &&
                ` · newly reachable: ${whatIf.targetsNowReachable.join(', ')}`}
            </p>
            <PathChanges
              title="Paths closed"
              paths={whatIf.closed}
              tone="closed"
              empty="These edits close no path."
            />
            <PathChanges
              title="Paths opened"
              paths={whatIf.opened}
              tone="opened"
              empty="These edits open no path."
            />
            {(whatIf.nowShortest.length > 0 || whatIf.displaced.length > 0) && (
              <PathChanges
                title="Open before and after (only their rank among the shortest changed)"
                paths={[...whatIf.nowShortest, ...whatIf.displaced]}
                tone="rerouted"
                empty=""
              />
            )}
          </>
        ) : (
          <p className="empty-note">
            {status === 'running' ? 'Analysing with the edits…' : 'The difference the edits make shows here.'}
          </p>
        )}
      </section>
      <div className="whatif-side">
        <CodeViewer citation={citation} sources={sources} />
      </div>
    </div>
  );
}
