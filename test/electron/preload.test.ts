import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConduitApi } from '../../electron/preload/api';

/** Runs the real preload against a fake contextBridge/ipcRenderer and checks what the page gets. */

const fake = vi.hoisted(() => {
  const listeners = new Map<string, Array<(event: unknown, payload: unknown) => void>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value) },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
      fake.listeners.set(channel, [...(fake.listeners.get(channel) ?? []), fn]);
    },
    removeListener: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
      fake.listeners.set(
        channel,
        (fake.listeners.get(channel) ?? []).filter((l) => l !== fn),
      );
    },
  },
}));

let api: ConduitApi;

beforeAll(async () => {
  await import('../../electron/preload/index');
  api = fake.exposed.get('conduit') as ConduitApi;
});

describe('preload bridge', () => {
  it('exposes exactly one object, window.conduit, and no ipcRenderer', () => {
    expect([...fake.exposed.keys()]).toEqual(['conduit']);
    expect(Object.keys(api).sort()).toEqual([
      'apiVersion',
      'app',
      'dialog',
      'file',
      'on',
      'project',
      'report',
      'window',
    ]);
    expect(JSON.stringify(Object.keys(api.file))).toBe('["read","write"]');
    expect(Object.keys(api.project)).toEqual(['open', 'openRecent', 'save', 'recent', 'launch', 'remember']);
    expect(Object.keys(api.window)).toEqual(['setDocumentState', 'close']);
    expect(Object.keys(api.report)).toEqual(['measurePdf', 'printPdf']);
    expect(api.apiVersion).toBe(1);
  });

  it('maps each method to its contract channel', async () => {
    await api.dialog.openFiles({ title: 'Open' });
    await api.file.read({ path: '/a' });
    await api.file.write({ suggestedName: 'x.csv', kind: 'csv', content: '' });
    await api.app.versions();
    await api.project.open();
    await api.project.openRecent({ path: '/p.conduit' });
    await api.project.save({ content: '{}', suggestedName: 'p', path: null });
    await api.project.recent();
    await api.project.launch();
    await api.project.remember({ path: '/p.conduit' });
    await api.window.setDocumentState({ title: 'p', dirty: true });
    await api.window.close({ force: true });
    await api.report.measurePdf({ html: '<h1>r</h1>' });
    await api.report.printPdf({
      html: '<h1>r</h1>',
      suggestedName: 'r.pdf',
      generatedAt: '2026-03-01T09:00:00Z',
    });
    expect(fake.invoke.mock.calls.map((c) => c[0])).toEqual([
      'dialog:openFiles',
      'file:read',
      'file:write',
      'app:versions',
      'project:open',
      'project:openRecent',
      'project:save',
      'project:recent',
      'project:launch',
      'project:remember',
      'window:setDocumentState',
      'window:close',
      'report:measurePdf',
      'report:printPdf',
    ]);
    expect(fake.invoke.mock.calls[1]).toEqual(['file:read', { path: '/a' }]);
    expect(fake.invoke.mock.calls[11]).toEqual(['window:close', { force: true }]);
  });

  it('delivers only the payload of events, and unsubscribes', () => {
    const received: unknown[] = [];
    const off = api.on('menu:invoked', (payload) => received.push(payload));
    const sender = { sender: 'ipcRenderer internals' };
    for (const l of fake.listeners.get('menu:invoked') ?? []) {
      l(sender, { command: 'open-configs' });
      l(sender, { command: 'open-recent', argument: '/p.conduit' });
    }
    expect(received).toEqual([
      { command: 'open-configs' },
      { command: 'open-recent', argument: '/p.conduit' },
    ]);
    off();
    expect(fake.listeners.get('menu:invoked')).toEqual([]);
  });

  it('refuses to subscribe to channels outside the contract', () => {
    expect(() => api.on('internal:secret' as 'menu:invoked', () => undefined)).toThrow(
      'unknown event channel',
    );
  });
});
