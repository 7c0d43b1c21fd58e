import type { InvokeArgs, InvokeChannel, SaveKind } from './contract';

/**
 * Argument validation for every invoke channel. The renderer is untrusted: whatever arrives over
 * IPC is `unknown` until a validator here says otherwise. Pure functions, no Electron.
 */

export type Validation<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export type Validator<C extends InvokeChannel> = (args: readonly unknown[]) => Validation<InvokeArgs<C>>;

export const LIMITS = {
  /** Longest path accepted from the renderer (Windows long paths are 32,767 UTF-16 units). */
  pathLength: 32_767,
  titleLength: 200,
  fileNameLength: 255,
  /** Largest content the renderer may ask to write (UTF-16 code units). */
  writeLength: 256 * 1024 * 1024,
  /** Largest file the main process reads for the renderer. */
  readBytes: 64 * 1024 * 1024,
} as const;

const SAVE_KINDS: readonly SaveKind[] = ['csv', 'json', 'html', 'text'];

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Fails when the object has keys outside `allowed`: unknown fields are a sign of a confused or hostile caller. */
function unexpectedKey(value: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  return Object.keys(value).find((key) => !allowed.includes(key));
}

function checkString(value: unknown, what: string, max: number, allowEmpty = false): string | undefined {
  if (typeof value !== 'string') return `${what} must be a string`;
  if (!allowEmpty && value.length === 0) return `${what} must not be empty`;
  if (value.length > max) return `${what} is longer than ${max} characters`;
  return undefined;
}

function checkArity(args: readonly unknown[], min: number, max: number): string | undefined {
  if (args.length < min || args.length > max) {
    return min === max
      ? `expected ${min} argument(s), got ${args.length}`
      : `expected ${min} to ${max} arguments, got ${args.length}`;
  }
  return undefined;
}

/** A path from the renderer: an absolute-looking string without NUL bytes. */
export function checkPath(value: unknown): string | undefined {
  const problem = checkString(value, 'path', LIMITS.pathLength);
  if (problem) return problem;
  const path = value as string;
  if (path.includes('\0')) return 'path contains a NUL byte';
  if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path) && !path.startsWith('\\\\'))
    return 'path must be absolute';
  return undefined;
}

const validateVersions: Validator<'app:versions'> = (args) => {
  const arity = checkArity(args, 0, 0);
  return arity ? fail(arity) : { ok: true, value: [] };
};

const validateOpenFiles: Validator<'dialog:openFiles'> = (args) => {
  const arity = checkArity(args, 0, 1);
  if (arity) return fail(arity);
  const request = args[0];
  if (request === undefined) return { ok: true, value: [] };
  if (!isPlainObject(request)) return fail('request must be an object');
  const extra = unexpectedKey(request, ['title']);
  if (extra !== undefined) return fail(`unexpected field "${extra}"`);
  if (request.title === undefined) return { ok: true, value: [{}] };
  const problem = checkString(request.title, 'title', LIMITS.titleLength);
  return problem ? fail(problem) : { ok: true, value: [{ title: request.title as string }] };
};

const validateRead: Validator<'file:read'> = (args) => {
  const arity = checkArity(args, 1, 1);
  if (arity) return fail(arity);
  const request = args[0];
  if (!isPlainObject(request)) return fail('request must be an object');
  const extra = unexpectedKey(request, ['path']);
  if (extra !== undefined) return fail(`unexpected field "${extra}"`);
  const problem = checkPath(request.path);
  return problem ? fail(problem) : { ok: true, value: [{ path: request.path as string }] };
};

const validateWrite: Validator<'file:write'> = (args) => {
  const arity = checkArity(args, 1, 1);
  if (arity) return fail(arity);
  const request = args[0];
  if (!isPlainObject(request)) return fail('request must be an object');
  const extra = unexpectedKey(request, ['suggestedName', 'kind', 'content']);
  if (extra !== undefined) return fail(`unexpected field "${extra}"`);
  const nameProblem = checkString(request.suggestedName, 'suggestedName', LIMITS.fileNameLength);
  if (nameProblem) return fail(nameProblem);
  if (typeof request.kind !== 'string' || !SAVE_KINDS.includes(request.kind as SaveKind)) {
    return fail(`kind must be one of ${SAVE_KINDS.join(', ')}`);
  }
  const contentProblem = checkString(request.content, 'content', LIMITS.writeLength, true);
  if (contentProblem) return fail(contentProblem);
  return {
    ok: true,
    value: [
      {
        suggestedName: request.suggestedName as string,
        kind: request.kind as SaveKind,
        content: request.content as string,
      },
    ],
  };
};

/** Checks `args` is one plain object with exactly `fields` (all required); returns it or a failure. */
function singleObject(
  args: readonly unknown[],
  fields: readonly string[],
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const arity = checkArity(args, 1, 1);
  if (arity) return fail(arity);
  const request = args[0];
  if (!isPlainObject(request)) return fail('request must be an object');
  const extra = unexpectedKey(request, fields);
  if (extra !== undefined) return fail(`unexpected field "${extra}"`);
  const missing = fields.find((field) => !(field in request));
  if (missing !== undefined) return fail(`missing field "${missing}"`);
  return { ok: true, value: request };
}

const noArguments =
  <C extends 'project:open' | 'project:recent' | 'project:launch'>(): Validator<C> =>
  (args) => {
    const arity = checkArity(args, 0, 0);
    return arity ? fail(arity) : { ok: true, value: [] as unknown as InvokeArgs<C> };
  };

const validatePathRequest =
  <C extends 'project:openRecent' | 'project:remember'>(): Validator<C> =>
  (args) => {
    const request = singleObject(args, ['path']);
    if (!request.ok) return request;
    const problem = checkPath(request.value.path);
    return problem
      ? fail(problem)
      : { ok: true, value: [{ path: request.value.path as string }] as InvokeArgs<C> };
  };

const validateSaveProject: Validator<'project:save'> = (args) => {
  const request = singleObject(args, ['content', 'suggestedName', 'path']);
  if (!request.ok) return request;
  const { content, suggestedName, path } = request.value;
  const problem =
    checkString(content, 'content', LIMITS.writeLength, true) ??
    checkString(suggestedName, 'suggestedName', LIMITS.fileNameLength) ??
    (path === null ? undefined : checkPath(path));
  if (problem) return fail(problem);
  return {
    ok: true,
    value: [
      { content: content as string, suggestedName: suggestedName as string, path: path as string | null },
    ],
  };
};

const validateDocumentState: Validator<'window:setDocumentState'> = (args) => {
  const request = singleObject(args, ['title', 'dirty']);
  if (!request.ok) return request;
  const { title, dirty } = request.value;
  const problem = checkString(title, 'title', LIMITS.titleLength, true);
  if (problem) return fail(problem);
  if (typeof dirty !== 'boolean') return fail('dirty must be a boolean');
  return { ok: true, value: [{ title: title as string, dirty }] };
};

const validateClose: Validator<'window:close'> = (args) => {
  const request = singleObject(args, ['force']);
  if (!request.ok) return request;
  const { force } = request.value;
  if (typeof force !== 'boolean') return fail('force must be a boolean');
  return { ok: true, value: [{ force }] };
};

/** `2026-03-01T09:00:00Z` or with milliseconds: the report dates the renderer sends. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

const validatePrintPdf: Validator<'report:printPdf'> = (args) => {
  const request = singleObject(args, ['html', 'suggestedName', 'generatedAt']);
  if (!request.ok) return request;
  const { html, suggestedName, generatedAt } = request.value;
  const problem =
    checkString(html, 'html', LIMITS.writeLength) ??
    checkString(suggestedName, 'suggestedName', LIMITS.fileNameLength) ??
    (typeof generatedAt === 'string' &&
    ISO_INSTANT.test(generatedAt) &&
    !Number.isNaN(Date.parse(generatedAt))
      ? null
      : 'generatedAt must be an ISO 8601 UTC instant');
  if (problem) return fail(problem);
  return {
    ok: true,
    value: [
      { html: html as string, suggestedName: suggestedName as string, generatedAt: generatedAt as string },
    ],
  };
};

const validateMeasurePdf: Validator<'report:measurePdf'> = (args) => {
  const request = singleObject(args, ['html']);
  if (!request.ok) return request;
  const problem = checkString(request.value.html, 'html', LIMITS.writeLength);
  return problem ? fail(problem) : { ok: true, value: [{ html: request.value.html as string }] };
};

/** One validator per invoke channel; the mapped type makes a missing channel a compile error. */
export const VALIDATORS: { readonly [C in InvokeChannel]: Validator<C> } = {
  'app:versions': validateVersions,
  'dialog:openFiles': validateOpenFiles,
  'file:read': validateRead,
  'file:write': validateWrite,
  'project:open': noArguments<'project:open'>(),
  'project:openRecent': validatePathRequest<'project:openRecent'>(),
  'project:save': validateSaveProject,
  'project:recent': noArguments<'project:recent'>(),
  'project:launch': noArguments<'project:launch'>(),
  'project:remember': validatePathRequest<'project:remember'>(),
  'window:setDocumentState': validateDocumentState,
  'window:close': validateClose,
  'report:measurePdf': validateMeasurePdf,
  'report:printPdf': validatePrintPdf,
};

export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.prototype.hasOwnProperty.call(VALIDATORS, channel);
}

export function validateArgs<C extends InvokeChannel>(
  channel: C,
  args: readonly unknown[],
): Validation<InvokeArgs<C>> {
  return (VALIDATORS[channel] as Validator<C>)(args);
}

/**
 * A safe base name for the save dialog: no directories, no characters Windows forbids, no
 * leading dots, at most 255 characters. Falls back to `fallback` when nothing is left.
 */
export function sanitizeFileName(name: string, fallback = 'export'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  const reserved = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(cleaned);
  const result = reserved ? `_${cleaned}` : cleaned;
  return result.length === 0 ? fallback : result.slice(0, LIMITS.fileNameLength);
}
