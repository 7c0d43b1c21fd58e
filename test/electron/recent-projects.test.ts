import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addRecent,
  MAX_RECENT,
  parseRecent,
  RECENT_FILE,
  RecentProjects,
  serializeRecent,
} from '../../electron/main/recent-projects';

const entry = (name: string, at = '2026-12-01T10:00:00.000Z') => ({ path: `/sites/${name}`, name, at });

describe('recent list (pure)', () => {
  it('puts the newest first, drops the older entry of the same path, and keeps ten', () => {
    let list = addRecent([], entry('a.conduit'));
    list = addRecent(list, entry('b.conduit'));
    list = addRecent(list, entry('a.conduit', '2026-12-02T10:00:00.000Z'));
    expect(list.map((e) => [e.name, e.at])).toEqual([
      ['a.conduit', '2026-12-02T10:00:00.000Z'],
      ['b.conduit', '2026-12-01T10:00:00.000Z'],
    ]);
    for (let i = 0; i < 15; i++) list = addRecent(list, entry(`p${i}.conduit`));
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]?.name).toBe('p14.conduit');
    expect(list.at(-1)?.name).toBe('p5.conduit');
  });

  it('compares paths case-insensitively only when asked (Windows, macOS)', () => {
    const upper = { path: '/Sites/A.conduit', name: 'A.conduit', at: '2026-12-02T00:00:00.000Z' };
    expect(addRecent([entry('a.conduit')], { ...upper, path: '/sites/A.conduit' }, false)).toHaveLength(2);
    expect(addRecent([{ ...upper, path: '/sites/a.conduit' }], upper, true)).toEqual([upper]);
  });

  it('reads back what it writes', () => {
    const list = [entry('b.conduit'), entry('a.conduit')];
    expect(parseRecent(serializeRecent(list))).toEqual(list);
  });

  it('turns a corrupt file into an empty list and drops malformed entries', () => {
    for (const text of ['', '{', 'null', '[]', '{"projects": 3}', '\u0000\u0001'])
      expect(parseRecent(text), JSON.stringify(text)).toEqual([]);
    const text = JSON.stringify({
      projects: [
        entry('ok.conduit'),
        { path: 'relative.conduit', name: 'x', at: '2026-12-01T00:00:00Z' },
        { path: '/a', name: 7, at: '2026-12-01T00:00:00Z' },
        { path: '/b', name: 'b', at: 'not a date' },
        { path: '/c\u0000', name: 'c', at: '2026-12-01T00:00:00Z' },
        null,
        entry('ok.conduit', '2026-11-01T00:00:00.000Z'),
      ],
    });
    expect(parseRecent(text)).toEqual([entry('ok.conduit')]);
  });

  it('caps a hand-edited file at ten entries', () => {
    const projects = Array.from({ length: 14 }, (_, i) => entry(`p${i}.conduit`));
    expect(parseRecent(JSON.stringify({ projects })).map((e) => e.name)).toEqual(
      projects.slice(0, MAX_RECENT).map((e) => e.name),
    );
  });
});

describe('RecentProjects (file in userData)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'conduit-recent-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts empty without a file, persists every change and loads it again', async () => {
    const file = path.join(dir, RECENT_FILE);
    const onChange = vi.fn();
    let clock = Date.parse('2026-12-04T09:00:00.000Z');
    const recent = new RecentProjects(file, {
      caseInsensitive: false,
      now: () => new Date((clock += 1000)),
      onChange,
    });
    expect(await recent.load()).toEqual([]);
    await recent.add('/sites/plant.conduit');
    await recent.add('/sites/lab.conduit');
    await recent.add('/sites/plant.conduit');
    expect(recent.list().map((e) => e.name)).toEqual(['plant.conduit', 'lab.conduit']);
    expect(onChange).toHaveBeenLastCalledWith(recent.list(), recent.list()[0]);

    const again = new RecentProjects(file, { caseInsensitive: false });
    expect(await again.load()).toEqual(recent.list());
    expect(again.find('/sites/lab.conduit')?.at).toBe('2026-12-04T09:00:02.000Z');

    await again.remove('/sites/lab.conduit');
    expect(parseRecent(await readFile(file, 'utf-8')).map((e) => e.name)).toEqual(['plant.conduit']);
    await again.clear();
    expect(parseRecent(await readFile(file, 'utf-8'))).toEqual([]);
  });

  it('treats a corrupt file as empty and replaces it on the next change', async () => {
    const file = path.join(dir, RECENT_FILE);
    await writeFile(file, '{"projects": [ {"path": "/x"');
    const recent = new RecentProjects(file, { caseInsensitive: false });
    expect(await recent.load()).toEqual([]);
    await recent.add('/sites/new.conduit');
    expect(parseRecent(await readFile(file, 'utf-8')).map((e) => e.name)).toEqual(['new.conduit']);
  });

  it('keeps the order of quick successive changes on disk', async () => {
    const file = path.join(dir, RECENT_FILE);
    const recent = new RecentProjects(file, { caseInsensitive: false });
    await Promise.all(['a', 'b', 'c', 'd'].map((n) => recent.add(`/sites/${n}.conduit`)));
    expect(parseRecent(await readFile(file, 'utf-8')).map((e) => e.name)).toEqual([
      'd.conduit',
      'c.conduit',
      'b.conduit',
      'a.conduit',
    ]);
  });
});
