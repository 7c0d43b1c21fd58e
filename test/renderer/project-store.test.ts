import { describe, expect, it } from 'vitest';
import { parseProject } from '../../models/project';
import { createAnalyzer } from '../../renderer/analysis/analysis-client';
import { refKey, type RuleView } from '../../renderer/analysis/types';
import type { HostFile } from '../../renderer/host';
import { createAppStore, type AppStore } from '../../renderer/store';
import { projectFileName, projectName } from '../../renderer/store/project-slice';
import { createImporter } from '../../renderer/worker/import-client';
import { exampleFiles } from './example-site';
import { FakeAnalysisWorker } from './fake-analysis-worker';
import { FakeWorker } from './fake-worker';

/**
 * The project slice end to end on the example site, with the real analysis in a fake worker:
 * what-if edits, undo and redo, the suggested fix, and save -> open of the project file.
 */

const hostFiles = (): HostFile[] =>
  exampleFiles()
    .filter((f) => f.name !== 'README.md')
    .map((f) => ({ name: f.name, size: f.text.length, text: f.text }));

const NOW = new Date('2026-12-04T12:00:00.000Z');

function newStore(): AppStore {
  return createAppStore({
    importer: createImporter(() => new FakeWorker()),
    analyzer: createAnalyzer(() => new FakeAnalysisWorker()),
    toolVersion: '9.9.9',
    now: () => NOW,
  });
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('timed out');
};

const analysed = (store: AppStore): Promise<void> =>
  until(() => store.getState().analysisStatus === 'done' && store.getState().progress === null);

async function exampleStore(): Promise<AppStore> {
  const store = newStore();
  await store.getState().startProject('plant-site', hostFiles());
  await analysed(store);
  return store;
}

/** The rule the first hop of the first path cites, as the rules table lists it. */
function firstCitedRule(store: AppStore): RuleView {
  const s = store.getState();
  const hop = s.analysis!.paths.paths[0]!.hops[0]!;
  const device = hop.devices.find((d) => d.rule)!;
  return s.analysis!.rules.find((r) => r.device === device.device && refKey(r.ref) === refKey(device.rule!))!;
}

const cites = (
  paths: readonly {
    hops: readonly { devices: readonly { rule: { file: string; line: number } | null }[] }[];
  }[],
  rule: RuleView,
): boolean =>
  paths.some((p) =>
    p.hops.some((h) => h.devices.some((d) => d.rule !== null && refKey(d.rule) === refKey(rule.ref))),
  );

describe('the project slice', () => {
  it('starts the example as a clean project, then tracks unsaved changes', async () => {
    const store = await exampleStore();
    const s = store.getState();
    expect(s.project.name).toBe('plant-site');
    expect(s.revision).toBe(s.savedRevision);
    expect(s.undoStack).toEqual([]);
    s.removeFile(s.files[0]!.id);
    expect(store.getState().revision).not.toBe(store.getState().savedRevision);
    expect(store.getState().undoStack.at(-1)?.label).toBe(`remove ${s.files[0]!.name}`);
  });

  it('a disable edit closes the paths that used the rule, marks the rule, and undo/redo swap it', async () => {
    const store = await exampleStore();
    const before = store.getState().analysis!;
    const rule = firstCitedRule(store);
    expect(cites(before.paths.paths, rule)).toBe(true);

    store.getState().addEdit({ kind: 'disable', device: rule.device, rule: rule.ruleId });
    await analysed(store);
    let s = store.getState();
    const whatIf = s.analysis!.whatIf!;
    expect(whatIf.edits).toBe(1);
    expect(whatIf.problems).toEqual([]);
    expect(whatIf.closed.length).toBeGreaterThan(0);
    // Every closed path used the rule; no path of the edited site does.
    for (const p of whatIf.closed) expect(cites([p], rule)).toBe(true);
    expect(cites(s.analysis!.paths.paths, rule)).toBe(false);
    // Disabling a permit opens nothing: longer routes that were open all along are told apart.
    expect(whatIf.opened).toEqual([]);
    expect(s.analysis!.rules.find((r) => r.id === rule.id)?.edits).toEqual(['disabled']);
    expect(s.undoStack.at(-1)?.label).toBe(`disable ${rule.device} ${rule.ruleId}`);

    s.undo();
    await analysed(store);
    s = store.getState();
    expect(s.edits).toEqual([]);
    expect(s.analysis!.whatIf).toBeNull();
    expect(s.analysis!.paths.paths.length).toBe(before.paths.paths.length);
    expect(s.redoStack).toHaveLength(1);

    s.redo();
    await analysed(store);
    expect(store.getState().edits).toHaveLength(1);
    expect(store.getState().analysis!.whatIf!.closed.length).toBe(whatIf.closed.length);
  });

  it('a stale edit (its rule gone) is reported by index and the others still apply', async () => {
    const store = await exampleStore();
    const rule = firstCitedRule(store);
    store.getState().addEdit({ kind: 'disable', device: rule.device, rule: 'no-such-rule#9' });
    store.getState().addEdit({ kind: 'disable', device: rule.device, rule: rule.ruleId });
    await analysed(store);
    const whatIf = store.getState().analysis!.whatIf!;
    expect(whatIf.problems).toHaveLength(1);
    expect(whatIf.problems[0]!.index).toBe(0);
    expect(whatIf.problems[0]!.message).toContain('no-such-rule#9');
    expect(whatIf.closed.length).toBeGreaterThan(0);
  });

  it('the suggested fix, applied as edits, leaves no path', async () => {
    const store = await exampleStore();
    await store.getState().remediate();
    const r = store.getState().remediation;
    expect(r.status).toBe('done');
    if (r.status !== 'done') return;
    expect(r.result.closesAll).toBe(true);
    expect(r.result.rules.length).toBeGreaterThan(0);
    store.getState().applyRemediation();
    await analysed(store);
    const s = store.getState();
    expect(s.edits.map((e) => e.kind)).toEqual(r.result.rules.map(() => 'disable'));
    expect(s.analysis!.paths.paths).toEqual([]);
    expect(s.analysis!.whatIf!.closed.length).toBeGreaterThan(0);
  });

  it('saves a project that opens into the same files, selectors and edits', async () => {
    const store = await exampleStore();
    const rule = firstCitedRule(store);
    store.getState().addEdit({ kind: 'disable', device: rule.device, rule: rule.ruleId, note: 'CHG-1 <b>' });
    await analysed(store);
    const closed = store.getState().analysis!.whatIf!.closed.length;
    const selected = store.getState().analysis!.paths.paths[1]!.id;
    store.getState().selectPath(selected);
    const text = await store.getState().projectText(NOW);
    const parsed = parseProject(text, 'plant-site.conduit');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.value.tool).toEqual({ name: 'Conduit', version: '9.9.9' });
    expect(parsed.value.savedAt).toBe(NOW.toISOString());
    store.getState().markSaved('/home/ot/plant-site.conduit', '/home/ot/plant-site.conduit');
    expect(store.getState().revision).toBe(store.getState().savedRevision);

    const other = newStore();
    await other.getState().openProject(text, 'plant-site.conduit', '/home/ot/plant-site.conduit');
    await analysed(other);
    const o = other.getState();
    expect(o.project).toMatchObject({ name: 'plant-site', location: '/home/ot/plant-site.conduit' });
    expect(o.sources).toEqual(store.getState().sources);
    expect(o.edits).toEqual(store.getState().edits);
    expect(o.revision).toBe(o.savedRevision);
    expect(o.undoStack).toEqual([]);
    expect(o.analysis!.whatIf!.closed.length).toBe(closed);
    // It reopens on the path that was selected, highlighted on the map.
    expect(o.selectedPath).toBe(selected);
    expect(o.mapFocus).not.toBeNull();
    // Saving again without a change gives the same bytes.
    expect(await o.projectText(NOW)).toBe(text);
  });

  it('refuses a project whose file no longer matches its SHA-256, naming the file, and keeps the open one', async () => {
    const store = await exampleStore();
    const text = await store.getState().projectText(NOW);
    const tampered = text.replace('access-list it-admin_access_in', 'access-list it-admin_access_IN');
    expect(tampered).not.toBe(text);
    const other = await exampleStore();
    const files = other.getState().files;
    await expect(other.getState().openProject(tampered, 'x.conduit', null)).rejects.toThrow(
      /rbw-edge-fw01\.cfg.*SHA-256|SHA-256.*rbw-edge-fw01\.cfg/,
    );
    expect(other.getState().files).toBe(files);
  });

  it('refuses a project from a newer Conduit with a clear message', async () => {
    const store = newStore();
    const text = (await (await exampleStore()).getState().projectText(NOW)).replace(
      '"version": 1',
      '"version": 7',
    );
    await expect(store.getState().openProject(text, 'new.conduit', null)).rejects.toThrow(/newer/);
    expect(store.getState().files).toEqual([]);
  });

  it('names projects from file names and makes safe file names', () => {
    expect(projectName('/home/ot/Plant A.conduit')).toBe('Plant A');
    expect(projectName('C:\\sites\\mill.conduit')).toBe('mill');
    expect(projectFileName('a/b:c*<d>')).toBe('a-b-c-d-.conduit');
    expect(projectFileName('  ')).toBe('Untitled.conduit');
  });
});
