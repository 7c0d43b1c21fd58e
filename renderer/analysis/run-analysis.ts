import { lateralMovement } from '../../models/paths';
import { analyzeSite } from '../../models/report/analysis';
import { assembleSite, type Network } from '../../models/topology';
import type { AnalysisEvent, AnalysisRequest } from './protocol';
import { toAnalysisView, toPathsView } from './build-view';

/**
 * The analysis worker's job, free of worker globals so it runs in Node tests. The session keeps
 * the last site's Network so that new footholds/targets do not re-import anything.
 */
export interface AnalysisSession {
  network: Network | null;
}

export const newSession = (): AnalysisSession => ({ network: null });

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Share of the bar for reading and assembling the files; the analysis stages share the rest. */
const ASSEMBLY_SHARE = 0.3;

export function handleAnalysisRequest(
  request: AnalysisRequest,
  post: (event: AnalysisEvent) => void,
  session: AnalysisSession,
  now: () => number = () => performance.now(),
): void {
  const { jobId } = request;
  try {
    if (request.type === 'analyze') {
      const start = now();
      post({ type: 'progress', jobId, stage: 'reading configs', fraction: 0 });
      const load = assembleSite(request.files.map((f) => ({ name: f.name, text: f.text })));
      session.network = load.network;
      const analysis = analyzeSite(load.network, load.issues, {
        progress: (stage, done) =>
          post({ type: 'progress', jobId, stage, fraction: ASSEMBLY_SHARE + (1 - ASSEMBLY_SHARE) * done }),
      });
      const site = load.network.site;
      const view = toAnalysisView(
        load,
        analysis,
        { from: site?.footholds.map((f) => f.value) ?? [], to: site?.targets.map((t) => t.value) ?? [] },
        now() - start,
      );
      post({ type: 'analyzed', jobId, view });
      return;
    }
    const net = session.network;
    if (!net) {
      post({ type: 'failed', jobId, message: 'no site has been analysed yet' });
      return;
    }
    post({ type: 'progress', jobId, stage: 'lateral movement', fraction: 0 });
    const lateral = lateralMovement(net, {
      ...(request.from.length ? { from: request.from } : {}),
      ...(request.to.length ? { to: request.to } : {}),
    });
    post({ type: 'paths', jobId, paths: toPathsView(net, lateral, request.from, request.to) });
  } catch (error) {
    post({ type: 'failed', jobId, message: messageOf(error) });
  }
}
