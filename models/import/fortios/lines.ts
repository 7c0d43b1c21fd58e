/**
 * FortiOS `show` / backup text as statements: one per line, except that a double-quoted value
 * may run over several lines (replacement messages, certificates, scripts). Words are split on
 * blanks; `"..."` quotes a word (with `\"` and `\\` escapes), and a backslash escapes the next
 * character outside quotes too.
 */

/** What became of each input line; every line is accounted for (see the fuzz tests). */
export const LineKind = {
  Blank: 1,
  Comment: 2,
  /** `config`, `edit`, `next`, `end`. */
  Structure: 3,
  /** A setting of a section the importer models (used, or read and found harmless). */
  Modelled: 4,
  /** A line of a section deliberately ignored (no effect on filtering; listed in support.md). */
  Ignored: 5,
  /** A line of a section that is not modelled, reported once for the whole section. */
  Unsupported: 6,
  /** Named by a diagnostic of its own. */
  Diagnostic: 7,
} as const;
export type LineKindValue = (typeof LineKind)[keyof typeof LineKind];

/** Longer lines are skipped with a diagnostic. */
export const MAX_LINE_LENGTH = 65_536;
/** A quoted value may span at most this many lines before the quote is taken as unclosed. */
const MAX_QUOTED_LINES = 20_000;
const BLANKS = /[ \t]+/;

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/** One statement: its words, and its first and last 0-based line (they differ for a multi-line quote). */
export interface FortiosStatement {
  readonly words: readonly string[];
  readonly line: number;
  readonly endLine: number;
}

export type LineProblem =
  | { readonly kind: 'too-long'; readonly line: number; readonly length: number }
  | { readonly kind: 'unclosed-quote'; readonly line: number };

/** Splits text into words, chunk by chunk (a quoted word may go on in the next chunk). */
class WordScanner {
  readonly words: string[] = [];
  private cur = '';
  private inWord = false;
  /** True while inside a quoted word. */
  quoted = false;

  feed(text: string): this {
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.quoted) {
        // Copy the run up to the next quote or backslash in one slice.
        let j = i;
        while (j < n && text.charCodeAt(j) !== 34 && text.charCodeAt(j) !== 92) j++;
        this.cur += text.slice(i, j);
        if (j >= n) break;
        if (text.charCodeAt(j) === 92 && j + 1 < n) {
          this.cur += text[j + 1]!;
          i = j + 2;
        } else if (text.charCodeAt(j) === 92) {
          this.cur += '\\';
          i = j + 1;
        } else {
          this.quoted = false;
          i = j + 1;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) {
        if (this.inWord) this.words.push(this.cur);
        this.cur = '';
        this.inWord = false;
        i++;
      } else if (c === 34) {
        this.quoted = true;
        this.inWord = true;
        i++;
      } else if (c === 92 && i + 1 < n) {
        this.cur += text[i + 1]!;
        this.inWord = true;
        i += 2;
      } else {
        let j = i;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 32 || d === 9 || d === 34 || d === 92) break;
          j++;
        }
        if (j === i) j = i + 1;
        this.cur += text.slice(i, j);
        this.inWord = true;
        i = j;
      }
    }
    return this;
  }

  finish(): string[] {
    if (this.inWord) this.words.push(this.cur);
    this.cur = '';
    this.inWord = false;
    return this.words;
  }
}

/** The words of one line (an unclosed quote runs to the end of the line). */
export const wordsOf = (text: string): string[] => new WordScanner().feed(text).finish();

/**
 * The statements of a file. Blank lines and `#` comments are not statements (`kinds` says so);
 * over-long lines and quotes never closed are `problems` (an unclosed quote is read up to the
 * end of its line).
 */
export function readStatements(lines: readonly string[]): {
  statements: FortiosStatement[];
  kinds: Uint8Array;
  problems: LineProblem[];
} {
  const statements: FortiosStatement[] = [];
  const kinds = new Uint8Array(lines.length);
  const problems: LineProblem[] = [];
  /** No line at or after this index closes a quote: later unclosed quotes fail at once (linear time). */
  let noCloseFrom = Number.POSITIVE_INFINITY;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.length > MAX_LINE_LENGTH) {
      problems.push({ kind: 'too-long', line: i, length: raw.length });
      continue;
    }
    const text = raw.trim();
    if (text === '') {
      kinds[i] = LineKind.Blank;
      continue;
    }
    if (text.startsWith('#')) {
      kinds[i] = LineKind.Comment;
      continue;
    }
    if (!text.includes('"') && !text.includes('\\')) {
      statements.push({ words: text.split(BLANKS), line: i, endLine: i });
      continue;
    }
    const scanner = new WordScanner().feed(text);
    if (!scanner.quoted) {
      statements.push({ words: scanner.finish(), line: i, endLine: i });
      continue;
    }
    // A quoted value running over the next lines: find the line that closes it.
    let end = -1;
    if (i + 1 < noCloseFrom) {
      const limit = Math.min(lines.length, i + 1 + MAX_QUOTED_LINES);
      for (let j = i + 1; j < limit; j++) {
        const next = lines[j]!;
        if (next.length > MAX_LINE_LENGTH) break;
        scanner.feed(`\n${next}`);
        if (!scanner.quoted) {
          end = j;
          break;
        }
      }
      if (end < 0 && limit === lines.length) noCloseFrom = i + 1;
    }
    if (end < 0) {
      problems.push({ kind: 'unclosed-quote', line: i });
      statements.push({ words: wordsOf(text), line: i, endLine: i });
      continue;
    }
    statements.push({ words: scanner.finish(), line: i, endLine: end });
    i = end;
  }
  return { statements, kinds, problems };
}
