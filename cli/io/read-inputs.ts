import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { InputFile } from '../../models/import/types';
import { CliError } from '../errors';
import { decodeConfig } from './decode';

/**
 * The largest file read (64 MiB). Real firewall exports stay far below it (a 10 MB
 * iptables-save holds some 100,000 rules); a larger file is a disk image, a capture or a log.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** How deep a folder is walked. */
const MAX_DEPTH = 16;

/** One file to import: where it is, and the name its SourceRefs carry. */
export interface InputEntry {
  readonly path: string;
  /** As given on the command line, or relative to the folder given (with `/` separators). */
  readonly name: string;
  /** Named on the command line (true) or found in a folder (false). */
  readonly explicit: boolean;
}

export type ProblemKind = 'binary-input' | 'empty-input' | 'too-large' | 'unreadable';

/** Why a file could not be read as text; `line` is null when no line applies. */
export interface ReadProblem {
  readonly kind: ProblemKind;
  readonly line: number | null;
  readonly message: string;
}

export type ReadOutcome =
  | { readonly ok: true; readonly file: InputFile; readonly encoding: string }
  | { readonly ok: false; readonly problem: ReadProblem };

function errnoMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (err as Error | null)?.message ?? String(err);
}

/** Files named on the command line and the files inside the folders named, in a stable order. */
export function expandInputs(args: readonly string[]): InputEntry[] {
  const out: InputEntry[] = [];
  for (const arg of args) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(arg, { throwIfNoEntry: false });
    } catch (err) {
      throw new CliError(`${arg}: ${errnoMessage(err)}`);
    }
    if (stat === undefined) throw new CliError(`${arg}: no such file`);
    if (stat.isDirectory()) {
      const before = out.length;
      walk(arg, '', 0, new Set([realpath(arg)]), out);
      if (out.length === before) throw new CliError(`${arg}: the folder holds no files`);
    } else if (stat.isFile() || stat.isFIFO()) {
      out.push({ path: arg, name: arg, explicit: true });
    } else {
      throw new CliError(`${arg}: not a regular file`);
    }
  }
  return out;
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function walk(root: string, rel: string, depth: number, seen: Set<string>, out: InputEntry[]): void {
  const dir = rel === '' ? root : path.join(root, rel);
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch (err) {
    throw new CliError(`${dir}: ${errnoMessage(err)}`);
  }
  for (const name of names) {
    if (name.startsWith('.')) continue; // .git, editor swap files, .DS_Store
    const childRel = rel === '' ? name : `${rel}/${name}`;
    const full = path.join(root, childRel);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (stat === undefined) continue; // a dangling symbolic link
    if (stat.isDirectory()) {
      const real = realpath(full);
      if (depth + 1 >= MAX_DEPTH || seen.has(real)) continue;
      seen.add(real);
      walk(root, childRel, depth + 1, seen, out);
    } else if (stat.isFile()) {
      out.push({ path: full, name: childRel, explicit: false });
    }
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

/** Reads one file as text, or says why it cannot be used (never throws on a user's file). */
/**
 * What was read from pipes (`/dev/stdin`, `<(...)`): a pipe can be read once, so its SHA-256 and
 * size are taken as the analysis reads it, for the report's list of inputs.
 */
export const pipeDigests = new Map<string, { readonly sha256: string; readonly bytes: number }>();

export function readInput(entry: InputEntry, maxBytes = MAX_FILE_BYTES): ReadOutcome {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(entry.path);
    if (stat.size > maxBytes) {
      return {
        ok: false,
        problem: {
          kind: 'too-large',
          line: null,
          message: `the file is ${formatSize(stat.size)}, more than the ${formatSize(maxBytes)} a configuration may be`,
        },
      };
    }
    bytes = fs.readFileSync(entry.path);
    if (stat.isFIFO())
      pipeDigests.set(entry.path, {
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
      });
  } catch (err) {
    return { ok: false, problem: { kind: 'unreadable', line: null, message: errnoMessage(err) } };
  }
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      problem: { kind: 'too-large', line: null, message: `more than ${formatSize(maxBytes)} of input` },
    };
  }
  const decoded = decodeConfig(bytes);
  if (decoded.kind === 'empty')
    return { ok: false, problem: { kind: 'empty-input', line: 1, message: 'the file is empty' } };
  if (decoded.kind === 'binary')
    return { ok: false, problem: { kind: 'binary-input', line: decoded.line, message: decoded.reason } };
  return { ok: true, file: { name: entry.name, text: decoded.text }, encoding: decoded.encoding };
}
