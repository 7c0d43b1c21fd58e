import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventChannel, EventPayload, InvokeChannel } from '../ipc/contract';
import { routeInvoke, type InvokeHandlers } from '../ipc/router';
import { VALIDATORS } from '../ipc/validate';
import type { SenderInfo } from '../security/origin';

/**
 * The only file that touches `ipcMain`. Every handler goes through `routeInvoke`, which checks
 * the sender frame and validates the arguments before the handler runs.
 */

function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  if (!frame) return { url: null, isMainFrame: false };
  return { url: frame.url, isMainFrame: frame.parent === null };
}

/** Registers one handler per invoke channel; returns a function that removes them. */
export function registerIpcHandlers(handlers: InvokeHandlers, appUrl: string): () => void {
  const channels = Object.keys(VALIDATORS) as InvokeChannel[];
  for (const channel of channels) {
    ipcMain.handle(channel, (event, ...args: unknown[]) =>
      routeInvoke(channel, senderInfo(event), args, {
        handlers,
        appUrl,
        logError: (name, error) => console.error(`[ipc] ${name} failed:`, error),
      }),
    );
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Sends a typed event to a renderer. */
export function sendEvent<E extends EventChannel>(
  contents: WebContents,
  channel: E,
  payload: EventPayload<E>,
): void {
  if (!contents.isDestroyed()) contents.send(channel, payload);
}
