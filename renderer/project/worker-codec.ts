import type { ProjectCodec } from './codec';
import type { ProjectReply, ProjectRequest } from './protocol';

export interface ProjectWorkerLike {
  postMessage(message: ProjectRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ProjectReply>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

export function createProjectWorker(): ProjectWorkerLike {
  return new Worker(new URL('./project-worker.ts', import.meta.url), {
    type: 'module',
    name: 'conduit-project',
  }) as ProjectWorkerLike;
}

/** A request without its id (the codec numbers them). */
type RequestBody = ProjectRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The codec in a long-lived worker, started on first use; a dead worker fails its requests. */
export function createWorkerCodec(factory: () => ProjectWorkerLike = createProjectWorker): ProjectCodec {
  let worker: ProjectWorkerLike | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (reply: ProjectReply) => void; reject: (e: Error) => void }>();

  const ensure = (): ProjectWorkerLike => {
    if (worker) return worker;
    const created = factory();
    created.addEventListener('message', (event) => {
      const entry = waiting.get(event.data.id);
      if (!entry) return;
      waiting.delete(event.data.id);
      entry.resolve(event.data);
    });
    created.addEventListener('error', (event) => {
      event.preventDefault();
      const error = new Error(`the project worker stopped: ${event.message || 'unknown error'}`);
      for (const entry of waiting.values()) entry.reject(error);
      waiting.clear();
      created.terminate();
      if (worker === created) worker = null;
    });
    worker = created;
    return created;
  };

  const ask = (request: RequestBody): Promise<ProjectReply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      ensure().postMessage({ ...request, id } as ProjectRequest);
    });

  const unexpected = (reply: ProjectReply): Error =>
    new Error(reply.type === 'failed' ? reply.message : `unexpected ${reply.type} reply`);

  return {
    async read(text, fileName) {
      const reply = await ask({ type: 'read', text, fileName });
      if (reply.type !== 'read') throw unexpected(reply);
      return reply.result;
    },
    async write(draft) {
      const reply = await ask({ type: 'write', draft });
      if (reply.type !== 'write') throw unexpected(reply);
      return reply.text;
    },
  };
}
