import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../electron/main/menu-template';

const submenu = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] =>
  (item?.submenu ?? []) as MenuItemConstructorOptions[];

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as unknown as () => void)();
}

describe('native menu', () => {
  it('has File (Open configs…, Quit), Edit and Help (About) on Linux and Windows', () => {
    const send = vi.fn();
    const showAbout = vi.fn();
    const template = menuTemplate({ platform: 'linux', appName: 'Conduit', send, showAbout });
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&Help']);

    const file = submenu(template[0]);
    const open = file.find((i) => i.label === 'Open Configs…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    expect(send).toHaveBeenCalledWith('open-configs');
    expect(file.some((i) => i.role === 'quit')).toBe(true);

    click(submenu(template[2]).find((i) => i.label === 'About Conduit'));
    expect(showAbout).toHaveBeenCalledOnce();
  });

  it('puts About and Quit in the application menu on macOS', () => {
    const template = menuTemplate({
      platform: 'darwin',
      appName: 'Conduit',
      send: vi.fn(),
      showAbout: vi.fn(),
    });
    expect(template.map((m) => m.label)).toEqual(['Conduit', '&File', '&Edit']);
    const app = submenu(template[0]);
    expect(app[0]?.label).toBe('About Conduit');
    expect(app.some((i) => i.role === 'quit')).toBe(true);
    expect(submenu(template[1]).some((i) => i.role === 'quit')).toBe(false);
  });

  it('offers no reload or developer tools', () => {
    const roles = JSON.stringify(
      menuTemplate({ platform: 'win32', appName: 'Conduit', send: vi.fn(), showAbout: vi.fn() }),
    );
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles).not.toContain(role);
  });
});
