import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  readonly title: string;
  /** Called when the user dismisses the dialog (Escape, the close button, a click outside). */
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** The buttons row. */
  readonly actions: ReactNode;
  readonly className?: string;
}

/**
 * A modal dialog on the native <dialog> element: `showModal()` makes the page behind it inert,
 * keeps focus inside and closes on Escape, as the platform's own dialogs do. Focus goes to the
 * first field (or the first button) and back to where it was when the dialog closes.
 */
export function Dialog({ title, onClose, children, actions, className }: DialogProps): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>(
      '[data-autofocus], input, select, textarea, button.primary',
    );
    first?.focus();
    const onCancel = (event: Event): void => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      returnTo?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      onMouseDown={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) dismisses it.
        if (event.target === ref.current) close.current();
      }}
    >
      <div className="dialog-box">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </dialog>
  );
}
