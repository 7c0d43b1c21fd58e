import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleProject } from './example';
import {
  CURRENT_VERSION,
  type JsonObject,
  type Migration,
  type Project,
  createProject,
  fileNameProblem,
  formatProjectError,
  looksLikeProject,
  markSaved,
  migrateDocument,
  parseProject,
  serializeProject,
} from '../../../models/project';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'project');
const fixture = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const TOOL = { name: 'conduit', version: '0.1.0' };

const parsed = (text: string, name = 'project.conduit'): Project => {
  const r = parseProject(text, name);
  if (!r.ok) throw new Error(formatProjectError(r.error));
  return r.value;
};
const failure = (text: string, name = 'project.conduit'): string => {
  const r = parseProject(text, name);
  return r.ok ? 'accepted' : formatProjectError(r.error);
};
/** The 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string, from = 0): number =>
  text.slice(0, text.indexOf(needle, from)).split('\n').length;

describe('a project built from the example site', () => {
  it('holds every file with its SHA-256 and size, and saves, loads and saves to the same bytes', () => {
    const p = exampleProject();
    expect(p.files.map((f) => f.name)).toContain('rbw-edge-fw01.cfg');
    const edge = p.files.find((f) => f.name === 'rbw-edge-fw01.cfg')!;
    const bytes = fs.readFileSync(path.join(root, 'examples', 'plant-site', 'rbw-edge-fw01.cfg'));
    expect(edge.size).toBe(bytes.length);
    expect(edge.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const text = serializeProject(p);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "format": "conduit-project",');
    const back = parseProject(text, 'plant.conduit');
    expect(back.ok && back.diagnostics).toEqual([]);
    expect(back.ok && back.value).toEqual(p);
    expect(serializeProject(parsed(text))).toBe(text);
  });
});

describe('reading a project', () => {
  it('reads the fixtures, with settings, edits and view', () => {
    const p = parsed(fixture('full.valid.conduit'));
    expect(p.settings).toEqual({ from: ['10.1.0.0/24'], to: ['10.2.0.7'], k: 5 });
    expect(p.edits.map((e) => e.kind)).toEqual(['disable', 'narrow', 'deny-above']);
    expect(p.edits[0]!.note).toMatch(/retired/);
    expect(p.view.map).toEqual({ zoom: 1.25, pan: { x: -40, y: 12.5 } });
    expect(p.view['x-panel-widths']).toEqual([320, 480]);
    expect(parsed(fixture('minimal.valid.conduit')).files[0]!.name).toBe('fw/cell-fw.iptables-save');
  });

  it('names the file and line of a value that breaks the schema', () => {
    const text = fixture('bad-sha256.invalid.conduit');
    expect(failure(text)).toBe(
      `project.conduit:${lineOf(text, '"sha256"')}: files[0].sha256 is not a SHA-256 hex digest (64 lower-case hex digits)`,
    );
    const abs = fixture('absolute-name.invalid.conduit');
    expect(failure(abs)).toBe(
      `project.conduit:${lineOf(abs, '/etc/passwd')}: files[0].name the file name is an absolute path: '/etc/passwd'`,
    );
    expect(failure(fixture('parent-name.invalid.conduit'))).toMatch(
      /^project\.conduit:\d+: files\[0\]\.name .*'\.\.'/,
    );
    const kind = fixture('bad-edit-kind.invalid.conduit');
    expect(failure(kind)).toBe(
      `project.conduit:${lineOf(kind, '"delete"')}: edits[0].kind 'delete' is not an edit kind (disable, narrow, deny-above)`,
    );
    expect(failure(fixture('missing-files.invalid.conduit'))).toBe(
      "project.conduit:1: the project the required property 'files' is missing",
    );
  });

  it('refuses names with NUL, Windows drives, empty parts, and two files of one name', () => {
    for (const bad of ['a\0b', 'C:/x.cfg', 'a//b', './a', 'a/..', '..', 'a\\b', ''])
      expect(fileNameProblem(bad), JSON.stringify(bad)).not.toBeNull();
    for (const good of ['fw.cfg', 'site/dmz/fw 1.cfg', '..hidden', 'a..b'])
      expect(fileNameProblem(good)).toBeNull();
    const doc = JSON.parse(fixture('minimal.valid.conduit'));
    doc.files.push({ ...doc.files[0] });
    const text = JSON.stringify(doc, null, 2);
    expect(failure(text)).toMatch(
      new RegExp(
        `^project\\.conduit:${lineOf(text, '"name": "fw/', text.lastIndexOf('"files"') + 200)}: files\\[1\\]\\.name 'fw/cell-fw\\.iptables-save' is also the name of files\\[0\\]$`,
      ),
    );
    expect(createProject({ name: 'x', tool: TOOL, files: [{ name: '../x', text: 'a' }] })).toEqual({
      ok: false,
      error: `"../x": the file name contains '..'`,
    });
  });

  it('shows control and bidi characters of the file in messages as escapes', () => {
    const doc = JSON.parse(fixture('minimal.valid.conduit'));
    doc.files[0].name = 'x\u001b[2J\u202e.cfg';
    const message = failure(JSON.stringify(doc, null, 2));
    expect(message).toMatch(/control character: 'x\\u001b\[2J\\u202e\.cfg'$/);
    expect(message.includes('\u001b') || message.includes('\u202e')).toBe(false);
  });

  it('flags a file whose text does not match its SHA-256 as an error naming the file and line', () => {
    const text = fixture('changed-text.conduit');
    const r = parseProject(text, 'cell.conduit');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d).toMatchObject({ severity: 'error', code: 'invalid-value', stage: 'read' });
    expect(d.message).toMatch(
      /files\[0\]\.sha256: the text of 'fw\/cell-fw\.iptables-save' does not match its SHA-256/,
    );
    expect(d.source.file).toBe('cell.conduit');
    expect(d.source.line).toBe(lineOf(text, '"sha256"'));
    expect(d.source.text.trim()).toMatch(/^"sha256": "[0-9a-f]{64}",$/);
    // A changed size is caught before the digest is even computed.
    const doc = JSON.parse(text);
    doc.files[0].size += 1;
    const sized = parseProject(JSON.stringify(doc, null, 2), 'cell.conduit');
    expect(sized.ok && sized.diagnostics[0]!.message).toMatch(
      /holds 323 bytes of text, not the 324 recorded/,
    );
  });

  it('says clearly when a file is not a project, not JSON, or made by a newer Conduit', () => {
    expect(failure('hostname fw1\ninterface eth0\n', 'fw1.conduit')).toBe(
      'fw1.conduit:1: not a Conduit project (not a JSON object)',
    );
    expect(failure('{\n  "format": "conduit-project",\n  "version": 1,\n  "name": "x",\n  ]\n}')).toMatch(
      /^project\.conduit:5: the project is not well-formed JSON: /,
    );
    expect(failure('{\n  "format": "nft",\n  "version": 1\n}')).toBe(
      'project.conduit:2: not a Conduit project (format is "nft", not "conduit-project")',
    );
    expect(failure('[1, 2]')).toBe('project.conduit:1: not a Conduit project (not a JSON object)');
    const newer = parseProject(fixture('newer-version.invalid.conduit'), 'p.conduit');
    expect(newer.ok).toBe(false);
    if (newer.ok) return;
    expect(newer.error.kind).toBe('newer-version');
    expect(newer.error.version).toBe(2);
    expect(formatProjectError(newer.error)).toBe(
      'p.conduit:3: made by a newer Conduit (version 2); this one reads up to 1. Open it with a newer Conduit; it was not changed',
    );
    expect(failure('{"format": "conduit-project", "version": "1"}')).toBe(
      'project.conduit:1: version: is not a whole number',
    );
  });

  it('refuses a property given twice, and keeps a "__proto__" key a plain key', () => {
    const doc = fixture('minimal.valid.conduit').replace(
      '"name": "Small cell",',
      '"name": "a",\n  "name": "b",',
    );
    expect(failure(doc)).toBe("project.conduit:5: the project: the property 'name' appears twice");
    const proto = fixture('full.valid.conduit').replace(
      '"view": {',
      '"view": {\n    "__proto__": {"tab": 7},',
    );
    const p = parsed(proto);
    expect(Object.getPrototypeOf(p.view)).toBe(Object.prototype);
    expect(Object.hasOwn(p.view, '__proto__')).toBe(true);
    expect(serializeProject(parsed(serializeProject(p)))).toBe(serializeProject(p));
  });

  it('warns about unknown properties and mistyped view keys, and does not keep them', () => {
    const text = fixture('full.valid.conduit')
      .replace('"edits": [', '"colour": "blue",\n  "edits": [')
      .replace('"tab": "paths"', '"tab": 3');
    const r = parseProject(text, 'p.conduit');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.diagnostics.map((d) => [d.severity, d.source.line, d.message])).toEqual([
      ['warning', lineOf(text, '"colour"'), 'colour: unknown property, ignored (and not saved again)'],
      ['warning', lineOf(text, '"tab": 3'), 'view.tab: is not a string; the view setting is ignored'],
    ]);
    expect(r.value.view.tab).toBeUndefined();
    expect(serializeProject(r.value)).not.toMatch(/colour/);
  });

  it('checks settings and edits: k, the resolver file, addresses and services, each at its line', () => {
    const base = fixture('full.valid.conduit');
    expect(failure(base.replace('"k": 5', '"k": 0'))).toBe(
      `project.conduit:${lineOf(base, '"k": 5')}: settings.k is not a whole number from 1 to 100`,
    );
    expect(failure(base.replace('"k": 5', '"k": 5, "resolvers": "nope.md"'))).toMatch(
      /settings\.resolvers names no file of the project: 'nope\.md'$/,
    );
    const svc = base.replace('"udp/53"', '"udp/53000000"');
    expect(failure(svc)).toBe(
      `project.conduit:${lineOf(svc, '"udp/53000000"')}: edits[2].service[1] 'udp/53000000': '53000000' is not a port or a range of them`,
    );
    const addr = base.replace('"10.1.0.5"', '"10.1.0.5/8"');
    expect(failure(addr)).toMatch(
      new RegExp(`^project\\.conduit:${lineOf(addr, '"10.1.0.5/8"')}: edits\\[1\\]\\.src\\[0\\] .*host bits`),
    );
    const deny = base
      .replace('"kind": "deny-above",', '"kind": "deny-above", "x": 1,')
      .replace(/"service": \[\s*"tcp\/5900-5903"[^\]]*\]/, '"note": "n"');
    expect(failure(deny)).toMatch(/edits\[2\] the required property 'service' is missing$/);
  });

  it('accepts a byte-order mark and CRLF line ends', () => {
    const text = `\uFEFF${fixture('minimal.valid.conduit').replace(/\n/g, '\r\n')}`;
    expect(parsed(text).name).toBe('Small cell');
    expect(looksLikeProject(text)).toBe(true);
    expect(looksLikeProject('{"nftables": []}')).toBe(false);
    expect(looksLikeProject('anything', 'Site.CONDUIT')).toBe(true);
  });
});

describe('saving', () => {
  it('writes keys in schema order, view keys sorted, 2-space indent and a final newline', () => {
    const p = parsed(fixture('full.valid.conduit'));
    const text = serializeProject(p);
    const top = [...text.matchAll(/^ {2}"([^"]+)":/gm)].map((m) => m[1]);
    expect(top).toEqual([
      'format',
      'version',
      'name',
      'createdAt',
      'savedAt',
      'tool',
      'files',
      'settings',
      'edits',
      'view',
    ]);
    const view = text.slice(text.indexOf('"view"'));
    expect([...view.matchAll(/^ {4}"([^"]+)":/gm)].map((m) => m[1])).toEqual([
      'expandedZones',
      'map',
      'selectedPath',
      'tab',
      'x-panel-widths',
    ]);
    expect(text.endsWith('\n}\n')).toBe(true);
  });

  it('markSaved updates savedAt and the tool, and keeps createdAt', () => {
    const p = markSaved(
      parsed(fixture('minimal.valid.conduit')),
      { name: 'conduit', version: '0.2.0' },
      '2027-01-01T00:00:00.000Z',
    );
    expect([p.createdAt, p.savedAt, p.tool.version]).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
      '0.2.0',
    ]);
  });
});

describe('migrations', () => {
  const add = (from: number, key: string): Migration => ({ from, migrate: (d) => ({ ...d, [key]: from }) });

  it('run in order from the file version up to the target, each once', () => {
    const seen: number[] = [];
    const log = (m: Migration): Migration => ({
      from: m.from,
      migrate: (d) => (seen.push(m.from), m.migrate(d)),
    });
    const registry = [log(add(3, 'c')), log(add(1, 'a')), log(add(2, 'b'))];
    const r = migrateDocument({ version: 1 }, 1, registry, 4);
    expect(r).toEqual({ ok: true, doc: { version: 4, a: 1, b: 2, c: 3 }, steps: [1, 2, 3] });
    expect(seen).toEqual([1, 2, 3]);
    expect(migrateDocument({ version: 4 }, 4, registry, 4)).toEqual({
      ok: true,
      doc: { version: 4 },
      steps: [],
    });
  });

  it('refuse a gap, two steps from one version, a step that throws or returns no object', () => {
    expect(migrateDocument({}, 1, [add(1, 'a')], 3)).toEqual({
      ok: false,
      error: 'no migration from version 2 to 3',
    });
    expect(migrateDocument({}, 1, [add(1, 'a'), add(1, 'b')], 2)).toEqual({
      ok: false,
      error: '2 migrations from version 1',
    });
    const boom: Migration = {
      from: 1,
      migrate: () => {
        throw new Error('boom');
      },
    };
    expect(migrateDocument({}, 1, [boom], 2)).toEqual({
      ok: false,
      error: 'the migration from version 1 failed: boom',
    });
    const none: Migration = { from: 1, migrate: () => null as unknown as JsonObject };
    expect(migrateDocument({}, 1, [none], 2)).toMatchObject({ ok: false });
  });

  it('are applied by parseProject to an older file, which then reads as the current version', () => {
    expect(CURRENT_VERSION).toBe(1);
    // An injected older layout, for the mechanism only: files as a map of name to text.
    const old = JSON.parse(fixture('minimal.valid.conduit'));
    old.version = 0;
    const file = old.files[0];
    old.files = { [file.name]: { digest: file.sha256, text: file.text } };
    const fromZero: Migration = {
      from: 0,
      migrate: (d) => ({
        ...d,
        files: Object.entries(d.files as Record<string, { digest: string; text: string }>).map(
          ([name, f]) => ({
            name,
            sha256: f.digest,
            size: Buffer.byteLength(f.text),
            text: f.text,
          }),
        ),
      }),
    };
    const text = JSON.stringify(old, null, 2);
    const r = parseProject(text, 'old.conduit', { migrations: [fromZero] });
    expect(r.ok && r.migratedFrom).toBe(0);
    expect(r.ok && r.value).toEqual(parsed(fixture('minimal.valid.conduit')));
    const none = parseProject(text, 'old.conduit');
    expect(!none.ok && formatProjectError(none.error)).toBe(
      'old.conduit:3: version 0 cannot be read by this Conduit: no migration from version 0 to 1',
    );
  });
});
