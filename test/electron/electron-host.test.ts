import { describe, expect, it, vi } from 'vitest';
import type { EventPayload, IpcResult } from '../../electron/ipc/contract';
import type { ConduitApi } from '../../electron/preload/api';
import { createElectronHost, findBridge, focusIsEditable } from '../../renderer/host/electron-host';

/** A bridge whose channels are vi.fn()s answering from `values`; events are fired by hand. */
function fakeBridge(values: Record<string, unknown> = {}) {
  const calls: Array<[string, unknown[]]> = [];
  let menuListener: ((payload: EventPayload<'menu:invoked'>) => void) | null = null;
  const channel =
    (name: string) =>
    async (...args: unknown[]): Promise<IpcResult<unknown>> => {
      calls.push([name, args]);
      const value = values[name];
      if (value instanceof Error) return { ok: false, error: { code: 'io', message: value.message } };
      return { ok: true, value: value === undefined ? null : value };
    };
  const bridge = {
    apiVersion: 1,
    app: { versions: channel('app:versions') },
    dialog: { openFiles: channel('dialog:openFiles') },
    file: { read: channel('file:read'), write: channel('file:write') },
    project: {
      open: channel('project:open'),
      openRecent: channel('project:openRecent'),
      save: channel('project:save'),
      recent: channel('project:recent'),
      remember: channel('project:remember'),
    },
    window: { setDocumentState: channel('window:setDocumentState'), close: channel('window:close') },
    report: { measurePdf: channel('report:measurePdf'), printPdf: channel('report:printPdf') },
    on: (_channel: string, listener: (payload: EventPayload<'menu:invoked'>) => void) => {
      menuListener = listener;
      return () => {
        menuListener = null;
      };
    },
  } as unknown as ConduitApi;
  const fire = (payload: EventPayload<'menu:invoked'>) => menuListener?.(payload);
  return { bridge, calls, fire, subscribed: () => menuListener !== null };
}

const opened = { name: 'plant.conduit', path: '/sites/plant.conduit', size: 2, text: '{}' };

describe('Electron host: projects', () => {
  it('opens a project through the dialog, or resolves null when cancelled', async () => {
    const { bridge } = fakeBridge({ 'project:open': opened });
    expect(await createElectronHost(bridge).openProject()).toEqual({
      name: 'plant.conduit',
      location: '/sites/plant.conduit',
      text: '{}',
    });
    expect(await createElectronHost(fakeBridge().bridge).openProject()).toBeNull();
  });

  it('re-opens a recent project by its key (the path) and throws the main process message', async () => {
    const { bridge, calls } = fakeBridge({ 'project:openRecent': opened });
    await createElectronHost(bridge).openRecentProject('/sites/plant.conduit');
    expect(calls).toEqual([['project:openRecent', [{ path: '/sites/plant.conduit' }]]]);
    const gone = fakeBridge({ 'project:openRecent': new Error('plant.conduit: ENOENT') });
    await expect(createElectronHost(gone.bridge).openRecentProject('/x')).rejects.toThrow(
      'plant.conduit: ENOENT',
    );
  });

  it('saves to the location, or asks (null), and reports a cancelled dialog', async () => {
    const { bridge, calls } = fakeBridge({ 'project:save': { path: '/sites/new.conduit' } });
    const host = createElectronHost(bridge);
    expect(await host.saveProject({ content: '{}', suggestedName: 'new', location: null })).toEqual({
      status: 'saved',
      location: '/sites/new.conduit',
    });
    expect(calls[0]).toEqual(['project:save', [{ content: '{}', suggestedName: 'new', path: null }]]);
    const cancelled = createElectronHost(fakeBridge({ 'project:save': null }).bridge);
    expect(await cancelled.saveProject({ content: '{}', suggestedName: 'n', location: null })).toEqual({
      status: 'cancelled',
    });
  });

  it('maps the recent list to keys and remembers only projects that have a path', async () => {
    const entry = { path: '/sites/plant.conduit', name: 'plant.conduit', at: '2026-12-04T09:00:00.000Z' };
    const { bridge, calls } = fakeBridge({ 'project:recent': [entry] });
    const host = createElectronHost(bridge);
    expect(await host.recentProjects()).toEqual([
      { key: entry.path, name: entry.name, location: entry.path, at: entry.at },
    ]);
    await host.rememberProject({ name: 'example', location: null, text: '' });
    await host.rememberProject({ name: 'plant.conduit', location: entry.path, text: '' });
    expect(calls.slice(1)).toEqual([['project:remember', [{ path: entry.path }]]]);
  });
});

describe('Electron host: window and PDF', () => {
  it('prints a draft to learn the section pages, then prints the report with them', async () => {
    const { bridge, calls } = fakeBridge({
      'report:measurePdf': { paths: 3, egress: 5 },
      'report:printPdf': { path: '/r.pdf' },
    });
    const render = vi.fn(async (pages: Readonly<Record<string, number>> | null) =>
      pages === null ? '<h1>draft</h1>' : `<h1>final ${pages.paths}-${pages.egress}</h1>`,
    );
    expect(
      await createElectronHost(bridge).exportPdf({
        render,
        suggestedName: 'r.pdf',
        generatedAt: '2026-03-01T09:00:00Z',
      }),
    ).toEqual({
      status: 'saved',
      location: '/r.pdf',
    });
    expect(render.mock.calls).toEqual([[null], [{ paths: 3, egress: 5 }]]);
    expect(calls).toEqual([
      ['report:measurePdf', [{ html: '<h1>draft</h1>' }]],
      [
        'report:printPdf',
        [{ html: '<h1>final 3-5</h1>', suggestedName: 'r.pdf', generatedAt: '2026-03-01T09:00:00Z' }],
      ],
    ]);
  });

  it('prints the draft as it is when it has no anchors, and reports a cancelled dialog', async () => {
    const { bridge, calls } = fakeBridge({ 'report:measurePdf': {}, 'report:printPdf': null });
    const render = vi.fn(async () => '<p>plain</p>');
    expect(
      await createElectronHost(bridge).exportPdf({
        render,
        suggestedName: 'r',
        generatedAt: '2026-03-01T09:00:00Z',
      }),
    ).toEqual({
      status: 'cancelled',
    });
    expect(render).toHaveBeenCalledOnce();
    expect(calls[1]).toEqual([
      'report:printPdf',
      [{ html: '<p>plain</p>', suggestedName: 'r', generatedAt: '2026-03-01T09:00:00Z' }],
    ]);
  });

  it('fails with the main process message when printing fails', async () => {
    const { bridge } = fakeBridge({ 'report:measurePdf': new Error('printing the report failed: gone') });
    await expect(
      createElectronHost(bridge).exportPdf({
        render: async () => '<p>',
        suggestedName: 'r',
        generatedAt: '2026-03-01T09:00:00Z',
      }),
    ).rejects.toThrow('printing the report failed: gone');
  });

  it('sends the document state, cutting titles to what the main process accepts', async () => {
    const { bridge, calls } = fakeBridge();
    createElectronHost(bridge).setDocumentState({ title: 'x'.repeat(500), dirty: true });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual(['window:setDocumentState', [{ title: 'x'.repeat(200), dirty: true }]]);
  });

  it('closes the window for good when asked (after the save the close box asked for)', async () => {
    const { bridge, calls } = fakeBridge();
    createElectronHost(bridge).closeWindow();
    await vi.waitFor(() => expect(calls).toEqual([['window:close', [{ force: true }]]]));
  });

  it('passes "save-and-close" to the UI like any other command', () => {
    const { bridge, fire } = fakeBridge();
    const listener = vi.fn();
    createElectronHost(bridge).onMenuCommand(listener);
    fire({ command: 'save-and-close' });
    expect(listener).toHaveBeenCalledWith('save-and-close');
  });
});

describe('Electron host: menu commands', () => {
  it('passes commands and the recent project argument on, and unsubscribes', () => {
    const { bridge, fire, subscribed } = fakeBridge();
    const listener = vi.fn();
    const off = createElectronHost(bridge, { focusIsEditable: () => false }).onMenuCommand(listener);
    fire({ command: 'zoom-in' });
    fire({ command: 'open-recent', argument: '/sites/plant.conduit' });
    expect(listener.mock.calls).toEqual([['zoom-in'], ['open-recent', '/sites/plant.conduit']]);
    off();
    expect(subscribed()).toBe(false);
  });

  it('gives Undo and Redo to a focused text field instead of the project', () => {
    const { bridge, fire } = fakeBridge();
    let editing = true;
    const editCommand = vi.fn();
    const listener = vi.fn();
    createElectronHost(bridge, { focusIsEditable: () => editing, editCommand }).onMenuCommand(listener);
    fire({ command: 'undo' });
    fire({ command: 'redo' });
    expect(editCommand.mock.calls).toEqual([['undo'], ['redo']]);
    expect(listener).not.toHaveBeenCalled();
    editing = false;
    fire({ command: 'undo' });
    expect(listener).toHaveBeenCalledWith('undo');
    expect(editCommand).toHaveBeenCalledTimes(2);
  });

  it('recognises text fields, text areas and contenteditable, not buttons or checkboxes', () => {
    const focus = (element: object | null) => ({ activeElement: element as Element | null });
    expect(focusIsEditable(focus({ tagName: 'INPUT', type: 'search' }))).toBe(true);
    expect(focusIsEditable(focus({ tagName: 'INPUT', type: 'text' }))).toBe(true);
    expect(focusIsEditable(focus({ tagName: 'TEXTAREA' }))).toBe(true);
    expect(focusIsEditable(focus({ tagName: 'DIV', isContentEditable: true }))).toBe(true);
    expect(focusIsEditable(focus({ tagName: 'INPUT', type: 'checkbox' }))).toBe(false);
    expect(focusIsEditable(focus({ tagName: 'BUTTON' }))).toBe(false);
    expect(focusIsEditable(focus({ tagName: 'DIV', isContentEditable: false }))).toBe(false);
    expect(focusIsEditable(focus(null))).toBe(false);
    expect(focusIsEditable(undefined)).toBe(false);
  });

  it('finds the bridge only when the preload exposed version 1', () => {
    const { bridge } = fakeBridge();
    expect(findBridge({ conduit: bridge })).toBe(bridge);
    expect(findBridge({ conduit: { apiVersion: 2 } })).toBeNull();
    expect(findBridge({})).toBeNull();
  });
});
