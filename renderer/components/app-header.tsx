import { useState, type ReactNode } from 'react';
import type { RecentProject } from '../host';
import { Logo } from './logo';
import { MenuButton, type MenuEntry } from './menu-button';
import type { AppCommand } from './use-commands';

export interface AppHeaderProps {
  readonly run: (command: AppCommand, argument?: string) => void;
  readonly projectName: string;
  readonly dirty: boolean;
  readonly hasFiles: boolean;
  readonly canExport: boolean;
  readonly undoLabel: string | null;
  readonly redoLabel: string | null;
  /** Shortcut labels (`Ctrl+O` or `⌘O`) by command. */
  readonly shortcuts: Readonly<Partial<Record<AppCommand, string>>>;
  readonly loadRecent: () => Promise<readonly RecentProject[]>;
}

/**
 * The header: the project's name (with the unsaved mark), Undo/Redo, the Project menu (the
 * native File menu's commands, for the browser and for mouse users), Export and Open.
 */
export function AppHeader(props: AppHeaderProps): ReactNode {
  const { run, shortcuts } = props;
  const [recent, setRecent] = useState<readonly RecentProject[]>([]);
  const entries: MenuEntry[] = [
    { label: 'New project', onSelect: () => run('new-project') },
    { label: 'Open project…', shortcut: shortcuts['open-project'], onSelect: () => run('open-project') },
    { label: 'Save', shortcut: shortcuts['save-project'], onSelect: () => run('save-project') },
    { label: 'Save as…', shortcut: shortcuts['save-project-as'], onSelect: () => run('save-project-as') },
    'separator',
    { label: 'Open the example site', onSelect: () => run('open-example') },
    { label: 'Import inventory…', onSelect: () => run('import-inventory') },
    { label: 'Close all files', disabled: !props.hasFiles, onSelect: () => run('close-all') },
    'separator',
    { heading: recent.length ? 'Recent projects' : 'No recent projects' },
    ...recent.map((r) => ({
      label: r.location ?? r.name,
      onSelect: () => run('open-recent', r.key),
    })),
  ];
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <h1 className="brand-name">Conduit</h1>
        <span className="project-name" title={props.dirty ? 'Unsaved changes' : undefined}>
          {props.projectName}
          {props.dirty && (
            <span className="dirty-mark" aria-label="(unsaved changes)">
              {' '}
              •
            </span>
          )}
        </span>
      </div>
      <div className="header-actions">
        {props.hasFiles && (
          <>
            <button
              type="button"
              className="button ghost"
              onClick={() => run('undo')}
              disabled={props.undoLabel === null}
              title={props.undoLabel ? `Undo ${props.undoLabel}` : 'Nothing to undo'}
              aria-keyshortcuts={shortcuts.undo}
            >
              Undo
            </button>
            <button
              type="button"
              className="button ghost"
              onClick={() => run('redo')}
              disabled={props.redoLabel === null}
              title={props.redoLabel ? `Redo ${props.redoLabel}` : 'Nothing to redo'}
              aria-keyshortcuts={shortcuts.redo}
            >
              Redo
            </button>
          </>
        )}
        <MenuButton
          label="Project"
          entries={entries}
          onOpen={() => {
            props.loadRecent().then(setRecent, () => setRecent([]));
          }}
        />
        {props.hasFiles && (
          <button
            type="button"
            className="button ghost"
            onClick={() => run('export-report')}
            disabled={!props.canExport}
          >
            Export report…
          </button>
        )}
        <button
          type="button"
          className="button primary"
          onClick={() => run('open-configs')}
          aria-keyshortcuts={shortcuts['open-configs']}
        >
          Open configs…
        </button>
      </div>
    </header>
  );
}
