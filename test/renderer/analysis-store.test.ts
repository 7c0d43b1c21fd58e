import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../renderer/analysis/analysis-client';
import type { HostFile } from '../../renderer/host';
import { createAppStore, type AppStore } from '../../renderer/store';
import { createImporter } from '../../renderer/worker/import-client';
import { exampleFiles } from './example-site';
import { FakeAnalysisWorker } from './fake-analysis-worker';
import { FakeWorker } from './fake-worker';

const hostFiles = (): HostFile[] =>
  exampleFiles().map((f) => ({ name: f.name, size: f.text.length, text: f.text }));

function newStore(hold = false): { store: AppStore; workers: FakeAnalysisWorker[] } {
  const workers: FakeAnalysisWorker[] = [];
  const store = createAppStore({
    importer: createImporter(() => new FakeWorker()),
    analyzer: createAnalyzer(() => {
      const w = new FakeAnalysisWorker(hold);
      workers.push(w);
      return w;
    }),
  });
  return { store, workers };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('timed out');
};

describe('the analysis slice', () => {
  it('opening files keeps their texts and analyses the site in the worker, with progress', async () => {
    const { store } = newStore();
    const stages: string[] = [];
    store.subscribe((s) => {
      if (s.analysisProgress) stages.push(s.analysisProgress.stage);
    });
    await store.getState().openFiles(hostFiles());
    await until(() => store.getState().analysisStatus === 'done');
    const s = store.getState();
    expect(Object.keys(s.sources).sort()).toEqual(
      exampleFiles()
        .map((f) => f.name)
        .sort(),
    );
    expect(stages).toContain('reading configs');
    expect(s.analysisProgress).toBeNull();
    expect(s.analysis?.zones.length).toBeGreaterThan(1);
    expect(s.paths).toBe(s.analysis?.paths);
    expect(s.tab).toBe('map');
  });

  it('selecting a path highlights its zones and hops on the map and opens its first cited rule', async () => {
    const { store } = newStore();
    await store.getState().openFiles(hostFiles());
    await until(() => store.getState().analysisStatus === 'done');
    const path = store.getState().paths!.paths[0]!;
    store.getState().selectPath(path.id);
    const s = store.getState();
    expect(s.selectedPath).toBe(path.id);
    expect(s.mapFocus?.zones).toEqual(
      expect.arrayContaining([path.hops[0]!.fromZone, path.hops.at(-1)!.toZone]),
    );
    expect(s.mapFocus?.edges.length).toBeGreaterThan(0);
    expect(s.citation).toEqual(path.hops.flatMap((h) => h.devices).find((d) => d.rule)!.rule);
    store.getState().selectPath(null);
    expect(store.getState().mapFocus).toBeNull();
  });

  it('queries other footholds and targets; a bad selector is an error, not an empty result', async () => {
    const { store } = newStore();
    await store.getState().openFiles(hostFiles());
    await until(() => store.getState().analysisStatus === 'done');
    const zone = store.getState().analysis!.zones.find((z) => z.assetCount > 0)!.name;
    await store.getState().queryPaths([zone], []);
    expect(store.getState().paths?.from).toEqual([zone]);
    expect(store.getState().pathsStatus).toBe('idle');
    await store.getState().queryPaths(['nowhere'], []);
    expect(store.getState().pathsStatus).toBe('failed');
    expect(store.getState().pathsError).toContain("'nowhere'");
  });

  it('cancelling a long analysis terminates the worker and says so; analysing again works', async () => {
    const { store, workers } = newStore(true);
    void store.getState().openFiles(hostFiles());
    await until(() => store.getState().analysisStatus === 'running' && workers.length === 1);
    store.getState().cancelAnalysis();
    await until(() => store.getState().analysisStatus === 'cancelled');
    expect(workers[0]!.terminated).toBe(true);
    expect(store.getState().analysisProgress).toBeNull();
    const again = store.getState().runAnalysis();
    await until(() => workers.length === 2);
    workers[1]!.release();
    await again;
    expect(store.getState().analysisStatus).toBe('done');
  });

  it('closing every file clears the analysis', async () => {
    const { store } = newStore();
    await store.getState().openFiles(hostFiles());
    await until(() => store.getState().analysisStatus === 'done');
    store.getState().clearWorkspace();
    await until(() => store.getState().analysisStatus === 'idle');
    expect(store.getState().analysis).toBeNull();
    expect(store.getState().sources).toEqual({});
  });

  it('choosing a device in the sidebar shows the import view', () => {
    const { store } = newStore();
    store.getState().select({ kind: 'device', key: 'f1/0' });
    expect(store.getState().tab).toBe('import');
  });
});

describe('site inputs in the import view', () => {
  it('labels inventories, site files and ip addr/route outputs instead of calling them unknown configs', async () => {
    const { store } = newStore();
    await store.getState().openFiles(hostFiles());
    const byName = new Map(store.getState().files.map((f) => [f.name, f]));
    const kinds = exampleFiles().map((f) => [f.name, byName.get(f.name)?.inputKind ?? null]);
    // Whatever the example holds, a .csv is an inventory and a site.yaml a site file.
    for (const [name, kind] of kinds) {
      if (name!.endsWith('.csv')) expect(kind, name!).toBe('inventory');
      if (/site\.ya?ml$/.test(name!)) expect(kind, name!).toBe('site');
      if (kind !== null)
        expect(byName.get(name!)?.diagnostics.every((d) => d.code !== 'vendor-mismatch')).toBe(true);
    }
    expect(kinds.some(([, kind]) => kind !== null)).toBe(true);
  });
});
