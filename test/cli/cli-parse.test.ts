import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_RULESET, conduit, ensureCliBuilt, fileLines, iptablesCorpus, tempDir } from './helpers';

beforeAll(ensureCliBuilt);
const tmp = tempDir();
afterAll(tmp.cleanup);

interface SourceRef {
  file: string;
  line: number;
  endLine: number;
  text: string;
}
interface ParseOutput {
  devices: Array<{
    name: string;
    vendor: string;
    file: string;
    interfaces: unknown[];
    zones: unknown[];
    lists: Array<{
      name: string;
      default: string;
      rules: number;
      source: SourceRef | null;
      defaultSource: SourceRef | null;
    }>;
    rules: Array<{
      id: string;
      action: string;
      list: string;
      src: string;
      dst: string;
      service: string;
      source: SourceRef;
      target?: string;
    }>;
    nat: Array<{ source: SourceRef }>;
  }>;
  issues: Array<{ code: string; severity: string; stage: string; message: string; source: SourceRef }>;
}

function parseJson(args: string[], cwd?: string): ParseOutput {
  const r = conduit(['parse', ...args, '--json'], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ParseOutput;
}

/** Every SourceRef in the output, wherever it is. */
function allRefs(out: ParseOutput): SourceRef[] {
  const refs: SourceRef[] = [];
  for (const d of out.devices) {
    for (const l of d.lists)
      refs.push(...[l.source, l.defaultSource].filter((s): s is SourceRef => s !== null));
    for (const r of d.rules) refs.push(r.source);
    for (const n of d.nat) refs.push(n.source);
  }
  for (const i of out.issues) refs.push(i.source);
  return refs;
}

function expectCitationsExact(out: ParseOutput, base = ''): void {
  const cache = new Map<string, string[]>();
  for (const ref of allRefs(out)) {
    const file = path.resolve(base, ref.file);
    if (!cache.has(file)) cache.set(file, fileLines(file));
    const lines = cache.get(file)!;
    expect(ref.line, `${ref.file}:${ref.line}`).toBeGreaterThanOrEqual(1);
    expect(ref.endLine).toBeGreaterThanOrEqual(ref.line);
    expect(ref.text, `${ref.file}:${ref.line}`).toBe(lines[ref.line - 1]);
  }
}

const corpusFiles = fs.readdirSync(iptablesCorpus).map((f) => path.join(iptablesCorpus, f));

describe('conduit parse --json', () => {
  it('has the contract shape: devices with name, vendor, interfaces, zones, rules; issues as diagnostics', () => {
    const file = tmp.write('fw1.rules', SMALL_RULESET);
    const out = parseJson([file]);
    expect(Object.keys(out)).toEqual(['devices', 'issues']);
    expect(out.devices).toHaveLength(1);
    const d = out.devices[0]!;
    expect(d).toMatchObject({ name: 'fw1', vendor: 'iptables', file, zones: [] });
    expect(Array.isArray(d.interfaces)).toBe(true);
    expect(d.rules.map((r) => r.id)).toEqual([
      'filter/INPUT#1',
      'filter/INPUT#2',
      'filter/FORWARD#1',
      'filter/FORWARD#2',
      'filter/FORWARD#3',
      'filter/ot-in#1',
      'filter/ot-in#2',
      'filter/ot-in#3',
    ]);
    expect(d.rules[5]).toMatchObject({
      action: 'permit',
      list: 'filter/ot-in',
      src: '10.1.0.5',
      dst: '10.2.0.0/24',
      service: 'tcp/502',
    });
    expect(d.rules[3]).toMatchObject({ action: 'jump', target: 'filter/ot-in' });
    expect(out.issues).toEqual([]);
  });

  it.each(corpusFiles.map((f) => [path.basename(f), f]))(
    'cites exact lines for every rule, list and issue: %s',
    (_, file) => {
      const out = parseJson([file]);
      expect(out.devices.length).toBeGreaterThan(0);
      expectCitationsExact(out);
      for (const i of out.issues) {
        expect(['error', 'warning', 'info']).toContain(i.severity);
        expect(i.code).toMatch(/^[a-z-]+$/);
      }
    },
  );

  it('reads a folder, naming files relative to it', () => {
    const out = parseJson([iptablesCorpus]);
    expect(out.devices).toHaveLength(corpusFiles.length);
    expect(out.devices.map((d) => d.file).sort()).toEqual(corpusFiles.map((f) => path.basename(f)).sort());
    expectCitationsExact(out, iptablesCorpus);
    const relative = parseJson(['.'], iptablesCorpus);
    expect(relative.devices.map((d) => d.file)).toEqual(out.devices.map((d) => d.file));
  });

  it('skips what is not a configuration inside a folder and says so under issues', () => {
    tmp.write('site/fw1.rules', SMALL_RULESET);
    tmp.write('site/README.md', '# Site A\nFirewalls of site A.\n');
    tmp.write('site/diagram.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    tmp.write('site/.git/config', '[core]\n');
    const out = parseJson([path.join(tmp.dir, 'site')]);
    expect(out.devices.map((d) => d.file)).toEqual(['fw1.rules']);
    expect(out.issues.map((i) => [i.source.file, i.code, i.severity])).toEqual([
      ['README.md', 'vendor-mismatch', 'warning'],
      ['diagram.png', 'binary-input', 'warning'],
    ]);
    expect(out.issues[0]!.message).toMatch(/^skipped: /);
  });
});

describe('conduit parse (text)', () => {
  it('summarises devices and lists on stdout and prints issues on stderr', () => {
    const file = path.join(iptablesCorpus, 'serverfault-765855-filter.iptables-save');
    const r = conduit(['parse', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^serverfault-765855-filter {2}\(iptables, /);
    expect(r.stdout).toMatch(/filter\/FORWARD +7 rules +default deny +applies to transit/);
    expect(r.stdout).toMatch(/1 device, 22 rules, 5 issues/);
    const warnings = r.stderr.trimEnd().split('\n');
    expect(warnings).toHaveLength(5);
    for (const w of warnings)
      expect(w).toMatch(
        new RegExp(
          `^conduit: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: (warning|info): .* \\[[a-z-]+\\]$`,
        ),
      );
  });
});
