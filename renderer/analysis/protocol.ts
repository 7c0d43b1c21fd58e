import type { ProjectEdit } from '../../models/project';
import type { WorkerInputFile } from '../worker/protocol';
import type { AnalysisView, PathsView, RemediationView, ReportFormat, ReportOutput } from './types';

/**
 * The page <-> analysis worker protocol. `analyze` runs the whole pipeline (files ->
 * assembleSite -> what-if edits -> analyzeSite); `paths` re-runs lateral movement on the site the
 * worker holds, for other footholds and targets; `remediate` finds the rules whose removal closes
 * every path; `report` renders the last analysis as an auditor's report. Every event names its job.
 */

export interface AnalyzeRequest {
  readonly type: 'analyze';
  readonly jobId: number;
  readonly files: readonly WorkerInputFile[];
  /** Foothold and target selectors; empty means the site's defaults. */
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** What-if edits applied before the analysis; the view then carries the difference they make. */
  readonly edits: readonly ProjectEdit[];
}

export interface PathsRequest {
  readonly type: 'paths';
  readonly jobId: number;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export interface RemediateRequest {
  readonly type: 'remediate';
  readonly jobId: number;
}

export interface ReportRequest {
  readonly type: 'report';
  readonly jobId: number;
  readonly format: ReportFormat;
  readonly title: string | null;
  readonly note: string | null;
  /** ISO 8601 instant printed as the report's date. */
  readonly generatedAt: string;
  readonly toolVersion: string;
  /** For a PDF's second pass: the page each table-of-contents entry starts on. */
  readonly pages?: Readonly<Record<string, number>>;
}

export type AnalysisRequest = AnalyzeRequest | PathsRequest | RemediateRequest | ReportRequest;

export type AnalysisEvent =
  | { readonly type: 'progress'; readonly jobId: number; readonly stage: string; readonly fraction: number }
  | { readonly type: 'analyzed'; readonly jobId: number; readonly view: AnalysisView }
  | { readonly type: 'paths'; readonly jobId: number; readonly paths: PathsView }
  | { readonly type: 'remediation'; readonly jobId: number; readonly remediation: RemediationView }
  | { readonly type: 'report'; readonly jobId: number; readonly report: ReportOutput }
  /** Bad selectors, no site yet, or a bug in the analysis. */
  | { readonly type: 'failed'; readonly jobId: number; readonly message: string };

export interface AnalysisWorkerLike {
  postMessage(message: AnalysisRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<AnalysisEvent>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}
