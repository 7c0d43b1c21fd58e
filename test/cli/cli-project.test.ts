import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeProject } from '../../models/project';
import { exampleProject } from '../models/project/example';
import { conduit, ensureCliBuilt, expectOneLineError, repoRoot, tempDir } from './helpers';

beforeAll(ensureCliBuilt);

const SITE = path.join(repoRoot, 'examples', 'plant-site');
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'project');
const t = tempDir();
afterAll(() => t.cleanup());

/** The example site as a project file in the temporary folder. */
function writeProject(name: string, extra: Parameters<typeof exampleProject>[0] = {}): string {
  return t.write(name, serializeProject(exampleProject(extra)));
}
const json = (args: readonly string[]): Record<string, unknown> => {
  const r = conduit(args);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};
const lineOf = (text: string, needle: string): number =>
  text.slice(0, text.indexOf(needle)).split('\n').length;

describe('a project file as input', () => {
  it('analyze reads its files under their stored names: the same paths, gaps and findings as the folder', () => {
    const project = writeProject('plant.conduit');
    const fromProject = json(['analyze', project, '--json']);
    const fromFolder = json(['analyze', SITE, '--json']);
    expect(fromProject.paths).toEqual(fromFolder.paths);
    expect((fromProject.paths as unknown[]).length).toBeGreaterThan(0);
    expect(fromProject.egress).toEqual(fromFolder.egress);
    expect(fromProject.findings).toEqual(fromFolder.findings);
    expect(fromProject.issues).toEqual(fromFolder.issues);
    expect(fromProject.project).toMatchObject({ file: project, name: 'Plant site', edits: [] });
    // Citations name the project's files, and their text is the cited line of that file.
    const hop = (
      fromProject.paths as { hops: { rules: { file: string; line: number; text: string }[] }[] }[]
    )[0]!.hops[0]!.rules[0]!;
    const lines = fs.readFileSync(path.join(SITE, hop.file), 'utf8').split('\n');
    expect(lines[hop.line - 1]!.replace(/\r$/, '')).toBe(hop.text);
  });

  it('is recognised by its content, whatever its name', () => {
    const project = writeProject('plant-project.json');
    expect(json(['zones', project, '--json'])).toEqual(json(['zones', SITE, '--json']));
    expect(json(['doh', project, '--json'])).toEqual(json(['doh', SITE, '--json']));
  });

  it("analyze takes the project's settings as defaults, and the command line wins", () => {
    const project = writeProject('settings.conduit', {
      settings: { from: ['corp'], to: ['supervisory'], k: 1 },
    });
    const withSettings = json(['analyze', project, '--json']);
    const equivalent = json(['analyze', SITE, '--from', 'corp', '--to', 'supervisory', '--k', '1', '--json']);
    expect(withSettings.paths).toEqual(equivalent.paths);
    expect(withSettings.targets).toEqual(equivalent.targets);
    const overridden = json(['analyze', project, '--to', 'cells', '--k', '2', '--json']);
    expect(overridden.targets).toEqual(
      json(['analyze', SITE, '--from', 'corp', '--to', 'cells', '--k', '2', '--json']).targets,
    );
    expect(overridden.targets).not.toEqual(withSettings.targets);
  });

  it("analyze applies the project's what-if edits, as --disable would, and prints them in text form", () => {
    const project = writeProject('what-if.conduit', {
      edits: [
        {
          kind: 'disable',
          device: 'rbw-edge-fw01',
          rule: 'it-admin_access_in#3',
          note: 'RDP from IT retired',
        },
        {
          kind: 'deny-above',
          device: 'rbw-edge-fw01',
          rule: 'it-admin_access_in#3',
          src: ['10.20.10.0/24'],
          dst: ['any'],
          service: ['tcp/5900-5903'],
        },
      ],
    });
    const w = json(['analyze', project, '--json']).whatIf as Record<string, unknown>;
    const disable = json(['analyze', SITE, '--disable', 'rbw-edge-fw01:it-admin_access_in#3', '--json'])
      .whatIf as Record<string, unknown>;
    expect(w.closed).toEqual(disable.closed);
    expect(w.conduits).toContainEqual({ from: 'corp', to: 'operations', opened: 'none', closed: 'tcp/3389' });
    expect(w.edits).toEqual([
      { kind: 'disable', device: 'rbw-edge-fw01', rule: 'it-admin_access_in#3' },
      {
        kind: 'deny-above',
        device: 'rbw-edge-fw01',
        rule: 'it-admin_access_in#3',
        src: ['10.20.10.0/24'],
        dst: ['any'],
        service: ['tcp/5900-5903'],
      },
    ]);
    const text = conduit(['analyze', project]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/What-if:\n {2}paths closed: [1-9]/);
  });

  it('a report lists the files of the project, with the digests it holds, as it lists the folder', () => {
    const project = writeProject('report.conduit');
    const a = path.join(t.dir, 'from-project.json');
    const b = path.join(t.dir, 'from-folder.json');
    expect(conduit(['analyze', project, '--report-json', a]).code).toBe(0);
    expect(conduit(['analyze', SITE, '--report-json', b]).code).toBe(0);
    const inputs = (f: string): { name: string; kind: string; sha256: string }[] =>
      JSON.parse(fs.readFileSync(f, 'utf8')).inputs;
    expect(inputs(a)).toEqual(inputs(b));
    expect(inputs(a).find((i) => i.name === 'rbw-edge-fw01.cfg')).toMatchObject({ kind: 'config' });
  });

  it("a selector of the project's settings that matches nothing is bad input at its line", () => {
    const file = writeProject('bad-selector.conduit', { settings: { from: ['corp'], to: ['10.99.0.0/16'] } });
    const r = conduit(['analyze', file]);
    expect(r.code).toBe(2);
    const text = fs.readFileSync(file, 'utf8');
    expect(expectOneLineError(r)).toMatch(
      new RegExp(
        `^conduit: ${file}:${lineOf(text, '"10.99.0.0/16"')}: settings\\.to\\[0\\]: '10\\.99\\.0\\.0/16'`,
      ),
    );
    // Given on the command line, the selector replaces the project's.
    expect(conduit(['analyze', file, '--to', 'cells']).code).toBe(0);
  });

  it('an edit naming a rule the site does not have is bad input naming the project file and line', () => {
    const file = writeProject('bad-edit.conduit', {
      edits: [
        { kind: 'disable', device: 'rbw-edge-fw01', rule: 'it-admin_access_in#3' },
        { kind: 'disable', device: 'rbw-edge-fw01', rule: 'nope' },
      ],
    });
    const r = conduit(['analyze', file]);
    expect(r.code).toBe(2);
    const text = fs.readFileSync(file, 'utf8');
    const line = text.slice(0, text.indexOf('"nope"')).split('\n').length - 3; // the edit's opening brace
    expect(expectOneLineError(r)).toBe(
      `conduit: ${file}:${line}: edits[1]: device rbw-edge-fw01 has no rule 'nope'`,
    );
  });

  it('a file changed inside the project, a corrupt project or a newer one is exit 2 with one line naming file and line', () => {
    const good = serializeProject(exampleProject());
    // One rule opened wider, same size: only the digest tells.
    const doc = JSON.parse(good) as { files: { name: string; text: string }[] };
    const edge = doc.files.find((f) => f.name === 'rbw-edge-fw01.cfg')!;
    expect(edge.text).toMatch(/eq 3389/);
    edge.text = edge.text.replace('eq 3389', 'eq 3388');
    const tampered = JSON.stringify(doc, null, 2);
    const file = t.write('tampered.conduit', tampered);
    const shaLine =
      lineOf(tampered.slice(tampered.indexOf('"rbw-edge-fw01.cfg"')), '"sha256"') +
      lineOf(tampered, '"rbw-edge-fw01.cfg"') -
      1;
    for (const cmd of ['analyze', 'zones', 'doh']) {
      const r = conduit([cmd, file]);
      expect(r.code, cmd).toBe(2);
      expect(expectOneLineError(r)).toBe(
        `conduit: ${file}:${shaLine}: files[${doc.files.indexOf(edge)}].sha256: the text of 'rbw-edge-fw01.cfg' does not match its SHA-256: the file was changed after it was saved`,
      );
    }
    const sized = t.write('resized.conduit', good.replace('permit tcp', 'permit  tcp'));
    expect(expectOneLineError(conduit(['analyze', sized]))).toMatch(
      /holds \d+ bytes of text, not the \d+ recorded: the file was changed after it was saved$/,
    );
    const corrupt = t.write('corrupt.conduit', good.slice(0, 2000));
    const c = conduit(['analyze', corrupt]);
    expect(c.code).toBe(2);
    expect(expectOneLineError(c)).toMatch(
      new RegExp(`^conduit: ${corrupt}:\\d+: the project is not well-formed JSON: `),
    );
    const newer = path.join(FIXTURES, 'newer-version.invalid.conduit');
    const n = conduit(['analyze', newer]);
    expect(n.code).toBe(2);
    expect(expectOneLineError(n)).toBe(
      `conduit: ${newer}:${lineOf(fs.readFileSync(newer, 'utf8'), '"version"')}: made by a newer Conduit (version 2); this one reads up to 1. Open it with a newer Conduit; it was not changed`,
    );
    const notProject = t.write('notes.conduit', 'hostname fw1\n');
    expect(expectOneLineError(conduit(['zones', notProject]))).toBe(
      `conduit: ${notProject}:1: not a Conduit project (not a JSON object)`,
    );
  });

  it('query answers from a project, citing the file name stored in it', () => {
    const file = path.join(FIXTURES, 'minimal.valid.conduit');
    const r = json([
      'query',
      file,
      ...[
        '--src',
        '10.1.0.5',
        '--dst',
        '10.2.0.7',
        '--proto',
        'tcp',
        '--dport',
        '502',
        '--in',
        'lan0',
        '--out',
        'ot0',
      ],
      '--json',
    ]);
    expect(r.verdict).toBe('permit');
    expect(r.rule).toMatchObject({ file: 'fw/cell-fw.iptables-save', line: 7 });
  });

  it('a project found inside a folder is skipped (it would import its files twice), and two projects are refused', () => {
    const dir = path.join(t.dir, 'site-with-project');
    fs.mkdirSync(dir);
    for (const f of fs.readdirSync(SITE)) fs.copyFileSync(path.join(SITE, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'saved.conduit'), serializeProject(exampleProject()));
    const r = json(['zones', dir, '--json']);
    expect(r.issues).toContainEqual(
      expect.objectContaining({
        message: 'skipped: a Conduit project found in a folder; name it to use it',
        source: expect.objectContaining({ file: 'saved.conduit' }),
      }),
    );
    const one = path.join(FIXTURES, 'minimal.valid.conduit');
    const two = path.join(FIXTURES, 'full.valid.conduit');
    expect(expectOneLineError(conduit(['zones', one, two]))).toBe(
      `conduit: ${two}: only one project file can be given (${one} is one)`,
    );
  });

  it("a project's file and another input of the same name are refused: citations would be ambiguous", () => {
    const project = writeProject('dup.conduit');
    const other = t.write('site.yaml', fs.readFileSync(path.join(SITE, 'site.yaml')));
    const r = conduit(['zones', project, 'site.yaml'], { cwd: path.dirname(other) });
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(
      `conduit: site.yaml: two inputs have this name (one is a file of the project ${project})`,
    );
  });
});
