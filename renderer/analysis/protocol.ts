import type { WorkerInputFile } from '../worker/protocol';
import type { AnalysisView, PathsView } from './types';

/**
 * The page <-> analysis worker protocol. `analyze` runs the whole pipeline (files ->
 * assembleSite -> analyzeSite); `paths` re-runs lateral movement on the site the worker holds,
 * for other footholds and targets. Every event names its job.
 */

export interface AnalyzeRequest {
  readonly type: 'analyze';
  readonly jobId: number;
  readonly files: readonly WorkerInputFile[];
}

export interface PathsRequest {
  readonly type: 'paths';
  readonly jobId: number;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export type AnalysisRequest = AnalyzeRequest | PathsRequest;

export type AnalysisEvent =
  | { readonly type: 'progress'; readonly jobId: number; readonly stage: string; readonly fraction: number }
  | { readonly type: 'analyzed'; readonly jobId: number; readonly view: AnalysisView }
  | { readonly type: 'paths'; readonly jobId: number; readonly paths: PathsView }
  /** Bad selectors, no site yet, or a bug in the analysis. */
  | { readonly type: 'failed'; readonly jobId: number; readonly message: string };

export interface AnalysisWorkerLike {
  postMessage(message: AnalysisRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<AnalysisEvent>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}
