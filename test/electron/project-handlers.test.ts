import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The handlers' only Electron needs are the dialogs and app paths: fake them.
const electron = vi.hoisted(() => ({
  app: { getVersion: () => '0.1.0', getPath: () => '/home/user/Documents' },
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
}));
vi.mock('electron', () => electron);

const { createHandlers } = await import('../../electron/main/handlers');
const { projectFileName, projectSavePath } = await import('../../electron/main/project-handlers');
const { RecentProjects } = await import('../../electron/main/recent-projects');
const { LIMITS } = await import('../../electron/ipc/validate');

const PROJECT = '{"format":"conduit-project","version":1}';
let dir: string;
let project: string;
let recent: InstanceType<typeof RecentProjects>;
let renderPdf: ReturnType<typeof vi.fn>;
let document: { setState: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn> };

function handlers() {
  return createHandlers({
    getWindow: () => null,
    getDocument: () => document as never,
    recent,
    renderPdf: renderPdf as (html: string) => Promise<Uint8Array>,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'conduit-projects-'));
  project = path.join(dir, 'plant.conduit');
  await writeFile(project, PROJECT);
  recent = new RecentProjects(path.join(dir, 'recent-projects.json'), { caseInsensitive: false });
  renderPdf = vi.fn(async () => new TextEncoder().encode('%PDF-1.7 fake'));
  document = { setState: vi.fn(), close: vi.fn() };
  electron.dialog.showOpenDialog.mockReset();
  electron.dialog.showSaveDialog.mockReset();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('project:open', () => {
  it('reads the project the user chose through a .conduit dialog and grants it for saving', async () => {
    const h = handlers();
    await expect(
      h['project:save']({ content: 'x', suggestedName: 'p', path: project }),
    ).rejects.toMatchObject({
      code: 'not-granted',
    });
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [project] });
    expect(await h['project:open']()).toEqual({
      name: 'plant.conduit',
      path: project,
      size: PROJECT.length,
      text: PROJECT,
    });
    const options = electron.dialog.showOpenDialog.mock.calls[0]?.[0] as {
      properties: string[];
      filters: Array<{ extensions: string[] }>;
    };
    expect(options.properties).toEqual(['openFile']);
    expect(options.filters[0]?.extensions).toEqual(['conduit']);
    await h['project:save']({ content: '{"v":2}', suggestedName: 'p', path: project });
    expect(await readFile(project, 'utf-8')).toBe('{"v":2}');
  });

  it('resolves to null when cancelled', async () => {
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await handlers()['project:open']()).toBeNull();
  });

  it('refuses a project over the size limit', async () => {
    const big = path.join(dir, 'big.conduit');
    await writeFile(big, '');
    await truncate(big, LIMITS.readBytes + 1);
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [big] });
    await expect(handlers()['project:open']()).rejects.toMatchObject({ code: 'too-large' });
  });
});

describe('recent projects', () => {
  it('remembers only granted paths, lists them, and re-opens them (granting them again)', async () => {
    const h = handlers();
    await expect(h['project:remember']({ path: '/etc/passwd' })).rejects.toMatchObject({
      code: 'not-granted',
    });
    expect(await h['project:recent']()).toEqual([]);

    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [project] });
    await h['project:open']();
    expect(await h['project:remember']({ path: project })).toBeNull();
    expect((await h['project:recent']()).map((e) => [e.path, e.name])).toEqual([[project, 'plant.conduit']]);

    // A new session (fresh grants) may re-open what the recent list holds, and then save there.
    const next = handlers();
    await expect(next['project:openRecent']({ path: project })).resolves.toMatchObject({ text: PROJECT });
    await expect(next['project:save']({ content: '{}', suggestedName: 'p', path: project })).resolves.toEqual(
      { path: project },
    );
  });

  it('refuses to open a path that is not in the recent list', async () => {
    await expect(handlers()['project:openRecent']({ path: project })).rejects.toMatchObject({
      code: 'not-granted',
    });
  });

  it('drops a recent project that no longer exists, with a clear error', async () => {
    await recent.add(project);
    await rm(project);
    await expect(handlers()['project:openRecent']({ path: project })).rejects.toMatchObject({
      code: 'io',
      message: 'plant.conduit: ENOENT',
    });
    expect(recent.list()).toEqual([]);
  });
});

describe('project:save', () => {
  it('asks where to save when there is no path, adds .conduit, writes atomically and grants the file', async () => {
    const chosen = path.join(dir, 'new-site');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: chosen });
    const h = handlers();
    const result = await h['project:save']({ content: PROJECT, suggestedName: '../x/site.json', path: null });
    expect(result).toEqual({ path: `${chosen}.conduit` });
    expect(await readFile(`${chosen}.conduit`, 'utf-8')).toBe(PROJECT);
    expect((await readdir(dir)).sort()).toEqual(['new-site.conduit', 'plant.conduit']);
    const options = electron.dialog.showSaveDialog.mock.calls[0]?.[0] as {
      defaultPath: string;
      filters: Array<{ extensions: string[] }>;
    };
    expect(options.defaultPath).toBe(path.join('/home/user/Documents', 'site.conduit'));
    expect(options.filters).toEqual([{ name: 'Conduit project', extensions: ['conduit'] }]);
    await expect(h['project:remember']({ path: `${chosen}.conduit` })).resolves.toBeNull();
  });

  it('resolves to null when the save dialog is cancelled, writing nothing', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true });
    expect(await handlers()['project:save']({ content: 'x', suggestedName: 'p', path: null })).toBeNull();
    expect(await readdir(dir)).toEqual(['plant.conduit']);
  });

  it('reports a failed write as an I/O error naming only the file', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({
      canceled: false,
      filePath: path.join(dir, 'missing-folder', 'p.conduit'),
    });
    await expect(
      handlers()['project:save']({ content: 'x', suggestedName: 'p', path: null }),
    ).rejects.toEqual(expect.objectContaining({ code: 'io', message: 'p.conduit: ENOENT' }));
  });

  it('names files sensibly', () => {
    expect(projectFileName('plant site')).toBe('plant site.conduit');
    expect(projectFileName('plant.CONDUIT')).toBe('plant.CONDUIT');
    expect(projectFileName('plant.json')).toBe('plant.conduit');
    expect(projectFileName('')).toBe('project.conduit');
    expect(projectSavePath('/a/site.conduit', () => false)).toBe('/a/site.conduit');
    expect(projectSavePath('/a/site.backup', () => false)).toBe('/a/site.backup');
    expect(projectSavePath('/a/site', () => false)).toBe('/a/site.conduit');
    // The dialog confirmed overwriting "site", not "site.conduit": never replace that silently.
    expect(projectSavePath('/a/site', () => true)).toBe('/a/site');
  });
});

describe('window and report channels', () => {
  it('passes the document state and close requests to the window', async () => {
    const h = handlers();
    expect(await h['window:setDocumentState']({ title: 'plant', dirty: true })).toBeNull();
    expect(document.setState).toHaveBeenCalledWith({ title: 'plant', dirty: true });
    expect(await h['window:close']({ force: true })).toBeNull();
    expect(document.close).toHaveBeenCalledWith(true);
  });

  it('report:printPdf asks where to save, renders the HTML and writes the PDF atomically', async () => {
    const target = path.join(dir, 'report.pdf');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const html = '<!doctype html><h1>Plant &lt;site&gt;</h1>';
    // Chromium's dates are replaced by the report's (same length: offsets stay valid).
    renderPdf.mockResolvedValueOnce(
      new TextEncoder().encode(
        "%PDF-1.7 fake\n<</CreationDate (D:20991231235959+00'00')\n/ModDate (D:20991231235959+00'00')>>",
      ),
    );
    expect(
      await handlers()['report:printPdf']({
        html,
        suggestedName: 'plant report.html',
        generatedAt: '2026-03-01T09:00:00Z',
      }),
    ).toEqual({ path: target });
    expect(renderPdf).toHaveBeenCalledWith(html);
    expect(await readFile(target, 'utf-8')).toBe(
      "%PDF-1.7 fake\n<</CreationDate (D:20260301090000+00'00')\n/ModDate (D:20260301090000+00'00')>>",
    );
    const options = electron.dialog.showSaveDialog.mock.calls[0]?.[0] as {
      defaultPath: string;
      filters: unknown;
    };
    expect(options.defaultPath).toBe(path.join('/home/user/Documents', 'plant report.pdf'));
    expect(options.filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }]);
  });

  it('report:measurePdf prints a draft and reads the page of each section anchor', async () => {
    // A PDF skeleton as Chromium's Skia writes it: catalog, page tree, named destinations.
    const pdf = [
      '%PDF-1.4',
      '1 0 obj\n<</Type /Catalog\n/Pages 2 0 R\n/Dests 9 0 R>>\nendobj',
      '2 0 obj\n<</Type /Pages\n/Kids [3 0 R 4 0 R]>>\nendobj',
      '3 0 obj\n<</Type /Page>>\nendobj',
      '4 0 obj\n<</Type /Page>>\nendobj',
      '9 0 obj\n<</sec-summary [3 0 R /XYZ 6 826 0]\n/sec#2Dpaths [4 0 R /XYZ 6 826 0]>>\nendobj',
      '%%EOF',
    ].join('\n');
    renderPdf.mockResolvedValueOnce(new TextEncoder().encode(pdf));
    expect(await handlers()['report:measurePdf']({ html: '<h1>draft</h1>' })).toEqual({
      'sec-summary': 1,
      'sec-paths': 2,
    });
    expect(renderPdf).toHaveBeenCalledWith('<h1>draft</h1>');
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('report:printPdf renders nothing when cancelled, and keeps the old file when rendering fails', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true });
    expect(
      await handlers()['report:printPdf']({
        html: '<p>x',
        suggestedName: 'r',
        generatedAt: '2026-03-01T09:00:00Z',
      }),
    ).toBeNull();
    expect(renderPdf).not.toHaveBeenCalled();

    const target = path.join(dir, 'old.pdf');
    await writeFile(target, 'old pdf');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    renderPdf.mockRejectedValueOnce(new Error('render process gone'));
    await expect(
      handlers()['report:printPdf']({
        html: '<p>x',
        suggestedName: 'r',
        generatedAt: '2026-03-01T09:00:00Z',
      }),
    ).rejects.toMatchObject({
      code: 'internal',
      message: 'printing the report failed: render process gone',
    });
    expect(await readFile(target, 'utf-8')).toBe('old pdf');
  });
});
