import { afterEach, describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from './fake-electron';

/** DocumentWindow against a fake BrowserWindow and message box: the unsaved-changes flow. */

const fake = vi.hoisted(() => ({ electron: null as unknown as ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron: create } = await import('./fake-electron');
  fake.electron = create();
  return fake.electron;
});

const { DocumentWindow } = await import('../../electron/main/document-window');

function open() {
  const window = new fake.electron.BrowserWindow({});
  const document = new DocumentWindow(window as never);
  return { window, document };
}

const answer = (response: number) =>
  fake.electron.dialog.showMessageBox.mockResolvedValueOnce({ response, checkboxChecked: false });

afterEach(() => {
  fake.electron.dialog.showMessageBox.mockClear();
  vi.unstubAllGlobals();
});

describe('DocumentWindow', () => {
  it('closes a clean window at once', () => {
    const { window } = open();
    window.close();
    expect(window.isDestroyed()).toBe(true);
    expect(fake.electron.dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it("Don't Save closes the dirty window without saving", async () => {
    const { window, document } = open();
    document.setState({ title: 'plant', dirty: true });
    answer(1);
    window.close();
    await vi.waitFor(() => expect(window.isDestroyed()).toBe(true));
    expect(window.webContents.sent).toEqual([]);
    const [, box] = fake.electron.dialog.showMessageBox.mock.calls[0] as unknown as [
      unknown,
      { message: string },
    ];
    expect(box.message).toBe('Do you want to save the changes to plant?');
  });

  it('asks only once while the question is open', async () => {
    const { window, document } = open();
    document.setState({ title: 'plant', dirty: true });
    let reply: (value: { response: number; checkboxChecked: boolean }) => void = () => undefined;
    fake.electron.dialog.showMessageBox.mockReturnValueOnce(new Promise((resolve) => (reply = resolve)));
    window.close();
    window.close();
    expect(fake.electron.dialog.showMessageBox).toHaveBeenCalledOnce();
    reply({ response: 2, checkboxChecked: false });
    await vi.waitFor(() => expect(fake.electron.dialog.showMessageBox).toHaveBeenCalledOnce());
    expect(window.isDestroyed()).toBe(false);
  });

  it('Cancel keeps the window open and says so (a quit in progress stops)', async () => {
    const window = new fake.electron.BrowserWindow({});
    const cancelled = vi.fn();
    const document = new DocumentWindow(window as never, cancelled);
    document.setState({ title: 'plant', dirty: true });
    answer(2);
    window.close();
    await vi.waitFor(() => expect(cancelled).toHaveBeenCalledOnce());
    expect(window.isDestroyed()).toBe(false);
    answer(1);
    window.close();
    await vi.waitFor(() => expect(window.isDestroyed()).toBe(true));
    expect(cancelled).toHaveBeenCalledOnce();
  });

  it('a window whose changes were saved closes without asking', () => {
    const { window, document } = open();
    document.setState({ title: 'plant', dirty: true });
    document.setState({ title: 'plant', dirty: false });
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('sets the title, and the edited mark on macOS only', () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    try {
      for (const [name, edited] of [
        ['linux', false],
        ['darwin', true],
      ] as const) {
        Object.defineProperty(process, 'platform', { value: name });
        const { window, document } = open();
        document.setState({ title: 'plant', dirty: true });
        expect(window.title).toBe('plant — Conduit');
        expect(window.documentEdited, name).toBe(edited);
      }
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });
});
