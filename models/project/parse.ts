import type { Diagnostic } from '../diagnostics';
import { type JsonNode, items, keys, parseJson, prop } from '../import/formats/json';
import { MIGRATIONS, type Migration, migrateDocument } from './migrate';
import {
  CURRENT_VERSION,
  type JsonObject,
  type JsonValue,
  PROJECT_FORMAT,
  PROJECT_EXTENSION,
  type Project,
} from './types';
import { type JsonPath, escapeControls, formatPath, validateProject } from './validate';

/**
 * Reading a project file: JSON (with the line of every value), the format and version checks,
 * migration of older versions, then the version-1 checks. Every error names the file and line.
 */
export type ProjectErrorKind =
  /** Not well-formed JSON. */
  | 'not-json'
  /** JSON, but not a Conduit project (no `"format": "conduit-project"`). */
  | 'not-a-project'
  /** Written by a newer Conduit: never overwrite it. */
  | 'newer-version'
  /** An older version no migration leads from, or a migration that failed. */
  | 'migration-failed'
  /** A project whose content breaks the schema. */
  | 'invalid';

export interface ProjectError {
  readonly kind: ProjectErrorKind;
  readonly file: string;
  readonly line: number;
  /** Without the file and line (see formatProjectError). */
  readonly message: string;
  /** The file's version, when it could be read. */
  readonly version?: number;
}

export type ProjectParse =
  | {
      readonly ok: true;
      readonly value: Project;
      /** Files whose text does not match their hash or size (errors), ignored properties (warnings). */
      readonly diagnostics: readonly Diagnostic[];
      /** The version the file was written in, when it was migrated up; null when it is current. */
      readonly migratedFrom: number | null;
      /** The 1-based line of the value at a path (`['edits', 2]`) in the text read. */
      readonly lineOf: (path: JsonPath) => number;
    }
  | { readonly ok: false; readonly error: ProjectError };

export interface ParseProjectOptions {
  /** The migration registry (default: MIGRATIONS); tests inject their own. */
  readonly migrations?: readonly Migration[];
}

/** `project.conduit:14: files[2].sha256 is not a SHA-256 hex digest` */
export function formatProjectError(e: ProjectError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

/** Does this text look like a project file (a JSON object with `"format": "conduit-project"`)? */
export function looksLikeProject(text: string, fileName = ''): boolean {
  if (fileName.toLowerCase().endsWith(PROJECT_EXTENSION)) return true;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('{') && /"format"\s*:\s*"conduit-project"/.test(text);
}

export function parseProject(
  text: string,
  fileName: string,
  options: ParseProjectOptions = {},
): ProjectParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const json = parseJson(body);
  const error = (kind: ProjectErrorKind, line: number, message: string, version?: number): ProjectParse => ({
    ok: false,
    error: {
      kind,
      file: fileName,
      line,
      message: escapeControls(message),
      ...(version === undefined ? {} : { version }),
    },
  });
  const root = json.root;
  const firstError = json.errors[0];
  if (root === undefined || firstError !== undefined) {
    const message = firstError?.message ?? 'no JSON value';
    const isObject = body.trimStart().startsWith('{');
    return error(
      'not-json',
      firstError?.line ?? 1,
      isObject
        ? `the project is not well-formed JSON: ${message}`
        : 'not a Conduit project (not a JSON object)',
    );
  }
  if (root.type !== 'object')
    return error('not-a-project', json.lineOf(root.offset), 'not a Conduit project (not a JSON object)');
  const lineOf = (path: JsonPath): number => json.lineOf(nodeAt(root, path).offset);
  const format = prop(root, 'format');
  if (format?.value !== PROJECT_FORMAT)
    return error(
      'not-a-project',
      lineOf(['format']),
      format === undefined
        ? `not a Conduit project (no "format": "${PROJECT_FORMAT}")`
        : `not a Conduit project (format is ${JSON.stringify(format.value) ?? format.type}, not "${PROJECT_FORMAT}")`,
    );
  const duplicate = findDuplicateKey(root, []);
  if (duplicate !== null)
    return error(
      'invalid',
      json.lineOf(duplicate.node.offset),
      `${formatPath(duplicate.path) || 'the project'}: the property '${duplicate.key}' appears twice`,
    );
  const versionNode = prop(root, 'version');
  const version = versionNode?.value;
  if (versionNode?.type !== 'number' || !Number.isSafeInteger(version) || (version as number) < 0)
    return error(
      'invalid',
      lineOf(['version']),
      `version: ${versionNode === undefined ? 'the required property is missing' : 'is not a whole number'}`,
    );
  const v = version as number;
  if (v > CURRENT_VERSION)
    return error(
      'newer-version',
      lineOf(['version']),
      `made by a newer Conduit (version ${v}); this one reads up to ${CURRENT_VERSION}. Open it with a newer Conduit; it was not changed`,
      v,
    );
  let doc = plainValue(root) as JsonObject;
  let migratedFrom: number | null = null;
  if (v < CURRENT_VERSION) {
    const m = migrateDocument(doc, v, options.migrations ?? MIGRATIONS, CURRENT_VERSION);
    if (!m.ok)
      return error(
        'migration-failed',
        lineOf(['version']),
        `version ${v} cannot be read by this Conduit: ${m.error}`,
        v,
      );
    doc = m.doc;
    migratedFrom = v;
  }
  const lines = body.split('\n');
  const checked = validateProject(doc, fileName, {
    lineOf,
    lineText: (n) => (lines[n - 1] ?? '').replace(/\r$/, ''),
  });
  if (!checked.ok) {
    const { path, message } = checked.problem;
    const where = formatPath(path);
    const after = migratedFrom === null ? '' : ` (after migrating from version ${migratedFrom})`;
    return error('invalid', lineOf(path), `${where === '' ? 'the project' : where} ${message}${after}`, v);
  }
  return { ok: true, value: checked.value, diagnostics: checked.diagnostics, migratedFrom, lineOf };
}

/** The node at a path, or the nearest enclosing node that exists. */
function nodeAt(root: JsonNode, path: JsonPath): JsonNode {
  let node = root;
  for (const step of path) {
    const next = typeof step === 'number' ? items(node)[step] : prop(node, step);
    if (next === undefined) return node;
    node = next;
  }
  return node;
}

function findDuplicateKey(
  node: JsonNode,
  path: JsonPath,
): { path: JsonPath; key: string; node: JsonNode } | null {
  if (node.type === 'object') {
    const seen = new Set<string>();
    const names = keys(node);
    for (const [i, p] of (node.children ?? []).entries()) {
      const key = names[i]!;
      if (seen.has(key)) return { path, key, node: p };
      seen.add(key);
      const value = p.children?.[1];
      if (value) {
        const d = findDuplicateKey(value, [...path, key]);
        if (d) return d;
      }
    }
  } else if (node.type === 'array') {
    for (const [i, child] of (node.children ?? []).entries()) {
      const d = findDuplicateKey(child, [...path, i]);
      if (d) return d;
    }
  }
  return null;
}

/**
 * The plain value of a node. Object.fromEntries defines every key as an own property, so a
 * hostile `"__proto__"` key stays a key instead of replacing the object's prototype.
 */
function plainValue(node: JsonNode): JsonValue {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(
        (node.children ?? []).map((p) => [String(p.children?.[0]?.value), plainValue(p.children![1]!)]),
      );
    case 'array':
      return (node.children ?? []).map(plainValue);
    default:
      return node.value as JsonValue;
  }
}
