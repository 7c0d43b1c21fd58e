import { useCallback, useRef, useState } from 'react';
import { looksLikeProject } from '../../models/project';
import type { MenuCommand } from '../../electron/ipc/contract';
import { loadExampleSite, EXAMPLE_SITE_NAME } from '../examples/example-site';
import type { Host, OpenResult, ProjectFile } from '../host';
import { emitMapCommand } from '../map/map-commands';
import { selectDirty } from '../store';
import { useStoreApi } from '../store/context';
import { projectFileName } from '../store/project-slice';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The menu's commands, and the welcome screen's. */
export type AppCommand = MenuCommand | 'open-example' | 'close-all';

/** What waits behind the unsaved-changes question. */
export interface PendingDiscard {
  /** "open another project", "start a new project"… */
  readonly action: string;
  readonly proceed: () => void;
}

/** A text field has focus: Undo and Redo there are the field's own. */
function editingText(): boolean {
  const el = document.activeElement;
  return (
    el instanceof HTMLTextAreaElement ||
    (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type)) ||
    (el instanceof HTMLElement && el.isContentEditable)
  );
}

/**
 * Every command of the menus (native in Electron, the header's in the browser) and of the
 * keyboard, in one place. Commands that would lose unsaved changes ask first (`pending`).
 */
export function useCommands(host: Host): {
  run: (command: AppCommand, argument?: string) => void;
  pending: PendingDiscard | null;
  resolvePending: (choice: 'save' | 'discard' | 'cancel') => void;
  exporting: boolean;
  setExporting: (on: boolean) => void;
  ingest: (result: OpenResult) => Promise<void>;
} {
  const store = useStoreApi();
  const [pending, setPending] = useState<PendingDiscard | null>(null);
  const [exporting, setExporting] = useState(false);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const notify = useCallback(
    (level: 'error' | 'info', text: string) => store.getState().notify(level, text),
    [store],
  );

  const ingest = async (result: OpenResult): Promise<void> => {
    for (const error of result.errors) notify('error', `${error.name}: ${error.message}`);
    // A project among the files (dropped, or picked as a config) opens as the project.
    const project = result.files.find((f) => looksLikeProject(f.text, f.name));
    if (project) {
      if (result.files.length > 1)
        notify(
          'info',
          `${project.name} is a project: it was opened on its own, the other files were not imported`,
        );
      guard('open another project', () => {
        openProjectFile({ name: project.name, location: null, text: project.text }).catch((error: unknown) =>
          notify('error', `Could not open the project: ${messageOf(error)}`),
        );
      });
      return;
    }
    await store.getState().openFiles(result.files);
  };

  const dirty = (): boolean => selectDirty(store.getState());

  /** Runs `proceed` now, or after the user said what to do with the unsaved changes. */
  const guard = (action: string, proceed: () => void): void => {
    if (!dirty()) proceed();
    else setPending({ action, proceed });
  };

  /** Saves; resolves true when saved, false when cancelled or failed. */
  const save = async (as: boolean): Promise<boolean> => {
    const s = store.getState();
    try {
      const outcome = await host.saveProject({
        content: await s.projectText(new Date()),
        suggestedName: projectFileName(s.project.name),
        location: as ? null : s.project.location,
      });
      if (outcome.status === 'cancelled') return false;
      const name = outcome.location ?? projectFileName(s.project.name);
      store.getState().markSaved(name, outcome.location);
      notify('info', outcome.location ? `Saved ${outcome.location}` : `Saved ${name} (downloaded)`);
      return true;
    } catch (error) {
      notify('error', `Could not save the project: ${messageOf(error)}`);
      return false;
    }
  };

  const openProjectFile = async (file: ProjectFile): Promise<void> => {
    await store.getState().openProject(file.text, file.name, file.location);
    await host.rememberProject(file).catch(() => undefined);
    notify('info', `Opened ${file.name}`);
  };

  const openExample = (): void => {
    loadExampleSite()
      .then((files) => store.getState().startProject(EXAMPLE_SITE_NAME, files))
      .catch((error: unknown) => notify('error', `Could not open the example site: ${messageOf(error)}`));
  };

  const run = (command: AppCommand, argument?: string): void => {
    const s = store.getState();
    switch (command) {
      case 'new-project':
        return guard('start a new project', () => s.newProject());
      case 'open-example':
        return guard('open the example site', openExample);
      case 'open-project':
        return guard('open another project', () => {
          host
            .openProject()
            .then((file) => (file ? openProjectFile(file) : undefined))
            .catch((error: unknown) => notify('error', `Could not open the project: ${messageOf(error)}`));
        });
      case 'open-recent':
        if (argument === undefined) return;
        return guard('open another project', () => {
          host
            .openRecentProject(argument)
            .then(openProjectFile)
            .catch((error: unknown) => notify('error', `Could not open the project: ${messageOf(error)}`));
        });
      case 'save-project':
      case 'save-project-as':
        void save(command === 'save-project-as');
        return;
      case 'save-and-close':
        void save(false).then((saved) => {
          if (saved) host.closeWindow();
        });
        return;
      case 'open-configs':
      case 'import-inventory':
        host
          .openFiles()
          .then(ingest)
          .catch((error: unknown) => notify('error', `Could not open files: ${messageOf(error)}`));
        return;
      case 'export-report':
        if (!s.analysis) notify('error', 'Nothing to export yet: open configs and let the analysis finish.');
        else setExporting(true);
        return;
      case 'undo':
      case 'redo':
        if (editingText()) {
          // The menu's accelerator reached us from inside a text field: let the field undo.
          document.execCommand(command);
          return;
        }
        if (command === 'undo') s.undo();
        else s.redo();
        return;
      case 'zoom-in':
      case 'zoom-out':
      case 'fit':
        if (!emitMapCommand(command)) s.setTab('map');
        return;
      case 'close-all':
        // Undoable: the files come back with Undo.
        return s.clearWorkspace();
      case 'toggle-sidebar':
        return s.togglePanel('sidebar');
      case 'toggle-inspector':
        return s.togglePanel('inspector');
    }
  };

  const resolvePending = (choice: 'save' | 'discard' | 'cancel'): void => {
    const waiting = pendingRef.current;
    setPending(null);
    if (!waiting || choice === 'cancel') return;
    if (choice === 'discard') waiting.proceed();
    else
      void save(false).then((saved) => {
        if (saved) waiting.proceed();
      });
  };

  return { run, pending, resolvePending, exporting, setExporting, ingest };
}
