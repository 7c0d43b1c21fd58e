import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from './fake-electron';

/** Runs electron/main/pdf.ts against a fake Electron: what window it opens, what it may load. */

const fake = vi.hoisted(() => ({ electron: null as unknown as ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron: create } = await import('./fake-electron');
  fake.electron = create();
  return fake.electron;
});

const { renderPdf } = await import('../../electron/main/pdf');

const HTML = '<!doctype html><style>@page{size:A4}</style><h1>Plant &lt;script&gt;</h1>';

interface Loaded {
  file: string;
  text: string;
}

/** Records the file each window loads and its content at that moment. */
function recordLoads(
  onLoad?: (window: { webContents: { printToPDF: ReturnType<typeof vi.fn> } }) => void,
): Loaded[] {
  const loads: Loaded[] = [];
  const proto = fake.electron.BrowserWindow.prototype as { loadFile: (file: string) => Promise<void> };
  const original = proto.loadFile;
  vi.spyOn(proto, 'loadFile').mockImplementation(function (this: unknown, file: string) {
    loads.push({ file, text: readFileSync(file, 'utf-8') });
    onLoad?.(this as Parameters<NonNullable<typeof onLoad>>[0]);
    return original.call(this, file);
  });
  return loads;
}

beforeEach(() => {
  fake.electron.windows.length = 0;
  vi.restoreAllMocks();
});

describe('renderPdf', () => {
  it('prints in a hidden window without JavaScript, in its own session, then cleans up', async () => {
    const loads = recordLoads();
    const pdf = await renderPdf(HTML);
    expect(pdf.toString()).toBe('%PDF-1.7 fake');

    const [window] = fake.electron.windows;
    expect(window!.options).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect((window!.options.webPreferences as { preload?: string }).preload).toBeUndefined();
    const partition = (window!.options.webPreferences as { partition: string }).partition;
    expect(fake.electron.session.fromPartition).toHaveBeenCalledWith(partition);

    expect(loads).toEqual([{ file: expect.stringMatching(/report\.html$/), text: HTML }]);
    expect(window!.webContents.printToPDF).toHaveBeenCalledWith(
      expect.objectContaining({ pageSize: 'A4', printBackground: true }),
    );
    // The temp folder and the window are gone.
    expect(existsSync(path.dirname(loads[0]!.file))).toBe(false);
    expect(window!.isDestroyed()).toBe(true);
  });

  it('lets the print session load the report file and data: URLs only', async () => {
    const loads = recordLoads();
    await renderPdf(HTML);
    const session = fake.electron.session.fromPartition.mock.results.at(-1)!.value as {
      webRequest: { onBeforeRequest: { mock: { calls: unknown[][] } } };
      setPermissionRequestHandler: { mock: { calls: unknown[] } };
    };
    const before = session.webRequest.onBeforeRequest.mock.calls[0]![0] as (
      d: { url: string },
      cb: (r: { cancel: boolean }) => void,
    ) => void;
    const allowed = (url: string): boolean => {
      let cancel = true;
      before({ url }, (r) => (cancel = r.cancel));
      return !cancel;
    };
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(allowed(pathToFileURL(loads[0]!.file).href)).toBe(true);
    expect(allowed('data:image/svg+xml,<svg/>')).toBe(true);
    expect(allowed(pathToFileURL(path.join(path.dirname(loads[0]!.file), 'other.html')).href)).toBe(false);
    expect(allowed('https://evil.example/pixel.png')).toBe(false);
    expect(allowed(pathToFileURL('/etc/passwd').href)).toBe(false);
    expect(session.setPermissionRequestHandler.mock.calls).toHaveLength(1);
  });

  it('cleans up when printing fails', async () => {
    const loads = recordLoads((window) =>
      window.webContents.printToPDF.mockRejectedValueOnce(new Error('render process gone')),
    );
    await expect(renderPdf(HTML)).rejects.toThrow('render process gone');
    expect(existsSync(path.dirname(loads[0]!.file))).toBe(false);
    expect(fake.electron.windows[0]!.isDestroyed()).toBe(true);
  });
});
