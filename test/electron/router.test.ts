import { describe, expect, it, vi } from 'vitest';
import { IpcFailure, routeInvoke, type InvokeHandlers, type RouteContext } from '../../electron/ipc/router';
import type { SenderInfo } from '../../electron/security/origin';

const APP = 'file:///app/dist/renderer/index.html';
const trusted: SenderInfo = { url: APP, isMainFrame: true };

function context(
  overrides: Partial<InvokeHandlers> = {},
  logError = vi.fn(),
): RouteContext & { logError: typeof logError } {
  const handlers: InvokeHandlers = {
    'app:versions': () => ({
      app: '0.1.0',
      electron: '45.6.1',
      chrome: '142',
      node: '22',
      platform: 'linux',
    }),
    'dialog:openFiles': () => [],
    'file:read': ({ path }) => ({ name: 'fw.conf', path, size: 1, text: 'x' }),
    'file:write': () => null,
    'project:open': () => null,
    'project:openRecent': ({ path }) => ({ name: 'site.conduit', path, size: 2, text: '{}' }),
    'project:save': () => null,
    'project:recent': () => [],
    'project:remember': () => null,
    'project:launch': () => null,
    'window:setDocumentState': () => null,
    'window:close': () => null,
    'report:measurePdf': () => ({}),
    'report:printPdf': () => null,
    ...overrides,
  };
  return { handlers, appUrl: APP, logError };
}

describe('routeInvoke', () => {
  it('runs the handler with the validated arguments and wraps the value', async () => {
    const result = await routeInvoke('file:read', trusted, [{ path: '/site/fw.conf' }], context());
    expect(result).toEqual({
      ok: true,
      value: { name: 'fw.conf', path: '/site/fw.conf', size: 1, text: 'x' },
    });
  });

  it('refuses senders other than the app page main frame, without running the handler', async () => {
    const read = vi.fn();
    for (const sender of [
      { url: 'https://evil.example/', isMainFrame: true },
      { url: APP, isMainFrame: false },
      { url: null, isMainFrame: true },
    ]) {
      const result = await routeInvoke(
        'file:read',
        sender,
        [{ path: '/etc/passwd' }],
        context({ 'file:read': read }),
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    expect(read).not.toHaveBeenCalled();
  });

  it('refuses invalid arguments, without running the handler', async () => {
    const write = vi.fn();
    const result = await routeInvoke(
      'file:write',
      trusted,
      [{ suggestedName: 'x', kind: 'exe', content: '' }],
      context({ 'file:write': write }),
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: 'file:write: kind must be one of csv, json, html, text' },
    });
    expect(write).not.toHaveBeenCalled();
  });

  it('runs window:close only with a boolean force, and resolves to null', async () => {
    const close = vi.fn(() => null);
    const ctx = context({ 'window:close': close });
    expect(await routeInvoke('window:close', trusted, [{ force: 'yes' }], ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await routeInvoke('window:close', trusted, [], ctx)).toMatchObject({ ok: false });
    expect(close).not.toHaveBeenCalled();
    expect(await routeInvoke('window:close', trusted, [{ force: true }], ctx)).toEqual({
      ok: true,
      value: null,
    });
    expect(close).toHaveBeenCalledWith({ force: true });
  });

  it('refuses report:printPdf from a frame inside the page', async () => {
    const print = vi.fn();
    const result = await routeInvoke(
      'report:printPdf',
      { url: APP, isMainFrame: false },
      [{ html: '<p>x</p>', suggestedName: 'r.pdf' }],
      context({ 'report:printPdf': print }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(print).not.toHaveBeenCalled();
  });

  it('refuses unknown channels', async () => {
    const result = await routeInvoke('shell:openExternal' as 'app:versions', trusted, [], context());
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('passes expected failures through with their code and message', async () => {
    const result = await routeInvoke(
      'file:read',
      trusted,
      [{ path: '/etc/shadow' }],
      context({
        'file:read': () => {
          throw new IpcFailure('not-granted', 'shadow: not opened by the user in this session');
        },
      }),
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'not-granted', message: 'shadow: not opened by the user in this session' },
    });
  });

  it('hides unexpected errors from the renderer and logs them in main', async () => {
    const ctx = context({
      'dialog:openFiles': async () => {
        throw new Error('secret internal detail at /home/user/.config');
      },
    });
    const result = await routeInvoke('dialog:openFiles', trusted, [], ctx);
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'dialog:openFiles: unexpected error in the main process' },
    });
    expect(ctx.logError).toHaveBeenCalledOnce();
  });
});
