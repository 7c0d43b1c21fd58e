import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The handlers' only Electron needs are the dialogs and app paths: fake them.
const electron = vi.hoisted(() => ({
  app: { getVersion: () => '0.1.0', getPath: () => '/home/user/Documents' },
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
}));
vi.mock('electron', () => electron);

const { createHandlers: create, readTextFile } = await import('../../electron/main/handlers');
const { RecentProjects } = await import('../../electron/main/recent-projects');
const { IpcFailure } = await import('../../electron/ipc/router');
const { LIMITS } = await import('../../electron/ipc/validate');

const TEXT = '*filter\n:INPUT DROP [0:0]\nCOMMIT\n';
let dir: string;
let config: string;

/** Handlers with no window, a recent list in the temp folder, and a fake PDF renderer. */
function createHandlers() {
  return create({
    getWindow: () => null,
    getDocument: () => null,
    recent: new RecentProjects(path.join(dir, `recent-${Math.random()}.json`), { caseInsensitive: false }),
    renderPdf: async () => new Uint8Array(),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'conduit-handlers-'));
  config = path.join(dir, 'fw1.iptables');
  await writeFile(config, TEXT);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  electron.dialog.showOpenDialog.mockReset();
  electron.dialog.showSaveDialog.mockReset();
});

describe('main-process handlers', () => {
  it('dialog:openFiles reads the chosen files and grants them for file:read', async () => {
    const handlers = createHandlers();
    await expect(handlers['file:read']({ path: config })).rejects.toMatchObject({ code: 'not-granted' });

    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [config] });
    const opened = await handlers['dialog:openFiles']();
    expect(opened).toEqual([{ name: 'fw1.iptables', path: config, size: TEXT.length, text: TEXT }]);
    expect(electron.dialog.showOpenDialog.mock.calls[0]?.[0]).toMatchObject({
      properties: ['openFile', 'multiSelections'],
    });

    await expect(handlers['file:read']({ path: config })).resolves.toMatchObject({ name: 'fw1.iptables' });
    await expect(handlers['file:read']({ path: path.join(dir, 'other') })).rejects.toBeInstanceOf(IpcFailure);
  });

  it('dialog:openFiles resolves to no files when cancelled', async () => {
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await createHandlers()['dialog:openFiles']()).toEqual([]);
  });

  it('refuses files above the size limit and folders, naming only the base name', async () => {
    const big = path.join(dir, 'big.conf');
    await writeFile(big, '');
    await truncate(big, LIMITS.readBytes + 1);
    await expect(readTextFile(big)).rejects.toMatchObject({ code: 'too-large' });
    await expect(readTextFile(dir)).rejects.toMatchObject({ code: 'io' });
    await expect(readTextFile(path.join(dir, 'missing.conf'))).rejects.toMatchObject({
      code: 'io',
      message: 'missing.conf: ENOENT',
    });
  });

  it('file:write saves where the user chose, suggesting a sanitized name', async () => {
    const target = path.join(dir, 'issues.csv');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const result = await createHandlers()['file:write']({
      suggestedName: '../../evil/issues.csv',
      kind: 'csv',
      content: 'a,b\r\n',
    });
    expect(result).toEqual({ path: target });
    expect(await readFile(target, 'utf-8')).toBe('a,b\r\n');
    const options = electron.dialog.showSaveDialog.mock.calls[0]?.[0] as {
      defaultPath: string;
      filters: unknown;
    };
    expect(options.defaultPath).toBe(path.join('/home/user/Documents', 'issues.csv'));
    expect(options.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
  });

  it('file:write resolves to null when cancelled', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true });
    expect(
      await createHandlers()['file:write']({ suggestedName: 'x.csv', kind: 'csv', content: '' }),
    ).toBeNull();
  });
});
