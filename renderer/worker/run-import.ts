import type { ImportResult, InputFile } from '../../models/import/types';
import type { Diagnostic } from '../../models/diagnostics';
import type { ImportRequest, WorkerEvent } from './protocol';
import type { SiteInputKind } from './site-input';
import { summarizeDevice } from './summary';

export type ImportFn = (file: InputFile) => ImportResult;
/** Recognises site inputs that are not firewall exports; by default nothing is one. */
export type SiteInputFn = (file: InputFile) => { kind: SiteInputKind; diagnostics: Diagnostic[] } | null;

/**
 * The worker's job, free of worker globals so it runs in Node tests: import each file in turn,
 * posting progress before and the summarized result after each one.
 */
export function runImport(
  request: ImportRequest,
  post: (event: WorkerEvent) => void,
  importFile: ImportFn,
  now: () => number = () => performance.now(),
  siteInput: SiteInputFn = () => null,
): void {
  const { jobId, files } = request;
  const jobStart = now();
  files.forEach((file, index) => {
    post({ type: 'progress', jobId, fileId: file.id, index, total: files.length });
    const start = now();
    try {
      const input = siteInput({ name: file.name, text: file.text });
      if (input) {
        post({
          type: 'imported',
          jobId,
          result: {
            fileId: file.id,
            vendor: null,
            inputKind: input.kind,
            devices: [],
            diagnostics: input.diagnostics,
            durationMs: now() - start,
          },
        });
        return;
      }
      const result = importFile({ name: file.name, text: file.text });
      post({
        type: 'imported',
        jobId,
        result: {
          fileId: file.id,
          vendor: result.vendor,
          devices: result.devices.map((device, i) => summarizeDevice(device, `${file.id}/${i}`)),
          diagnostics: [...result.diagnostics],
          durationMs: now() - start,
        },
      });
    } catch (error) {
      post({
        type: 'failed',
        jobId,
        fileId: file.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
  post({ type: 'finished', jobId, durationMs: now() - jobStart });
}
