import type { WorkerEvent, WorkerInputFile, WorkerLike } from './protocol';

/**
 * The page side of the import worker: one long-lived worker, jobs numbered so that events of
 * a superseded job are ignored, and a promise per job that settles when the worker says
 * `finished` (or dies).
 */
export interface Importer {
  run(files: readonly WorkerInputFile[], onEvent: (event: WorkerEvent) => void): Promise<void>;
  dispose(): void;
}

export function createImportWorker(): WorkerLike {
  return new Worker(new URL('./import-worker.ts', import.meta.url), {
    type: 'module',
    name: 'conduit-import',
  }) as WorkerLike;
}

interface Job {
  readonly onEvent: (event: WorkerEvent) => void;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export function createImporter(factory: () => WorkerLike = createImportWorker): Importer {
  let worker: WorkerLike | null = null;
  let nextJobId = 1;
  const jobs = new Map<number, Job>();

  const failAll = (error: Error): void => {
    for (const job of jobs.values()) job.reject(error);
    jobs.clear();
    worker?.terminate();
    worker = null;
  };

  const ensureWorker = (): WorkerLike => {
    if (worker) return worker;
    const created = factory();
    created.addEventListener('message', (event: MessageEvent<WorkerEvent>) => {
      const data = event.data;
      const job = jobs.get(data.jobId);
      if (!job) return;
      job.onEvent(data);
      if (data.type === 'finished') {
        jobs.delete(data.jobId);
        job.resolve();
      }
    });
    created.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      failAll(new Error(`the import worker stopped: ${event.message || 'unknown error'}`));
    });
    worker = created;
    return created;
  };

  return {
    run(files, onEvent) {
      const jobId = nextJobId++;
      return new Promise<void>((resolve, reject) => {
        jobs.set(jobId, { onEvent, resolve, reject });
        ensureWorker().postMessage({ type: 'import', jobId, files });
      });
    },
    dispose() {
      failAll(new Error('the importer was disposed'));
    },
  };
}
