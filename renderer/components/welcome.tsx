import type { ReactNode } from 'react';
import { VENDOR_IDS } from '../../models/device';
import { vendorLabel } from './labels';

export interface WelcomeProps {
  readonly onOpen: () => void;
  readonly onOpenExample: () => void;
  readonly onOpenProject: () => void;
  readonly shortcut: string;
}

/** The first screen: what Conduit does, and one clear way in (a button or a drop). */
export function Welcome({ onOpen, onOpenExample, onOpenProject, shortcut }: WelcomeProps): ReactNode {
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <div className="drop-target">
        <svg
          className="drop-icon"
          viewBox="0 0 48 48"
          width="48"
          height="48"
          aria-hidden="true"
          focusable="false"
        >
          <path d="M14 6h14l10 10v26a2 2 0 0 1-2 2H14a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z" />
          <path d="M28 6v10h10" />
          <path d="M19 27h12M19 33h12M19 21h5" />
        </svg>
        <h2 id="welcome-title">Open firewall configurations</h2>
        <p className="lead">
          Drop exported configs, or a whole site folder, anywhere in this window, or choose them from disk.
          Each file is parsed on this machine; nothing is uploaded.
        </p>
        <button type="button" className="button primary large" onClick={onOpen}>
          Choose files…
        </button>
        <p className="hint">
          or press <kbd>{shortcut}</kbd> · or{' '}
          <button type="button" className="button link" onClick={onOpenExample}>
            open the example plant site
          </button>{' '}
          · or{' '}
          <button type="button" className="button link" onClick={onOpenProject}>
            open a saved project
          </button>
        </p>
      </div>
      <dl className="welcome-facts">
        <div>
          <dt>Formats</dt>
          <dd>
            {VENDOR_IDS.map((v) => vendorLabel(v)).join(', ')} — detected from the content, whatever the file
            is called.
          </dd>
        </div>
        <div>
          <dt>What you get</dt>
          <dd>
            Each device with its rule lists, where they apply, and every line the importer could not use,
            cited by file and line.
          </dd>
        </div>
      </dl>
    </section>
  );
}
