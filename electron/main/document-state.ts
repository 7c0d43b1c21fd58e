import type { MessageBoxOptions } from 'electron';

/**
 * The window's document: its title and the unsaved-changes decision when the window closes.
 * Pure (the `electron` import is types only), unit-tested; electron/main/document-window.ts
 * wires it to a BrowserWindow.
 */

export const APP_NAME = 'Conduit';

/** The document title without control characters (it comes from file names and project data). */
export function cleanDocumentTitle(title: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return title.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '').trim();
}

/** "plant-site — Conduit", or just "Conduit" without a document title. */
export function windowTitle(documentTitle: string, appName: string = APP_NAME): string {
  const clean = cleanDocumentTitle(documentTitle);
  return clean.length === 0 ? appName : `${clean} — ${appName}`;
}

export interface CloseState {
  readonly dirty: boolean;
  /** The renderer saved (or the user chose Don't Save): close without asking. */
  readonly forced: boolean;
  /** The unsaved-changes box is already showing. */
  readonly prompting: boolean;
}

/** What to do when the window is asked to close. */
export type CloseDecision =
  /** Let it close. */
  | 'close'
  /** Keep it open and ask Save / Don't Save / Cancel. */
  | 'prompt'
  /** Keep it open: the question is already on screen. */
  | 'wait';

export function decideClose(state: CloseState): CloseDecision {
  if (state.forced || !state.dirty) return 'close';
  return state.prompting ? 'wait' : 'prompt';
}

/** What the user chose in the unsaved-changes box. */
export type CloseChoice = 'save' | 'discard' | 'cancel';

const CHOICES: readonly CloseChoice[] = ['save', 'discard', 'cancel'];

export function unsavedChangesBox(documentTitle: string): MessageBoxOptions {
  const name = cleanDocumentTitle(documentTitle) || 'this project';
  return {
    type: 'warning',
    buttons: ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
    title: APP_NAME,
    message: `Do you want to save the changes to ${name}?`,
    detail: "Your changes will be lost if you don't save them.",
  };
}

/** The button index from showMessageBox as a choice; anything unexpected is Cancel (keeps the work). */
export function closeChoice(response: number): CloseChoice {
  return CHOICES[response] ?? 'cancel';
}
