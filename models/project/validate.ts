import type { Diagnostic, DiagnosticCode, Severity } from '../diagnostics';
import { sourceRef } from '../diagnostics';
import { parseAddressItem, parseServiceItem } from './edits';
import { fileNameProblem } from './names';
import { sha256Text, utf8Length } from './sha256';
import {
  CURRENT_VERSION,
  EDIT_KINDS,
  type EditKind,
  type JsonObject,
  type JsonValue,
  PROJECT_FORMAT,
  type Project,
  type ProjectEdit,
  type ProjectFile,
  type ProjectSettings,
  type ProjectView,
} from './types';

/**
 * Checks a version-1 document (the plain JSON value, after any migration) and builds the
 * Project. Structural problems are errors that refuse the document; a file whose text does not
 * match its sha256 or size is an error diagnostic (the project still reads, so the app can show
 * which file); unknown properties and mistyped view keys are warnings (and are not kept).
 */
export type JsonPath = readonly (string | number)[];

export interface ProblemAt {
  readonly path: JsonPath;
  readonly message: string;
}

export interface Located {
  /** The 1-based line of the value at `path` (or of its nearest enclosing value). */
  readonly lineOf: (path: JsonPath) => number;
  /** The text of a 1-based line. */
  readonly lineText: (line: number) => string;
}

/** `files[2].sha256` */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

/**
 * Control and bidirectional-override characters of a message as `\\uXXXX`: messages quote the
 * file's own values (names, selectors), and a terminal or a UI must not act on them.
 */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

class Refused extends Error {
  constructor(readonly problem: ProblemAt) {
    super(problem.message);
  }
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const describeType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : isObject(v) ? 'an object' : `a ${typeof v}`;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

const TOP_KEYS = [
  'format',
  'version',
  'name',
  'createdAt',
  'savedAt',
  'tool',
  'files',
  'settings',
  'edits',
  'view',
];
const EDIT_KEYS: Readonly<Record<EditKind, readonly string[]>> = {
  disable: ['kind', 'device', 'rule', 'note'],
  narrow: ['kind', 'device', 'rule', 'src', 'dst', 'service', 'note'],
  'deny-above': ['kind', 'device', 'rule', 'src', 'dst', 'service', 'note'],
};

export type Validation =
  | { readonly ok: true; readonly value: Project; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly problem: ProblemAt };

export function validateProject(doc: JsonObject, fileName: string, at: Located): Validation {
  const diagnostics: Diagnostic[] = [];
  const note = (path: JsonPath, severity: Severity, code: DiagnosticCode, message: string): void => {
    const line = at.lineOf(path);
    diagnostics.push({
      code,
      severity,
      stage: 'read',
      message: escapeControls(`${formatPath(path)}: ${message}`),
      source: sourceRef(fileName, line, at.lineText(line)),
    });
  };
  const refuse = (path: JsonPath, message: string): never => {
    throw new Refused({ path, message });
  };
  const unknownKeys = (obj: JsonObject, path: JsonPath, known: readonly string[]): void => {
    for (const k of Object.keys(obj))
      if (!known.includes(k))
        note(
          [...path, k],
          'warning',
          'unsupported-construct',
          'unknown property, ignored (and not saved again)',
        );
  };
  const field = (obj: JsonObject, path: JsonPath, key: string): JsonValue => {
    if (!Object.hasOwn(obj, key)) refuse(path, `the required property '${key}' is missing`);
    return obj[key]!;
  };
  const string = (v: JsonValue, path: JsonPath, nonEmpty = false): string => {
    if (typeof v !== 'string') return refuse(path, `is ${describeType(v)}, not a string`);
    if (nonEmpty && v.length === 0) refuse(path, 'is empty');
    return v;
  };
  const object = (v: JsonValue, path: JsonPath): JsonObject =>
    isObject(v) ? v : refuse(path, `is ${describeType(v)}, not an object`);
  const array = (v: JsonValue, path: JsonPath): readonly JsonValue[] =>
    Array.isArray(v) ? (v as readonly JsonValue[]) : refuse(path, `is ${describeType(v)}, not an array`);
  const strings = (v: JsonValue, path: JsonPath): string[] =>
    array(v, path).map((x, i) => string(x, [...path, i], true));
  const dateTime = (v: JsonValue, path: JsonPath): string => {
    const s = string(v, path);
    if (!DATE_TIME.test(s) || Number.isNaN(Date.parse(s)))
      refuse(path, `'${s}' is not an ISO 8601 date and time (2026-12-04T21:30:00Z)`);
    return s;
  };

  try {
    if (doc.format !== PROJECT_FORMAT) refuse(['format'], `is not '${PROJECT_FORMAT}'`);
    if (doc.version !== CURRENT_VERSION) refuse(['version'], `is not ${CURRENT_VERSION}`);
    unknownKeys(doc, [], TOP_KEYS);
    const name = string(field(doc, [], 'name'), ['name']);
    const createdAt = dateTime(field(doc, [], 'createdAt'), ['createdAt']);
    const savedAt = dateTime(field(doc, [], 'savedAt'), ['savedAt']);
    const toolDoc = object(field(doc, [], 'tool'), ['tool']);
    unknownKeys(toolDoc, ['tool'], ['name', 'version']);
    const tool = {
      name: string(field(toolDoc, ['tool'], 'name'), ['tool', 'name']),
      version: string(field(toolDoc, ['tool'], 'version'), ['tool', 'version']),
    };

    const files: ProjectFile[] = [];
    const seen = new Map<string, number>();
    array(field(doc, [], 'files'), ['files']).forEach((raw, i) => {
      const path = ['files', i];
      const f = object(raw, path);
      unknownKeys(f, path, ['name', 'sha256', 'size', 'text']);
      const fname = string(field(f, path, 'name'), [...path, 'name']);
      const problem = fileNameProblem(fname);
      if (problem !== null) refuse([...path, 'name'], `${problem}: '${fname}'`);
      const before = seen.get(fname);
      if (before !== undefined) refuse([...path, 'name'], `'${fname}' is also the name of files[${before}]`);
      seen.set(fname, i);
      const sha256 = string(field(f, path, 'sha256'), [...path, 'sha256']);
      if (!SHA256_HEX.test(sha256))
        refuse([...path, 'sha256'], 'is not a SHA-256 hex digest (64 lower-case hex digits)');
      const size = field(f, path, 'size');
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        refuse([...path, 'size'], 'is not a byte count (a whole number, 0 or more)');
      const text = string(field(f, path, 'text'), [...path, 'text']);
      const actual = utf8Length(text);
      if (actual !== size)
        note(
          [...path, 'size'],
          'error',
          'invalid-value',
          `'${fname}' holds ${actual} bytes of text, not the ${String(size)} recorded: the file was changed after it was saved`,
        );
      else if (sha256Text(text) !== sha256)
        note(
          [...path, 'sha256'],
          'error',
          'invalid-value',
          `the text of '${fname}' does not match its SHA-256: the file was changed after it was saved`,
        );
      files.push({ name: fname, sha256, size: size as number, text });
    });

    const settings = readSettings(doc.settings, seen);
    const edits = readEdits(doc.edits);
    const view = readView(doc.view);
    return {
      ok: true,
      value: {
        format: PROJECT_FORMAT,
        version: CURRENT_VERSION,
        name,
        createdAt,
        savedAt,
        tool,
        files,
        settings,
        edits,
        view,
      },
      diagnostics,
    };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, problem: e.problem };
    throw e;
  }

  function readSettings(raw: JsonValue | undefined, names: ReadonlyMap<string, number>): ProjectSettings {
    if (raw === undefined) return { from: [], to: [] };
    const path = ['settings'];
    const s = object(raw, path);
    unknownKeys(s, path, ['from', 'to', 'k', 'resolvers']);
    const from = s.from === undefined ? [] : strings(s.from, [...path, 'from']);
    const to = s.to === undefined ? [] : strings(s.to, [...path, 'to']);
    const out: { from: string[]; to: string[]; k?: number; resolvers?: string } = { from, to };
    if (s.k !== undefined) {
      if (typeof s.k !== 'number' || !Number.isInteger(s.k) || s.k < 1 || s.k > 100)
        refuse([...path, 'k'], 'is not a whole number from 1 to 100');
      out.k = s.k as number;
    }
    if (s.resolvers !== undefined) {
      const r = string(s.resolvers, [...path, 'resolvers'], true);
      if (!names.has(r)) refuse([...path, 'resolvers'], `names no file of the project: '${r}'`);
      out.resolvers = r;
    }
    return out;
  }

  function readEdits(raw: JsonValue | undefined): ProjectEdit[] {
    if (raw === undefined) return [];
    return array(raw, ['edits']).map((item, i) => {
      const path = ['edits', i];
      const e = object(item, path);
      const kind = string(field(e, path, 'kind'), [...path, 'kind']);
      if (!(EDIT_KINDS as readonly string[]).includes(kind))
        refuse([...path, 'kind'], `'${kind}' is not an edit kind (${EDIT_KINDS.join(', ')})`);
      const k = kind as EditKind;
      unknownKeys(e, path, EDIT_KEYS[k]);
      const device = string(field(e, path, 'device'), [...path, 'device'], true);
      const rule = string(field(e, path, 'rule'), [...path, 'rule'], true);
      const extra = e.note === undefined ? {} : { note: string(e.note, [...path, 'note']) };
      if (k === 'disable') return { kind: k, device, rule, ...extra };
      const list = (key: 'src' | 'dst' | 'service', required: boolean): string[] | undefined => {
        if (e[key] === undefined)
          return required ? refuse(path, `the required property '${key}' is missing`) : undefined;
        const items = strings(e[key], [...path, key]);
        items.forEach((x, j) => {
          const p = key === 'service' ? parseServiceItem(x) : parseAddressItem(x);
          if (!p.ok) refuse([...path, key, j], p.error);
        });
        return items;
      };
      const required = k === 'deny-above';
      const src = list('src', required);
      const dst = list('dst', required);
      const service = list('service', required);
      if (k === 'deny-above')
        return { kind: k, device, rule, src: src!, dst: dst!, service: service!, ...extra };
      return {
        kind: k,
        device,
        rule,
        ...(src ? { src } : {}),
        ...(dst ? { dst } : {}),
        ...(service ? { service } : {}),
        ...extra,
      };
    });
  }

  function readView(raw: JsonValue | undefined): ProjectView {
    if (raw === undefined) return {};
    const v = object(raw, ['view']);
    const kept: [string, JsonValue][] = [];
    for (const [key, value] of Object.entries(v)) {
      const problem = viewProblem(key, value);
      if (problem === null) kept.push([key, value]);
      else note(['view', key], 'warning', 'invalid-value', `${problem}; the view setting is ignored`);
    }
    // fromEntries defines own keys: a "__proto__" key stays a key.
    return Object.fromEntries(kept);
  }
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Why a known view key's value has the wrong type, or null. Unknown keys take any JSON value. */
export function viewProblem(key: string, value: JsonValue): string | null {
  switch (key) {
    case 'tab':
      return typeof value === 'string' ? null : 'is not a string';
    case 'selectedPath':
      return value === null || typeof value === 'string' ? null : 'is not a string or null';
    case 'expandedZones':
      return Array.isArray(value) && value.every((z) => typeof z === 'string')
        ? null
        : 'is not a list of zone names';
    case 'map': {
      if (!isObject(value)) return 'is not an object';
      const pan = value.pan;
      if (!isFiniteNumber(value.zoom) || value.zoom <= 0) return 'has no positive zoom';
      if (!isObject(pan) || !isFiniteNumber(pan.x) || !isFiniteNumber(pan.y)) return 'has no pan {x, y}';
      return null;
    }
    default:
      return null;
  }
}
