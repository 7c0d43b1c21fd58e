import { importConfig } from '../../models/import';
import type { WorkerEvent, WorkerRequest } from './protocol';
import { runImport } from './run-import';
import { readSiteInput } from './site-input';

/** The import Web Worker: parsing and conversion never run on the UI thread. */

interface WorkerScope {
  postMessage(event: WorkerEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event) => {
  const request = event.data;
  if (request.type === 'import')
    runImport(
      request,
      (e) => scope.postMessage(e),
      (file) => importConfig(file),
      undefined,
      readSiteInput,
    );
});
