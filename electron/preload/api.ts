import type {
  EventChannel,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeValue,
  IpcResult,
} from '../ipc/contract';

/**
 * The one object the preload exposes to the renderer as `window.conduit`. Types only: the
 * renderer imports this file for its types and never the preload's code. Method names mirror
 * the invoke channels: `dialog.openFiles` is `dialog:openFiles`.
 */

export type Invoker<C extends InvokeChannel> = (...args: InvokeArgs<C>) => Promise<IpcResult<InvokeValue<C>>>;

export interface ConduitApi {
  /** Bumped when the shape of this object changes incompatibly. */
  readonly apiVersion: 1;
  readonly app: { readonly versions: Invoker<'app:versions'> };
  readonly dialog: { readonly openFiles: Invoker<'dialog:openFiles'> };
  readonly file: { readonly read: Invoker<'file:read'>; readonly write: Invoker<'file:write'> };
  readonly project: {
    readonly open: Invoker<'project:open'>;
    readonly openRecent: Invoker<'project:openRecent'>;
    readonly save: Invoker<'project:save'>;
    readonly recent: Invoker<'project:recent'>;
    readonly launch: Invoker<'project:launch'>;
    readonly remember: Invoker<'project:remember'>;
  };
  readonly window: {
    readonly setDocumentState: Invoker<'window:setDocumentState'>;
    readonly close: Invoker<'window:close'>;
  };
  readonly report: {
    readonly measurePdf: Invoker<'report:measurePdf'>;
    readonly printPdf: Invoker<'report:printPdf'>;
  };
  /** Subscribes to an event from the main process; returns the function that unsubscribes. */
  readonly on: <E extends EventChannel>(
    channel: E,
    listener: (payload: EventPayload<E>) => void,
  ) => () => void;
}

/** The global name the bridge is exposed under. */
export const CONDUIT_GLOBAL = 'conduit';
