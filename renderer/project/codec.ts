import type { Diagnostic } from '../../models/diagnostics';
import {
  type Project,
  formatProjectError,
  parseProject,
  projectFile,
  serializeProject,
} from '../../models/project';

/**
 * Reading and writing project files: hashing every file's text (SHA-256) and checking it on
 * open is real work for a large project, so the app does it in a worker (./project-worker.ts);
 * tests and the worker itself use the same functions in-process.
 */

/** A project to save, its files without digests yet (the codec computes them). */
export type ProjectDraft = Omit<Project, 'files'> & {
  readonly files: readonly { readonly name: string; readonly text: string }[];
};

export type ProjectRead =
  | { readonly ok: true; readonly project: Project; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly message: string };

export interface ProjectCodec {
  read(text: string, fileName: string): Promise<ProjectRead>;
  write(draft: ProjectDraft): Promise<string>;
}

export function readProject(text: string, fileName: string): ProjectRead {
  const parsed = parseProject(text, fileName);
  if (!parsed.ok) return { ok: false, message: formatProjectError(parsed.error) };
  return { ok: true, project: parsed.value, diagnostics: parsed.diagnostics };
}

export function writeProject(draft: ProjectDraft): string {
  return serializeProject({ ...draft, files: draft.files.map((f) => projectFile(f.name, f.text)) });
}

/** The codec on the calling thread (tests; a fallback where workers are unavailable). */
export const inlineCodec: ProjectCodec = {
  read: async (text, fileName) => readProject(text, fileName),
  write: async (draft) => writeProject(draft),
};
