import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useHost } from '../host';
import { selectFiles, selectProgress, useAppStore, workspaceTotals } from '../store';
import { plural } from './labels';

/** Import progress while the worker runs; totals otherwise. A polite live region. */
export function StatusBar(): ReactNode {
  const host = useHost();
  const [about, setAbout] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    host
      .describe()
      .then((text) => live && setAbout(text))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [host]);
  const progress = useAppStore(selectProgress);
  const files = useAppStore(selectFiles);
  const totals = useMemo(() => workspaceTotals(files), [files]);

  return (
    <footer className="status-bar">
      <div role="status" aria-live="polite" className="status-text">
        {progress ? (
          <>
            <progress max={progress.total} value={progress.done} aria-label="Import progress" />
            <span>
              Importing {progress.done + 1 > progress.total ? progress.total : progress.done + 1} of{' '}
              {progress.total}
              {progress.current !== null && <span className="mono"> — {progress.current}</span>}
            </span>
          </>
        ) : files.length === 0 ? (
          <span>Ready</span>
        ) : (
          <span>
            {plural(totals.files, 'file')} · {plural(totals.devices, 'device')} ·{' '}
            {plural(totals.rules, 'rule')} · {plural(totals.diagnostics.error, 'error')} ·{' '}
            {plural(totals.diagnostics.warning, 'warning')}
          </span>
        )}
      </div>
      <span className="status-host" title={about}>
        {host.kind === 'electron' ? 'Desktop' : 'Browser'} · offline
      </span>
    </footer>
  );
}
