import type { InvokeArgs, InvokeChannel, InvokeValue, IpcErrorCode, IpcResult } from './contract';
import { isTrustedSender, type SenderInfo } from '../security/origin';
import { isInvokeChannel, validateArgs } from './validate';

/**
 * The decision logic behind every `ipcMain.handle`: check the sender, validate the arguments,
 * run the handler, and turn the outcome into an `IpcResult`. Pure (no Electron), so it is
 * unit-tested; electron/main/ipc.ts is the only file that wires it to `ipcMain`.
 */

export type InvokeHandler<C extends InvokeChannel> = (
  ...args: InvokeArgs<C>
) => Promise<InvokeValue<C>> | InvokeValue<C>;

export type InvokeHandlers = { readonly [C in InvokeChannel]: InvokeHandler<C> };

/** An expected failure a handler reports to the renderer (a missing file, a refused path). */
export class IpcFailure extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcFailure';
  }
}

export interface RouteContext {
  readonly handlers: InvokeHandlers;
  /** The file: URL of the app's index.html. */
  readonly appUrl: string;
  /** Where unexpected handler errors are reported (the renderer only sees a generic message). */
  readonly logError?: (channel: string, error: unknown) => void;
}

const failure = (
  code: IpcErrorCode,
  message: string,
): { ok: false; error: { code: IpcErrorCode; message: string } } => ({
  ok: false,
  error: { code, message },
});

export async function routeInvoke<C extends InvokeChannel>(
  channel: C,
  sender: SenderInfo,
  args: readonly unknown[],
  context: RouteContext,
): Promise<IpcResult<InvokeValue<C>>> {
  if (!isInvokeChannel(channel)) return failure('invalid-argument', `unknown channel ${String(channel)}`);
  if (!isTrustedSender(sender, context.appUrl)) {
    return failure('forbidden-sender', `${channel}: refused, the request did not come from the app page`);
  }
  const validated = validateArgs(channel, args);
  if (!validated.ok) return failure('invalid-argument', `${channel}: ${validated.message}`);
  const handler = context.handlers[channel] as InvokeHandler<C>;
  try {
    const value = await handler(...validated.value);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof IpcFailure) return failure(error.code, error.message);
    context.logError?.(channel, error);
    return failure('internal', `${channel}: unexpected error in the main process`);
  }
}
