import { dialog, type BrowserWindow } from 'electron';
import type { DocumentStateRequest } from '../ipc/contract';
import { closeChoice, decideClose, unsavedChangesBox, windowTitle } from './document-state';
import { sendEvent } from './ipc';

/**
 * Ties the renderer's document state to a window: the title, macOS's edited mark, and the
 * unsaved-changes question on close. Save sends 'save-and-close' to the renderer, which saves
 * and then calls `window:close` with `force: true` (a cancelled or failed save leaves the window
 * open). The decisions are the pure functions of ./document-state.
 */
export class DocumentWindow {
  #title = '';
  #dirty = false;
  #forced = false;
  #prompting = false;

  constructor(
    readonly window: BrowserWindow,
    /** Called when the user keeps the window open (Cancel): a quit in progress stops there. */
    private readonly onCloseCancelled: () => void = () => undefined,
  ) {
    window.on('close', (event) => {
      const decision = decideClose({ dirty: this.#dirty, forced: this.#forced, prompting: this.#prompting });
      if (decision === 'close') return;
      event.preventDefault();
      if (decision === 'prompt') void this.#ask();
    });
  }

  get dirty(): boolean {
    return this.#dirty;
  }

  setState(state: DocumentStateRequest): void {
    this.#title = state.title;
    this.#dirty = state.dirty;
    if (this.window.isDestroyed()) return;
    this.window.setTitle(windowTitle(state.title));
    if (process.platform === 'darwin') this.window.setDocumentEdited(state.dirty);
  }

  /** Closes the window; `force` skips the question (the renderer has just saved). */
  close(force: boolean): void {
    if (this.window.isDestroyed()) return;
    if (force) this.#forced = true;
    this.window.close();
  }

  async #ask(): Promise<void> {
    this.#prompting = true;
    let response: number;
    try {
      ({ response } = await dialog.showMessageBox(this.window, unsavedChangesBox(this.#title)));
    } finally {
      this.#prompting = false;
    }
    if (this.window.isDestroyed()) return;
    switch (closeChoice(response)) {
      case 'save':
        sendEvent(this.window.webContents, 'menu:invoked', { command: 'save-and-close' });
        break;
      case 'discard':
        this.close(true);
        break;
      case 'cancel':
        this.onCloseCancelled();
        break;
    }
  }
}
