import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../models/import';
import { createImporter } from '../../renderer/worker/import-client';
import type { WorkerEvent } from '../../renderer/worker/protocol';
import { runImport } from '../../renderer/worker/run-import';
import { summarizeDevice } from '../../renderer/worker/summary';
import { FakeWorker } from './fake-worker';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const HOST1 = path.resolve(ROOT, '..', 'shared', 'corpus', 'iptables', 'batfish-example-host1.iptables');
const HOSTILE = path.join(ROOT, 'test', 'fixtures', 'e2e', 'hostile-names--warnings.iptables-save');
const read = (file: string): { name: string; text: string } => ({
  name: path.basename(file),
  text: readFileSync(file, 'utf-8'),
});

describe('summarizeDevice', () => {
  it('counts rules per list and action and keeps the policy and where each list applies', () => {
    const [device] = importConfig(read(HOST1)).devices;
    const summary = summarizeDevice(device!, 'f1/0');
    expect(summary).toMatchObject({
      key: 'f1/0',
      name: 'batfish-example-host1',
      vendor: 'iptables',
      file: 'batfish-example-host1.iptables',
      ruleCount: 2,
    });
    expect(summary.lists.find((l) => l.name === 'filter/INPUT')).toEqual({
      name: 'filter/INPUT',
      ruleCount: 2,
      actions: { permit: 2, deny: 0, jump: 0, other: 0 },
      fallThrough: 'deny',
      line: 12,
      uncertainCount: 0,
    });
    expect(summary.bindings).toContainEqual({ attachment: 'to-device', list: 'filter/INPUT' });
  });

  it('is plain data that survives structured cloning and JSON', () => {
    const [device] = importConfig(read(HOSTILE)).devices;
    const summary = summarizeDevice(device!, 'f2/0');
    expect(structuredClone(summary)).toEqual(summary);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    expect(summary.lists.find((l) => l.name === 'filter/INPUT')?.uncertainCount).toBe(1);
    expect(summary.lists.find((l) => l.name === 'filter/FORWARD')?.actions).toEqual({
      permit: 0,
      deny: 0,
      jump: 1,
      other: 1,
    });
  });
});

describe('runImport', () => {
  it('posts progress before each file, its result after, and finished last', () => {
    const events: WorkerEvent[] = [];
    let clock = 0;
    runImport(
      {
        type: 'import',
        jobId: 7,
        files: [
          { id: 'a', ...read(HOST1) },
          { id: 'b', ...read(HOSTILE) },
        ],
      },
      (e) => events.push(e),
      importConfig,
      () => (clock += 5),
    );
    expect(events.map((e) => e.type)).toEqual(['progress', 'imported', 'progress', 'imported', 'finished']);
    expect(events[0]).toEqual({ type: 'progress', jobId: 7, fileId: 'a', index: 0, total: 2 });
    const second = events[3];
    expect(
      second?.type === 'imported' && second.result.diagnostics.map((d) => [d.code, d.source.line]),
    ).toEqual([
      ['unrecognized-line', 13],
      ['uncertain-match', 10],
      ['unsupported-construct', 14],
    ]);
    expect(events.every((e) => e.jobId === 7)).toBe(true);
  });

  it('reports an importer that throws as a failed file and carries on', () => {
    const events: WorkerEvent[] = [];
    const flaky = (file: { name: string; text: string }): ReturnType<typeof importConfig> => {
      if (file.name === 'bad.conf') throw new Error('boom');
      return importConfig(file);
    };
    runImport(
      {
        type: 'import',
        jobId: 1,
        files: [
          { id: 'x', name: 'bad.conf', text: '' },
          { id: 'y', ...read(HOST1) },
        ],
      },
      (e) => events.push(e),
      flaky,
    );
    expect(events.map((e) => e.type)).toEqual(['progress', 'failed', 'progress', 'imported', 'finished']);
    expect(events[1]).toEqual({ type: 'failed', jobId: 1, fileId: 'x', message: 'boom' });
  });
});

describe('createImporter', () => {
  it('runs jobs in one worker and resolves each when the worker says finished', async () => {
    const worker = new FakeWorker();
    let created = 0;
    const importer = createImporter(() => {
      created++;
      return worker;
    });
    const first: WorkerEvent[] = [];
    const second: WorkerEvent[] = [];
    await Promise.all([
      importer.run([{ id: 'a', ...read(HOST1) }], (e) => first.push(e)),
      importer.run([{ id: 'b', ...read(HOSTILE) }], (e) => second.push(e)),
    ]);
    expect(created).toBe(1);
    expect(worker.messages.map((m) => m.jobId)).toEqual([1, 2]);
    expect(first.every((e) => e.jobId === 1) && second.every((e) => e.jobId === 2)).toBe(true);
    expect(first.at(-1)?.type).toBe('finished');
  });

  it('rejects running jobs when the worker dies, and starts a fresh worker for the next job', async () => {
    const workers: FakeWorker[] = [];
    const importer = createImporter(() => {
      const w = new FakeWorker(() => {
        throw new Error('never reached');
      });
      w.postMessage = (m) => void w.messages.push(m); // swallow: the job never finishes
      workers.push(w);
      return w;
    });
    const job = importer.run([{ id: 'a', name: 'a', text: '' }], () => undefined);
    workers[0]!.crash('out of memory');
    await expect(job).rejects.toThrow('the import worker stopped: out of memory');
    expect(workers[0]!.terminated).toBe(true);
    void importer.run([{ id: 'b', name: 'b', text: '' }], () => undefined).catch(() => undefined);
    expect(workers).toHaveLength(2);
    importer.dispose();
  });
});
