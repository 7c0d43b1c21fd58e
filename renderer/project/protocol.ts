import type { ProjectDraft, ProjectRead, readProject, writeProject } from './codec';

/** The page <-> project worker protocol: one reply per request, matched by id. */
export type ProjectRequest =
  | { readonly id: number; readonly type: 'read'; readonly text: string; readonly fileName: string }
  | { readonly id: number; readonly type: 'write'; readonly draft: ProjectDraft };

export type ProjectReply =
  | { readonly id: number; readonly type: 'read'; readonly result: ProjectRead }
  | { readonly id: number; readonly type: 'write'; readonly text: string }
  /** A bug in the codec (bad input becomes a `read` result with ok: false). */
  | { readonly id: number; readonly type: 'failed'; readonly message: string };

/** One request answered (free of worker globals, so it runs in Node tests). */
export function handleProjectRequest(
  request: ProjectRequest,
  read: typeof readProject,
  write: typeof writeProject,
): ProjectReply {
  try {
    return request.type === 'read'
      ? { id: request.id, type: 'read', result: read(request.text, request.fileName) }
      : { id: request.id, type: 'write', text: write(request.draft) };
  } catch (error) {
    return {
      id: request.id,
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
