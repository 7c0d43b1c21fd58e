import type { WorkerInputFile } from '../worker/protocol';
import type { AnalysisEvent, AnalysisRequest, AnalysisWorkerLike, ReportRequest } from './protocol';
import type { ProjectEdit } from '../../models/project';
import type { AnalysisView, PathsView, RemediationView, ReportOutput } from './types';

/**
 * The page side of the analysis worker. One job at a time: a new job or `cancel()` terminates
 * the worker (the only way to stop a synchronous analysis) and the next job starts a fresh one.
 */

export class AnalysisCancelled extends Error {
  constructor() {
    super('the analysis was cancelled');
    this.name = 'AnalysisCancelled';
  }
}

export type ProgressListener = (stage: string, fraction: number) => void;

/** Footholds, targets (empty: the site's defaults) and what-if edits of an analysis. */
export interface AnalyzeOptions {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly edits: readonly ProjectEdit[];
}

export type ReportJob = Omit<ReportRequest, 'type' | 'jobId'>;

export interface Analyzer {
  analyze(
    files: readonly WorkerInputFile[],
    options: AnalyzeOptions,
    onProgress: ProgressListener,
  ): Promise<AnalysisView>;
  /** Paths for other footholds/targets on the site of the last `analyze` (same worker). */
  paths(from: readonly string[], to: readonly string[], onProgress: ProgressListener): Promise<PathsView>;
  /** The rules whose removal closes every path of the last analysis (what-if edits included). */
  remediate(onProgress: ProgressListener): Promise<RemediationView>;
  /** The last analysis as a report. */
  report(job: ReportJob): Promise<ReportOutput>;
  /** Stops the running job, if any; its promise rejects with AnalysisCancelled. */
  cancel(): void;
  dispose(): void;
}

export function createAnalysisWorker(): AnalysisWorkerLike {
  return new Worker(new URL('./analysis-worker.ts', import.meta.url), {
    type: 'module',
    name: 'conduit-analysis',
  }) as AnalysisWorkerLike;
}

interface Job {
  readonly id: number;
  readonly onEvent: (event: AnalysisEvent) => void;
  readonly reject: (error: Error) => void;
}

export function createAnalyzer(factory: () => AnalysisWorkerLike = createAnalysisWorker): Analyzer {
  let worker: AnalysisWorkerLike | null = null;
  /** Whether the live worker holds the site of the last completed analyze. */
  let hasSite = false;
  let job: Job | null = null;
  let nextJobId = 1;

  const stopWorker = (): void => {
    worker?.terminate();
    worker = null;
    hasSite = false;
  };

  const ensureWorker = (): AnalysisWorkerLike => {
    if (worker) return worker;
    const created = factory();
    created.addEventListener('message', (event: MessageEvent<AnalysisEvent>) => {
      if (worker !== created || !job || event.data.jobId !== job.id) return;
      job.onEvent(event.data);
    });
    created.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      if (worker !== created) return;
      const running = job;
      job = null;
      stopWorker();
      running?.reject(new Error(`the analysis worker stopped: ${event.message || 'unknown error'}`));
    });
    worker = created;
    return created;
  };

  const cancel = (): void => {
    if (!job) return;
    const running = job;
    job = null;
    stopWorker();
    running.reject(new AnalysisCancelled());
  };

  function start<T>(
    request: (jobId: number) => AnalysisRequest,
    done: (event: AnalysisEvent) => T | undefined,
    onProgress: ProgressListener,
  ): Promise<T> {
    cancel();
    const id = nextJobId++;
    return new Promise<T>((resolve, reject) => {
      job = {
        id,
        reject,
        onEvent: (event) => {
          if (event.type === 'progress') return onProgress(event.stage, event.fraction);
          job = null;
          if (event.type === 'failed') return reject(new Error(event.message));
          const value = done(event);
          if (value === undefined) reject(new Error(`unexpected ${event.type} event`));
          else resolve(value);
        },
      };
      ensureWorker().postMessage(request(id));
    });
  }

  return {
    analyze(files, options, onProgress) {
      // A fresh worker per site: nothing of a previous site lingers.
      cancel();
      stopWorker();
      return start(
        (jobId) => ({
          type: 'analyze',
          jobId,
          files,
          from: options.from,
          to: options.to,
          edits: options.edits,
        }),
        (event) => {
          if (event.type !== 'analyzed') return undefined;
          hasSite = true;
          return event.view;
        },
        onProgress,
      );
    },
    paths(from, to, onProgress) {
      cancel();
      if (!hasSite)
        return Promise.reject(new Error('no analysed site in the worker; analyse the site again'));
      return start(
        (jobId) => ({ type: 'paths', jobId, from, to }),
        (event) => (event.type === 'paths' ? event.paths : undefined),
        onProgress,
      );
    },
    remediate(onProgress) {
      cancel();
      if (!hasSite)
        return Promise.reject(new Error('no analysed site in the worker; analyse the site again'));
      return start(
        (jobId) => ({ type: 'remediate', jobId }),
        (event) => (event.type === 'remediation' ? event.remediation : undefined),
        onProgress,
      );
    },
    report(job) {
      cancel();
      if (!hasSite)
        return Promise.reject(new Error('no analysed site in the worker; analyse the site again'));
      return start(
        (jobId) => ({ type: 'report', jobId, ...job }),
        (event) => (event.type === 'report' ? event.report : undefined),
        () => undefined,
      );
    },
    cancel,
    dispose() {
      cancel();
      stopWorker();
    },
  };
}
