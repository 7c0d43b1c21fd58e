import type { ImportResult, InputFile } from '../../models/import/types';
import type { ImportRequest, WorkerEvent } from './protocol';
import { summarizeDevice } from './summary';

export type ImportFn = (file: InputFile) => ImportResult;

/**
 * The worker's job, free of worker globals so it runs in Node tests: import each file in turn,
 * posting progress before and the summarized result after each one.
 */
export function runImport(
  request: ImportRequest,
  post: (event: WorkerEvent) => void,
  importFile: ImportFn,
  now: () => number = () => performance.now(),
): void {
  const { jobId, files } = request;
  const jobStart = now();
  files.forEach((file, index) => {
    post({ type: 'progress', jobId, fileId: file.id, index, total: files.length });
    const start = now();
    try {
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
