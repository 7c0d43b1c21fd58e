import { type SourceRef, sourceRef } from '../../diagnostics';

/**
 * The lines of an input file, as every importer splits them: on `\n`, a trailing `\r` dropped,
 * no empty last line. A leading UTF-8 byte order mark is not part of line 1.
 */
export interface TextLines {
  /** The text with its byte order mark removed (offsets below refer to it). */
  readonly text: string;
  readonly lines: readonly string[];
  /** 1-based line of a character offset into `text`. */
  lineOf(offset: number): number;
  /** A SourceRef quoting line `line` exactly (clamped into the file). */
  ref(line: number, endLine?: number): SourceRef;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

export function textLines(file: string, raw: string): TextLines {
  const text = stripBom(raw);
  const lines = splitLines(text);
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const ref = (line: number, endLine = line): SourceRef => {
    const l = Math.max(1, Math.min(line, Math.max(1, lines.length)));
    return sourceRef(file, l, lines[l - 1] ?? '', Math.max(l, endLine));
  };
  return { text, lines, lineOf, ref };
}

/** True when the text looks binary (a NUL in its first 8 KiB). */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

/** A short, single-line quote of user text for a diagnostic message. */
export function quote(text: string, max = 60): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return `'${flat.length > max ? `${flat.slice(0, max)}...` : flat}'`;
}

/**
 * The 1-based line where JSON brackets nest deeper than `limit` (strings skipped), or null. The
 * JSON reader recurses per level, so a hostile file could exhaust the stack.
 */
export function jsonTooDeep(text: string, limit: number): number | null {
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return line;
    } else if (c === 93 || c === 125) depth--;
  }
  return null;
}
