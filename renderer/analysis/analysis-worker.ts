import type { AnalysisEvent, AnalysisRequest } from './protocol';
import { handleAnalysisRequest, newSession } from './run-analysis';

/** The analysis Web Worker: import, site model, reach, paths, egress and findings off the UI thread. */

interface WorkerScope {
  postMessage(event: AnalysisEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<AnalysisRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
const session = newSession();

scope.addEventListener('message', (event) => {
  handleAnalysisRequest(event.data, (e) => scope.postMessage(e), session);
});
