import type { ReactNode } from 'react';
import { Logo } from './logo';

export interface AppHeaderProps {
  readonly onOpen: () => void;
  readonly onExport: () => void;
  readonly onClear: () => void;
  readonly hasFiles: boolean;
  readonly canExport: boolean;
  readonly shortcut: string;
}

export function AppHeader({
  onOpen,
  onExport,
  onClear,
  hasFiles,
  canExport,
  shortcut,
}: AppHeaderProps): ReactNode {
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <h1 className="brand-name">Conduit</h1>
        <span className="brand-tagline">IT/OT segmentation</span>
      </div>
      <div className="header-actions">
        {hasFiles && (
          <>
            <button type="button" className="button ghost" onClick={onExport} disabled={!canExport}>
              Export issues (CSV)
            </button>
            <button type="button" className="button ghost" onClick={onClear}>
              Close all
            </button>
          </>
        )}
        <button
          type="button"
          className="button primary"
          onClick={onOpen}
          aria-keyshortcuts={shortcut.replace('⌘', 'Meta')}
        >
          Open configs…
        </button>
      </div>
    </header>
  );
}
