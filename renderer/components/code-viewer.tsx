import { useMemo, type ReactNode } from 'react';
import type { SourceRef } from '../../models/diagnostics';
import { refKey } from '../analysis/types';

const CONTEXT = 4;
const MAX_LINE = 400;

export interface CodeViewerProps {
  readonly citation: SourceRef | null;
  readonly sources: Readonly<Record<string, string>>;
  readonly title?: string;
}

/** Lines of a file around a cited line: file name, line numbers, the cited lines marked. Plain text only. */
export function excerpt(
  text: string | undefined,
  ref: SourceRef,
  context = CONTEXT,
): { number: number; text: string; cited: boolean }[] {
  const end = Math.max(ref.line, ref.endLine);
  if (text === undefined) return [{ number: ref.line, text: ref.text, cited: true }];
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, ref.line - context);
  const last = Math.min(lines.length, end + context);
  const out: { number: number; text: string; cited: boolean }[] = [];
  for (let n = first; n <= last; n++) {
    const line = lines[n - 1] ?? '';
    out.push({
      number: n,
      text: line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line,
      cited: n >= ref.line && n <= end,
    });
  }
  return out;
}

export function CodeViewer({ citation, sources, title = 'Cited config lines' }: CodeViewerProps): ReactNode {
  const lines = useMemo(
    () => (citation ? excerpt(sources[citation.file], citation) : []),
    [citation, sources],
  );
  if (!citation)
    return (
      <section className="code-viewer empty" aria-label={title}>
        <p className="empty-note">Choose a rule citation to see its config lines.</p>
      </section>
    );
  return (
    <section className="code-viewer" aria-label={title} data-citation={refKey(citation)}>
      <header className="code-header">
        <span className="mono code-file">{citation.file}</span>
        <span className="code-line-ref">
          line {citation.line}
          {citation.endLine > citation.line ? `–${citation.endLine}` : ''}
        </span>
      </header>
      <pre className="code-body" tabIndex={0}>
        {lines.map((l) => (
          <div
            key={l.number}
            className={`code-line${l.cited ? ' cited' : ''}`}
            aria-current={l.cited ? 'true' : undefined}
          >
            <span className="code-number" aria-hidden="true">
              {l.number}
            </span>
            <code>{l.text || ' '}</code>
          </div>
        ))}
      </pre>
    </section>
  );
}

export interface RuleRefsProps {
  readonly refs: readonly SourceRef[];
  readonly current: SourceRef | null;
  readonly onShow: (ref: SourceRef) => void;
  readonly label?: string;
}

/** Citations as buttons: file:line and the cited text; the chosen one opens in the code viewer. */
export function RuleRefs({ refs, current, onShow, label = 'Rules' }: RuleRefsProps): ReactNode {
  if (refs.length === 0)
    return <p className="empty-note small">No rule cited (a default or implicit policy).</p>;
  const currentKey = current ? refKey(current) : null;
  return (
    <ul className="rule-refs" aria-label={label}>
      {refs.map((ref) => (
        <li key={refKey(ref)}>
          <button
            type="button"
            className="rule-ref"
            aria-pressed={currentKey === refKey(ref)}
            onClick={() => onShow(ref)}
          >
            <span className="mono rule-ref-loc">
              {ref.file}:{ref.line}
            </span>
            <span className="mono rule-ref-text">{ref.text.trim()}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
