import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { AppHeader } from './components/app-header';
import { Notices } from './components/notices';
import { Sidebar } from './components/sidebar';
import { StatusBar } from './components/status-bar';
import { useFileDrop } from './components/use-file-drop';
import { Welcome } from './components/welcome';
import { AnalysisViews } from './components/analysis-views';
import { loadExampleSite } from './examples/example-site';
import { takeFirstStart } from './first-start';
import { diagnosticsToCsv } from './export/diagnostics-csv';
import { useHost, type OpenResult } from './host';
import {
  selectClearWorkspace,
  selectFiles,
  selectNotify,
  selectOpenFiles,
  selectTab,
  useAppStore,
} from './store';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const OPEN_SHORTCUT = isMac ? '⌘O' : 'Ctrl+O';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function App(): ReactNode {
  const host = useHost();
  const files = useAppStore(selectFiles);
  const openFiles = useAppStore(selectOpenFiles);
  const clearWorkspace = useAppStore(selectClearWorkspace);
  const notify = useAppStore(selectNotify);
  const tab = useAppStore(selectTab);

  const ingest = useCallback(
    async (result: OpenResult): Promise<void> => {
      for (const error of result.errors) notify('error', `${error.name}: ${error.message}`);
      await openFiles(result.files);
    },
    [notify, openFiles],
  );

  const open = useCallback((): void => {
    host
      .openFiles()
      .then(ingest)
      .catch((error: unknown) => notify('error', `Could not open files: ${messageOf(error)}`));
  }, [host, ingest, notify]);

  const openExample = useCallback((): void => {
    loadExampleSite()
      .then((files) => openFiles(files))
      .catch((error: unknown) => notify('error', `Could not open the example site: ${messageOf(error)}`));
  }, [notify, openFiles]);

  const dragging = useFileDrop((dropped) => {
    host
      .readFiles(dropped)
      .then(ingest)
      .catch((error: unknown) => notify('error', `Could not read the dropped files: ${messageOf(error)}`));
  });

  const diagnostics = useMemo(() => files.flatMap((f) => f.diagnostics), [files]);
  const exportIssues = useCallback((): void => {
    host
      .saveFile({ suggestedName: 'conduit-issues.csv', kind: 'csv', content: diagnosticsToCsv(diagnostics) })
      .then((outcome) => {
        if (outcome.status === 'saved')
          notify(
            'info',
            outcome.location ? `Saved ${outcome.location}` : 'Issues exported as conduit-issues.csv',
          );
      })
      .catch((error: unknown) => notify('error', `Could not save: ${messageOf(error)}`));
  }, [diagnostics, host, notify]);

  useEffect(() => {
    if (takeFirstStart(globalThis.localStorage)) openExample();
  }, [openExample]);

  useEffect(() => host.onMenuCommand((command) => command === 'open-configs' && open()), [host, open]);

  // In Electron the native menu owns the accelerator; in the browser the page does.
  useEffect(() => {
    if (host.kind !== 'browser') return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (
        (event.ctrlKey || event.metaKey) &&
        !event.altKey &&
        !event.shiftKey &&
        event.key.toLowerCase() === 'o'
      ) {
        event.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [host, open]);

  const hasFiles = files.length > 0;
  return (
    <div className={`app${hasFiles ? ' has-files' : ''}${hasFiles && tab !== 'import' ? ' wide' : ''}`}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader
        onOpen={open}
        onExport={exportIssues}
        onClear={clearWorkspace}
        hasFiles={hasFiles}
        canExport={diagnostics.length > 0}
        shortcut={OPEN_SHORTCUT}
      />
      <Notices />
      <div className="app-body">
        {hasFiles && tab === 'import' && <Sidebar />}
        <main id="main" className="main" tabIndex={-1}>
          {hasFiles ? (
            <AnalysisViews />
          ) : (
            <Welcome onOpen={open} onOpenExample={openExample} shortcut={OPEN_SHORTCUT} />
          )}
        </main>
      </div>
      <StatusBar />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-panel">Drop firewall configs to import them</div>
        </div>
      )}
    </div>
  );
}
