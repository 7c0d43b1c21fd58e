import type { ReactNode } from 'react';
import { Dialog } from './dialog';

/** The unsaved-changes question, asked before an action that would replace the project. */
export function UnsavedDialog({
  projectName,
  action,
  onChoose,
}: {
  readonly projectName: string;
  readonly action: string;
  readonly onChoose: (choice: 'save' | 'discard' | 'cancel') => void;
}): ReactNode {
  return (
    <Dialog
      title="Save your changes?"
      onClose={() => onChoose('cancel')}
      actions={
        <>
          <button type="button" className="button secondary" onClick={() => onChoose('cancel')}>
            Cancel
          </button>
          <button type="button" className="button secondary danger" onClick={() => onChoose('discard')}>
            Don’t save
          </button>
          <button type="button" className="button primary" data-autofocus onClick={() => onChoose('save')}>
            Save
          </button>
        </>
      }
    >
      <p>
        <strong>{projectName}</strong> has changes that are not saved. Save them before you {action}?
      </p>
    </Dialog>
  );
}
