import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { AnalysisViews } from './components/analysis-views';
import { AppHeader } from './components/app-header';
import { ExportDialog } from './components/export-dialog';
import { Notices } from './components/notices';
import { Sidebar } from './components/sidebar';
import { StatusBar } from './components/status-bar';
import { UnsavedDialog } from './components/unsaved-dialog';
import { type AppCommand, useCommands } from './components/use-commands';
import { useFileDrop } from './components/use-file-drop';
import { Welcome } from './components/welcome';
import { takeFirstStart } from './first-start';
import { type Host, useHost } from './host';
import {
  selectAnalysis,
  selectDirty,
  selectFiles,
  selectNotify,
  selectPanels,
  selectProject,
  selectRedoLabel,
  selectTab,
  selectUndoLabel,
  useAppStore,
} from './store';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';
const shift = isMac ? '⇧' : 'Shift+';

/** The page's own shortcuts (in Electron the native menu's accelerators do this). */
const SHORTCUTS: readonly { key: string; shift: boolean; command: AppCommand }[] = [
  { key: 'o', shift: false, command: 'open-configs' },
  { key: 'o', shift: true, command: 'open-project' },
  { key: 's', shift: false, command: 'save-project' },
  { key: 's', shift: true, command: 'save-project-as' },
  { key: 'z', shift: false, command: 'undo' },
  { key: 'z', shift: true, command: 'redo' },
  { key: 'y', shift: false, command: 'redo' },
];

const SHORTCUT_LABELS: Readonly<Partial<Record<AppCommand, string>>> = {
  'open-configs': `${mod}O`,
  'open-project': `${shift}${mod}O`,
  'save-project': `${mod}S`,
  'save-project-as': `${shift}${mod}S`,
  undo: `${mod}Z`,
  redo: `${shift}${mod}Z`,
};

/** The launch request is taken once per host (React may run a mount effect twice in development). */
const launches = new WeakMap<Host, Promise<string | null>>();
function launchProjectOnce(host: Host): Promise<string | null> {
  let launch = launches.get(host);
  if (!launch) {
    launch = host.launchProject().catch(() => null);
    launches.set(host, launch);
  }
  return launch;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function App(): ReactNode {
  const host = useHost();
  const files = useAppStore(selectFiles);
  const notify = useAppStore(selectNotify);
  const tab = useAppStore(selectTab);
  const project = useAppStore(selectProject);
  const dirty = useAppStore(selectDirty);
  const analysis = useAppStore(selectAnalysis);
  const undoLabel = useAppStore(selectUndoLabel);
  const redoLabel = useAppStore(selectRedoLabel);
  const panels = useAppStore(selectPanels);
  const { run, pending, resolvePending, exporting, setExporting, ingest } = useCommands(host);
  // One stable function that always runs the latest `run`: listeners registered once keep working.
  const latestRun = useRef(run);
  latestRun.current = run;
  const runRef = useCallback(
    (command: AppCommand, argument?: string) => latestRun.current(command, argument),
    [],
  );

  const dragging = useFileDrop(
    (dropped) => {
      host
        .readFiles(dropped)
        .then(ingest)
        .catch((error: unknown) => notify('error', `Could not read the dropped files: ${messageOf(error)}`));
    },
    (error) => notify('error', `Could not read the dropped folder: ${messageOf(error)}`),
  );

  const hasFiles = files.length > 0;
  useEffect(() => {
    host.setDocumentState({ title: project.name, dirty });
  }, [host, project.name, dirty]);

  useEffect(() => {
    // A project the OS asked to open (a double-clicked .conduit) comes first; else the first
    // start opens the example site.
    let cancelled = false;
    launchProjectOnce(host).then((key) => {
      if (cancelled) return;
      if (key !== null) runRef('open-recent', key);
      else if (takeFirstStart(globalThis.localStorage)) runRef('open-example');
    });
    return () => {
      cancelled = true;
    };
  }, [host, runRef]);

  useEffect(() => host.onMenuCommand(runRef), [host, runRef]);

  // In Electron the native menu owns the accelerators; in the browser the page does.
  useEffect(() => {
    if (host.kind !== 'browser') return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const shortcut = SHORTCUTS.find((s) => s.key === event.key.toLowerCase() && s.shift === event.shiftKey);
      if (!shortcut) return;
      // Undo inside a text field is the field's own.
      const target = event.target as HTMLElement | null;
      if ((shortcut.command === 'undo' || shortcut.command === 'redo') && target?.closest('input, textarea'))
        return;
      event.preventDefault();
      runRef(shortcut.command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [host, runRef]);

  const classes = [
    'app',
    hasFiles ? 'has-files' : '',
    hasFiles && tab !== 'import' ? 'wide' : '',
    panels.sidebar ? '' : 'hide-sidebar',
    panels.inspector ? '' : 'hide-inspector',
  ].filter(Boolean);
  return (
    <div className={classes.join(' ')}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader
        run={runRef}
        projectName={project.name}
        dirty={dirty}
        hasFiles={hasFiles}
        canExport={analysis !== null}
        undoLabel={undoLabel}
        redoLabel={redoLabel}
        shortcuts={host.kind === 'browser' ? SHORTCUT_LABELS : {}}
        loadRecent={() => host.recentProjects()}
      />
      <Notices />
      <div className="app-body">
        {hasFiles && tab === 'import' && <Sidebar />}
        <main id="main" className="main" tabIndex={-1}>
          {hasFiles ? (
            <AnalysisViews />
          ) : (
            <Welcome
              onOpen={() => runRef('open-configs')}
              onOpenExample={() => runRef('open-example')}
              onOpenProject={() => runRef('open-project')}
              shortcut={SHORTCUT_LABELS['open-configs']!}
            />
          )}
        </main>
      </div>
      <StatusBar />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-panel">Drop firewall configs or a site folder to import them</div>
        </div>
      )}
      {pending && (
        <UnsavedDialog projectName={project.name} action={pending.action} onChoose={resolvePending} />
      )}
      {exporting && <ExportDialog host={host} onClose={() => setExporting(false)} />}
    </div>
  );
}
