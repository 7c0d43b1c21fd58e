import { DiagnosticSink, sourceRef, type SourceRef } from '../../diagnostics';
import { type Token, tokenizeLine } from './tokenize';

/**
 * Both Junos input forms become one list of set-path statements: `show configuration | display
 * set` lines are one statement each; the hierarchical curly-brace form is flattened the way
 * `display set` would print it (a `[ a b ]` list becomes one statement per element). Each word
 * keeps the line it was written on, so a policy can cite its `policy P {` line and a leaf its own.
 */
export interface JunosStatement {
  /** `set` (also every curly-form leaf), `deactivate`, `activate`, `delete` or `insert`. */
  readonly verb: 'set' | 'deactivate' | 'activate' | 'delete' | 'insert';
  readonly words: readonly string[];
  /** 0-based line index of each word. */
  readonly lines: readonly number[];
  /** 0-based line index of the leaf (the line the statement is cited by). */
  readonly line: number;
  /**
   * Marked `inactive:` in the curly form: the number of path words before the marker (the
   * statement is inactive from that word on, so `inactive: policy P {` gives the index of
   * `policy`); -1 when active.
   */
  readonly inactiveAt: number;
}

/** What became of each input line; every line is accounted for (see the fuzz tests). */
export const LineKind = {
  Blank: 1,
  Comment: 2,
  /** A curly-form block opener or closer, or a `[`/`]` continuation. */
  Structure: 3,
  /** Converted into the vendor model (object, policy, term, binding, route, NAT). */
  Modelled: 4,
  /** Parsed and deliberately ignored (system, snmp, protocols...: listed in support.md). */
  Ignored: 5,
  /** Inactive (`deactivate`d or `inactive:`): parsed, skipped on purpose. */
  Inactive: 6,
  /** A `deactivate` / `activate` / `insert` statement, applied to others. */
  Directive: 7,
  /** Named by a diagnostic on this very line. */
  Diagnostic: 8,
} as const;

export const MAX_LINE_LENGTH = 65_536;

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

export interface StatementParse {
  readonly statements: JunosStatement[];
  readonly lineKinds: Uint8Array;
  readonly sink: DiagnosticSink;
  readonly form: 'set' | 'curly';
}

const VERBS = new Set(['set', 'deactivate', 'activate', 'delete', 'insert']);
/** Annotations of `load` files and commit output that carry no configuration. */
const PROMPT = /^(\{[\w:-]+\}|\[edit[^\]]*\])$/;

/** `set` lines dominate: the file is a `display set` export. */
export function isSetForm(lines: readonly string[]): boolean {
  let set = 0;
  let other = 0;
  for (const l of lines) {
    const t = l.trim();
    if (t === '' || t.startsWith('#') || PROMPT.test(t)) continue;
    if (VERBS.has(t.split(/[ \t]/, 1)[0]!)) set++;
    else other++;
  }
  return set > 0 && set >= other;
}

export function parseStatements(file: string, lines: readonly string[]): StatementParse {
  const sink = new DiagnosticSink('parse');
  const kinds = new Uint8Array(lines.length);
  const form = isSetForm(lines) ? 'set' : 'curly';
  const statements = form === 'set' ? setForm(file, lines, kinds, sink) : curlyForm(file, lines, kinds, sink);
  return { statements, lineKinds: kinds, sink, form };
}

function setForm(
  file: string,
  lines: readonly string[],
  kinds: Uint8Array,
  sink: DiagnosticSink,
): JunosStatement[] {
  const out: JunosStatement[] = [];
  const skip = (i: number, message: string): void => {
    kinds[i] = LineKind.Diagnostic;
    sink.warning('unrecognized-line', message, sourceRef(file, i + 1, lines[i]!));
  };
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (PROMPT.test(t)) {
      kinds[i] = LineKind.Ignored;
      continue;
    }
    if (lines[i]!.length > MAX_LINE_LENGTH) {
      tooLong(file, lines, i, kinds, sink);
      continue;
    }
    const lt = tokenizeLine(lines[i]!, i, false);
    if (lt.unclosedQuote) {
      skip(i, 'unclosed quote');
      continue;
    }
    const tokens = lt.tokens;
    if (tokens.length === 0) {
      kinds[i] = t === '' ? LineKind.Blank : LineKind.Comment;
      continue;
    }
    const verb = tokens[0]?.text ?? '';
    if (!VERBS.has(verb) || tokens[0]!.quoted) {
      skip(i, `not a Junos 'set' statement ('${clip(verb)}')`);
      continue;
    }
    let rest = tokens.slice(1);
    let items: Token[] = [];
    const open = rest.findIndex((t) => t.text === '[' && !t.quoted);
    if (open >= 0) {
      // `set ... [ a b ]` (what users type; display set prints one line per element).
      const close = rest.findIndex((t, k) => k > open && t.text === ']' && !t.quoted);
      if (close === rest.length - 1) {
        items = rest.slice(open + 1, close);
        rest = rest.slice(0, open);
      }
    }
    if (
      rest.length === 0 ||
      rest.some((t) => !t.quoted && '{};[]'.includes(t.text)) ||
      (open >= 0 && items.length === 0)
    ) {
      skip(
        i,
        rest.length === 0
          ? `'${verb}' without a path`
          : `a '${verb}' line cannot hold braces or ';', and a '[ ]' list must end the line`,
      );
      continue;
    }
    const base = rest.map((t) => t.text);
    for (const words of items.length > 0 ? items.map((t) => [...base, t.text]) : [base]) {
      out.push({
        verb: verb as JunosStatement['verb'],
        words,
        lines: words.map(() => i),
        line: i,
        inactiveAt: -1,
      });
    }
  }
  return out;
}

interface Frame {
  readonly words: string[];
  readonly lines: number[];
  readonly inactiveAt: number;
  readonly open: number;
  /** A `delete: NODE {` block: the node is deleted; statements inside are not applied. */
  readonly deleting?: boolean;
}

function curlyForm(
  file: string,
  lines: readonly string[],
  kinds: Uint8Array,
  sink: DiagnosticSink,
): JunosStatement[] {
  const out: JunosStatement[] = [];
  const tokens: Token[] = [];
  // Line by line, so that an unclosed quote costs one line, not the rest of the file.
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i]!;
    if (s.length > MAX_LINE_LENGTH) {
      tooLong(file, lines, i, kinds, sink);
      continue;
    }
    if (!inComment && PROMPT.test(s.trim())) {
      kinds[i] = LineKind.Ignored;
      continue;
    }
    const lt = tokenizeLine(s, i, inComment);
    if (lt.unclosedQuote) {
      kinds[i] = LineKind.Diagnostic;
      sink.warning('unrecognized-line', 'unclosed quote; the line is skipped', sourceRef(file, i + 1, s));
      continue;
    }
    inComment = lt.inComment;
    if (lt.tokens.length === 0)
      kinds[i] = s.trim() === '' && !lt.sawComment ? LineKind.Blank : LineKind.Comment;
    tokens.push(...lt.tokens);
  }
  const stack: Frame[] = [{ words: [], lines: [], inactiveAt: -1, open: -1 }];
  let pending: Token[] = [];
  const top = (): Frame => stack[stack.length - 1]!;
  const emit = (words: Token[]): void => {
    // Lines holding only part of a statement; the statement's own line is classified when it is read.
    for (const w of words) mark(kinds, w.line, LineKind.Structure);
    let inactiveAt = top().inactiveAt;
    let verb: 'set' | 'delete' = 'set';
    const clean: Token[] = [];
    for (const w of words) {
      if (!w.quoted && (w.text === 'inactive:' || w.text === 'replace:' || w.text === 'protect:')) {
        if (w.text === 'inactive:' && inactiveAt < 0) inactiveAt = top().words.length + clean.length;
        continue;
      }
      // `delete: STATEMENT;` in a load file deletes the statement (Junos `load merge`).
      if (!w.quoted && w.text === 'delete:') {
        verb = 'delete';
        continue;
      }
      clean.push(w);
    }
    if (clean.length === 0) return;
    if (top().deleting === true) {
      const at = clean[0]!.line;
      kinds[at] = LineKind.Diagnostic;
      sink.warning(
        'unsupported-construct',
        "a statement inside a 'delete:' block is not applied (the block's node is deleted)",
        sourceRef(file, at + 1, lines[at]!),
      );
      return;
    }
    // `[ a b c ]` lists: one statement per element, as `display set` prints them.
    const open = clean.findIndex((w) => w.text === '[' && !w.quoted);
    let variants: Token[][] = [clean];
    if (open >= 0) {
      const close = clean.findIndex((w, k) => k > open && w.text === ']' && !w.quoted);
      const items = clean.slice(open + 1, close < 0 ? clean.length : close);
      const head = clean.slice(0, open);
      const tail = close < 0 ? [] : clean.slice(close + 1);
      variants = items
        .filter((it) => it.quoted || !'[]'.includes(it.text))
        .map((it) => [...head, it, ...tail]);
      const at = clean[0]!.line;
      if (close < 0 || variants.length === 0) {
        kinds[at] = LineKind.Diagnostic;
        const why = close < 0 ? "'[' without ']'" : "an empty '[ ]' list";
        sink.warning(
          'unrecognized-line',
          `${why}; the statement is skipped`,
          sourceRef(file, at + 1, lines[at]!),
        );
        if (close < 0) variants = [];
      }
    }
    for (const v of variants) {
      const leaf = v[0]!.line;
      out.push({
        verb,
        words: [...top().words, ...v.map((w) => w.text)],
        lines: [...top().lines, ...v.map((w) => w.line)],
        line: leaf,
        inactiveAt,
      });
    }
  };
  for (const tok of tokens) {
    if (tok.quoted || !'{};'.includes(tok.text)) {
      pending.push(tok);
      continue;
    }
    if (tok.text === ';') {
      if (pending.length === 0) {
        mark(kinds, tok.line, LineKind.Structure);
        continue;
      }
      emit(pending);
      pending = [];
    } else if (tok.text === '{') {
      let inactiveAt = top().inactiveAt;
      let deleting = top().deleting === true;
      const words: Token[] = [];
      for (const w of pending) {
        if (!w.quoted && w.text === 'inactive:') {
          if (inactiveAt < 0) inactiveAt = top().words.length + words.length;
        } else if (!w.quoted && w.text === 'delete:') deleting = true;
        else if (w.quoted || !['replace:', 'protect:'].includes(w.text)) words.push(w);
      }
      for (const w of pending) mark(kinds, w.line, LineKind.Structure);
      mark(kinds, tok.line, LineKind.Structure);
      const frame: Frame = {
        words: [...top().words, ...words.map((w) => w.text)],
        lines: [...top().lines, ...words.map((w) => w.line)],
        inactiveAt,
        open: tok.line,
        ...(deleting ? { deleting } : {}),
      };
      if (deleting && top().deleting !== true && words.length > 0)
        out.push({
          verb: 'delete',
          words: frame.words,
          lines: frame.lines,
          line: words[0]!.line,
          inactiveAt: -1,
        });
      stack.push(frame);
      pending = [];
    } else {
      if (pending.length > 0) {
        // `then accept }` without ';': Junos needs it; take the words as a statement anyway.
        const at = pending[0]!.line;
        emit(pending);
        kinds[at] = LineKind.Diagnostic;
        sink.warning(
          'unrecognized-line',
          "statement not terminated by ';'",
          sourceRef(file, at + 1, lines[at]!),
        );
        pending = [];
      }
      if (stack.length === 1) {
        kinds[tok.line] = LineKind.Diagnostic;
        sink.warning(
          'unrecognized-line',
          "unbalanced '}': no block is open here; ignored",
          sourceRef(file, tok.line + 1, lines[tok.line]!),
        );
        continue;
      }
      stack.pop();
      mark(kinds, tok.line, LineKind.Structure);
    }
  }
  const last = lines.length - 1;
  if (pending.length > 0) {
    const at = pending[0]!.line;
    for (const w of pending) if (w.line !== at) mark(kinds, w.line, LineKind.Structure);
    kinds[at] = LineKind.Diagnostic;
    sink.warning(
      'truncated-input',
      "the file ends in the middle of a statement (no ';')",
      sourceRef(file, at + 1, lines[at]!),
    );
  }
  if (stack.length > 1 && last >= 0) {
    const opened = stack.slice(1).map((f) => f.open + 1);
    kinds[last] = kinds[last] === 0 ? LineKind.Diagnostic : kinds[last]!;
    sink.warning(
      'truncated-input',
      `unbalanced braces: ${opened.length} block(s) opened at line(s) ${opened.join(', ')} are never closed; the file may be truncated`,
      sourceRef(file, last + 1, lines[last]!),
    );
  }
  return out;
}

function tooLong(
  file: string,
  lines: readonly string[],
  i: number,
  kinds: Uint8Array,
  sink: DiagnosticSink,
): void {
  kinds[i] = LineKind.Diagnostic;
  sink.warning(
    'line-too-long',
    `line is ${lines[i]!.length} characters long; skipped`,
    sourceRef(file, i + 1, lines[i]!),
  );
}

function mark(kinds: Uint8Array, line: number, kind: number): void {
  if (kinds[line] === 0) kinds[line] = kind;
}

export const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

export const refOf = (file: string, lines: readonly string[], index: number): SourceRef =>
  sourceRef(file, index + 1, lines[index] ?? '');
