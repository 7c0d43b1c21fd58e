import { fileNameProblem } from './names';
import { sha256Text, utf8Length } from './sha256';
import {
  CURRENT_VERSION,
  type JsonValue,
  PROJECT_FORMAT,
  type Project,
  type ProjectEdit,
  type ProjectFile,
  type ProjectSettings,
  type ProjectTool,
  type ProjectView,
} from './types';

/**
 * Writing a project: a deterministic text (fixed key order for the schema's objects, sorted keys
 * inside `view`, 2-space indent, a final newline), so saving what was loaded gives the same bytes.
 */
export function serializeProject(project: Project): string {
  const doc = {
    format: PROJECT_FORMAT,
    version: CURRENT_VERSION,
    name: project.name,
    createdAt: project.createdAt,
    savedAt: project.savedAt,
    tool: { name: project.tool.name, version: project.tool.version },
    files: project.files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size, text: f.text })),
    settings: orderedSettings(project.settings),
    edits: project.edits.map(orderedEdit),
    view: sortKeys(project.view as JsonValue),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function orderedSettings(s: ProjectSettings): Record<string, JsonValue> {
  return {
    from: [...s.from],
    to: [...s.to],
    ...(s.k === undefined ? {} : { k: s.k }),
    ...(s.resolvers === undefined ? {} : { resolvers: s.resolvers }),
  };
}

function orderedEdit(e: ProjectEdit): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { kind: e.kind, device: e.device, rule: e.rule };
  if (e.kind !== 'disable') {
    if (e.src !== undefined) out.src = [...e.src];
    if (e.dst !== undefined) out.dst = [...e.dst];
    if (e.service !== undefined) out.service = [...e.service];
  }
  if (e.note !== undefined) out.note = e.note;
  return out;
}

/** Objects with their keys sorted (own keys only; `undefined` values left out), recursively. */
function sortKeys(v: JsonValue | undefined): JsonValue {
  if (Array.isArray(v)) return v.map((x: JsonValue) => sortKeys(x));
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => (v as Record<string, JsonValue | undefined>)[k] !== undefined)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, JsonValue>)[k])]),
    );
  return v ?? null;
}

/** A project file entry for a text, with its SHA-256 and size. */
export function projectFile(name: string, text: string): ProjectFile {
  return { name, sha256: sha256Text(text), size: utf8Length(text), text };
}

export interface NewProject {
  readonly name: string;
  /** The files' names (relative, `/` separated) and texts, in import order. */
  readonly files: readonly { readonly name: string; readonly text: string }[];
  readonly tool: ProjectTool;
  /** ISO 8601 date-time of creation (default: now). */
  readonly now?: string;
  readonly settings?: ProjectSettings;
  readonly edits?: readonly ProjectEdit[];
  readonly view?: ProjectView;
}

export type Created =
  { readonly ok: true; readonly value: Project } | { readonly ok: false; readonly error: string };

/** A new project; a file name that cannot be saved (absolute, `..`, NUL, twice) is an error naming it. */
export function createProject(input: NewProject): Created {
  const seen = new Set<string>();
  for (const f of input.files) {
    const problem = fileNameProblem(f.name);
    if (problem !== null) return { ok: false, error: `${JSON.stringify(f.name)}: ${problem}` };
    if (seen.has(f.name)) return { ok: false, error: `${JSON.stringify(f.name)}: two files have this name` };
    seen.add(f.name);
  }
  const now = input.now ?? new Date().toISOString();
  return {
    ok: true,
    value: {
      format: PROJECT_FORMAT,
      version: CURRENT_VERSION,
      name: input.name,
      createdAt: now,
      savedAt: now,
      tool: input.tool,
      files: input.files.map((f) => projectFile(f.name, f.text)),
      settings: input.settings ?? { from: [], to: [] },
      edits: input.edits ?? [],
      view: input.view ?? {},
    },
  };
}

/** The project as saved now by `tool` (savedAt and tool updated, createdAt kept). */
export function markSaved(
  project: Project,
  tool: ProjectTool,
  now: string = new Date().toISOString(),
): Project {
  return { ...project, savedAt: now, tool };
}
