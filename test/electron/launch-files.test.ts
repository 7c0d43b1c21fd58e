import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({
  app: { getVersion: () => '0.1.0', getPath: () => '/home/user/Documents' },
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
}));

const { LaunchQueue, projectPathFromArgv } = await import('../../electron/main/launch-files');
const { createHandlers } = await import('../../electron/main/handlers');
const { RecentProjects } = await import('../../electron/main/recent-projects');

describe('projects the operating system opens', () => {
  it('finds the .conduit path on a command line, resolved against the launch folder', () => {
    expect(projectPathFromArgv(['/opt/Conduit/conduit', 'plant.conduit'], '/home/ot')).toBe(
      '/home/ot/plant.conduit',
    );
    expect(projectPathFromArgv(['C:\\Conduit.exe', '--flag', '/srv/A.CONDUIT'], '/x')).toBe('/srv/A.CONDUIT');
    // `electron .` in development: the app folder is not a project; flags are not either.
    expect(projectPathFromArgv(['/usr/bin/electron', '.', '--inspect=9229'], '/repo')).toBeNull();
    expect(projectPathFromArgv(['/usr/bin/electron', '--x.conduit'], '/repo')).toBeNull();
    expect(projectPathFromArgv(['conduit'], '/repo')).toBeNull();
    // The executable itself is never taken, whatever it is called.
    expect(projectPathFromArgv(['/weird/app.conduit'], '/repo')).toBeNull();
  });

  it('keeps a request until the renderer listens, then delivers later ones at once', () => {
    const delivered: string[] = [];
    const queue = new LaunchQueue((file) => delivered.push(file));
    queue.offer(null);
    queue.offer('/a.conduit');
    queue.offer('/b.conduit'); // the newest wins while nobody listens
    expect(delivered).toEqual([]);
    expect(queue.take()).toBe('/b.conduit');
    expect(queue.take()).toBeNull();
    queue.offer('/c.conduit');
    expect(delivered).toEqual(['/c.conduit']);
    queue.reset(); // the window closed: wait again for the next one to ask
    queue.offer('/d.conduit');
    expect(delivered).toEqual(['/c.conduit']);
    expect(queue.take()).toBe('/d.conduit');
  });

  describe('project:launch', () => {
    let dir = '';
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('hands the waiting project to the renderer through the recent list, so openRecent may read it', async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'conduit-launch-'));
      const project = path.join(dir, 'plant.conduit');
      await writeFile(project, '{"format":"conduit-project","version":1}');
      const recent = new RecentProjects(path.join(dir, 'recent.json'), { caseInsensitive: false });
      await recent.load();
      const launch = new LaunchQueue(() => undefined);
      const h = createHandlers({
        getWindow: () => null,
        getDocument: () => null,
        recent,
        renderPdf: async () => new Uint8Array(),
        launch,
      });
      // Before the OS asked, and for a second ask, there is nothing.
      launch.offer(project);
      expect(await h['project:launch']()).toEqual({ path: project });
      expect(await h['project:launch']()).toBeNull();
      expect(recent.list().map((e) => e.path)).toEqual([project]);
      expect(await h['project:openRecent']({ path: project })).toMatchObject({ name: 'plant.conduit' });
    });
  });
});
