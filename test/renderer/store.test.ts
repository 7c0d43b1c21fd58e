import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostFile } from '../../renderer/host';
import { createAppStore, findDevice, visibleDiagnostics, workspaceTotals } from '../../renderer/store';
import { createAnalyzer } from '../../renderer/analysis/analysis-client';
import { createImporter } from '../../renderer/worker/import-client';
import { FakeAnalysisWorker } from './fake-analysis-worker';
import { FakeWorker } from './fake-worker';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const file = (p: string): HostFile => {
  const text = readFileSync(p, 'utf-8');
  return { name: path.basename(p), size: text.length, text };
};
const HOST1 = file(
  path.resolve(ROOT, '..', 'shared', 'corpus', 'iptables', 'batfish-example-host1.iptables'),
);
const HOSTILE = file(path.join(ROOT, 'test', 'fixtures', 'e2e', 'hostile-names--warnings.iptables-save'));

const analyzer = () => createAnalyzer(() => new FakeAnalysisWorker());
const newStore = () =>
  createAppStore({ importer: createImporter(() => new FakeWorker()), analyzer: analyzer() });

describe('app store', () => {
  it('imports opened files through the worker and tracks progress until done', async () => {
    const store = newStore();
    const done = store.getState().openFiles([HOST1, HOSTILE]);
    expect(store.getState().files.map((f) => [f.name, f.status])).toEqual([
      ['batfish-example-host1.iptables', 'queued'],
      ['hostile-names--warnings.iptables-save', 'queued'],
    ]);
    expect(store.getState().progress).toEqual({ done: 0, total: 2, current: null });
    await done;
    const { files, progress } = store.getState();
    expect(progress).toBeNull();
    expect(files.map((f) => [f.status, f.vendor, f.devices.length, f.diagnostics.length])).toEqual([
      ['imported', 'iptables', 1, 0],
      ['imported', 'iptables', 1, 3],
    ]);
    expect(workspaceTotals(files)).toEqual({
      files: 2,
      devices: 2,
      rules: 8,
      diagnostics: { error: 0, warning: 3, info: 0 },
    });
  });

  it('replaces an open file of the same name instead of listing it twice', async () => {
    const store = newStore();
    await store.getState().openFiles([HOST1]);
    const firstId = store.getState().files[0]!.id;
    await store.getState().openFiles([HOST1]);
    expect(store.getState().files).toHaveLength(1);
    expect(store.getState().files[0]!.id).not.toBe(firstId);
  });

  it('falls back to the overview when the selected device goes away', async () => {
    const store = newStore();
    await store.getState().openFiles([HOST1, HOSTILE]);
    const [a, b] = store.getState().files;
    store.getState().select({ kind: 'device', key: a!.devices[0]!.key });
    expect(findDevice(store.getState().files, a!.devices[0]!.key)?.device.name).toBe('batfish-example-host1');

    store.getState().removeFile(b!.id);
    expect(store.getState().selection.kind).toBe('device');
    store.getState().removeFile(a!.id);
    expect(store.getState().selection).toEqual({ kind: 'overview' });

    await store.getState().openFiles([HOSTILE]);
    store.getState().select({ kind: 'device', key: store.getState().files[0]!.devices[0]!.key });
    await store.getState().openFiles([HOSTILE]); // re-opened: the old device is gone
    expect(store.getState().selection).toEqual({ kind: 'overview' });
  });

  it('filters and orders diagnostics by severity, file and line', async () => {
    const store = newStore();
    await store.getState().openFiles([HOSTILE]);
    const { files } = store.getState();
    expect(visibleDiagnostics(files, 'all').map((d) => d.source.line)).toEqual([10, 13, 14]);
    expect(visibleDiagnostics(files, 'error')).toEqual([]);
  });

  it('marks the files of a job failed and tells the user when the worker dies', async () => {
    const worker = new FakeWorker();
    worker.postMessage = () => setTimeout(() => worker.crash('boom'), 0);
    const store = createAppStore({ importer: createImporter(() => worker), analyzer: analyzer() });
    await store.getState().openFiles([HOST1]);
    expect(store.getState().files[0]).toMatchObject({
      status: 'failed',
      error: 'the import worker stopped: boom',
    });
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'Import failed: the import worker stopped: boom',
    ]);
    expect(store.getState().progress).toBeNull();
  });

  it('keeps at most five notices and dismisses them by id', () => {
    const store = newStore();
    for (let i = 0; i < 7; i++) store.getState().notify('info', `n${i}`);
    expect(store.getState().notices.map((n) => n.text)).toEqual(['n2', 'n3', 'n4', 'n5', 'n6']);
    store.getState().dismissNotice(store.getState().notices[0]!.id);
    expect(store.getState().notices).toHaveLength(4);
  });
});
