import { type DiagnosticSink, type SourceRef, sourceRef } from '../../diagnostics';
import { type FortiosStatement, LineKind, readStatements } from './lines';

/**
 * The `config` / `edit` / `set` tree of a FortiOS configuration, every node with its lines.
 * `config PATH ... end` is a table (or a settings block); `edit NAME ... next` an entry in it;
 * `set`, `unset`, `append`, `select`, `unselect` are settings, kept in order.
 */
export interface FortiosSetting {
  readonly verb: 'set' | 'unset' | 'append' | 'select' | 'unselect';
  readonly key: string;
  readonly values: readonly string[];
  readonly source: SourceRef;
  /** 1-based last line (a multi-line quoted value). */
  readonly endLine: number;
}

export interface FortiosEdit {
  readonly name: string;
  readonly source: SourceRef;
  /** 1-based line of `next` (or of the last line of the entry when it is missing). */
  endLine: number;
  readonly settings: FortiosSetting[];
  readonly tables: FortiosTable[];
}

export interface FortiosTable {
  /** `firewall address`, `system replacemsg utm "x"` as `system replacemsg utm x`. */
  readonly path: string;
  readonly source: SourceRef;
  /** 1-based line of `end`. */
  endLine: number;
  readonly settings: FortiosSetting[];
  readonly edits: FortiosEdit[];
  readonly tables: FortiosTable[];
}

export interface FortiosTree {
  readonly tables: FortiosTable[];
  /** What became of each line (0 while undecided: the reader of each section decides). */
  readonly kinds: Uint8Array;
}

const SETTING_VERBS = new Set(['set', 'unset', 'append', 'select', 'unselect']);

/** Reads the tree; every line it cannot place is reported and marked as diagnosed. */
export function parseTree(file: string, lines: readonly string[], sink: DiagnosticSink): FortiosTree {
  const { statements, kinds, problems } = readStatements(lines);
  const ref = (line: number): SourceRef => sourceRef(file, line + 1, lines[line] ?? '');
  const mark = (s: FortiosStatement, kind: number): void => {
    for (let l = s.line; l <= s.endLine; l++) kinds[l] = kind;
  };
  for (const p of problems) {
    if (p.kind === 'too-long') {
      sink.warning('line-too-long', `line is ${p.length} characters long; skipped`, ref(p.line));
    } else {
      sink.warning(
        'invalid-value',
        'a quoted value is never closed; read up to the end of this line',
        ref(p.line),
      );
    }
    kinds[p.line] = LineKind.Diagnostic;
  }

  const root: FortiosTable[] = [];
  /** Open tables and entries, innermost last. */
  const stack: Array<FortiosTable | FortiosEdit> = [];
  const isTable = (f: FortiosTable | FortiosEdit): f is FortiosTable => 'path' in f;
  const top = (): FortiosTable | FortiosEdit | undefined => stack[stack.length - 1];
  const bad = (s: FortiosStatement, message: string): void => {
    // A statement already reported as an unclosed quote keeps that one diagnostic.
    if (kinds[s.line] !== LineKind.Diagnostic)
      sink.warning('unrecognized-line', message, { ...ref(s.line), endLine: s.endLine + 1 });
    mark(s, LineKind.Diagnostic);
  };

  for (const s of statements) {
    const [verb = '', ...args] = s.words;
    switch (verb) {
      case 'config': {
        if (args.length === 0) {
          bad(s, "'config' without a section name");
          break;
        }
        const table: FortiosTable = {
          path: args.join(' '),
          source: ref(s.line),
          endLine: s.endLine + 1,
          settings: [],
          edits: [],
          tables: [],
        };
        const parent = top();
        if (parent === undefined) root.push(table);
        else parent.tables.push(table);
        stack.push(table);
        mark(s, LineKind.Structure);
        break;
      }
      case 'edit': {
        let t = top();
        if (t !== undefined && !isTable(t)) {
          // `edit` straight after an entry: FortiOS closes the entry (no `next` needed).
          t.endLine = s.line;
          stack.pop();
          t = top();
        }
        if (t === undefined || !isTable(t) || args.length !== 1) {
          bad(s, args.length !== 1 ? "'edit' takes one name" : "'edit' outside a 'config' section");
          break;
        }
        const edit: FortiosEdit = {
          name: args[0]!,
          source: ref(s.line),
          endLine: s.line + 1,
          settings: [],
          tables: [],
        };
        t.edits.push(edit);
        stack.push(edit);
        mark(s, LineKind.Structure);
        break;
      }
      case 'next': {
        const t = top();
        if (t === undefined || isTable(t) || args.length > 0) {
          bad(s, "'next' outside an 'edit' entry");
          break;
        }
        t.endLine = s.line + 1;
        stack.pop();
        mark(s, LineKind.Structure);
        break;
      }
      case 'end': {
        let t = top();
        if (t !== undefined && !isTable(t)) {
          t.endLine = s.line;
          stack.pop();
          t = top();
        }
        if (t === undefined || args.length > 0) {
          bad(s, "'end' outside a 'config' section");
          break;
        }
        t.endLine = s.line + 1;
        stack.pop();
        mark(s, LineKind.Structure);
        break;
      }
      default: {
        const t = top();
        if (!SETTING_VERBS.has(verb) || args.length === 0) {
          bad(s, `'${verb}' is not a FortiOS configuration statement`);
          break;
        }
        if (t === undefined) {
          bad(s, `'${verb} ${args[0]!}' outside a 'config' section`);
          break;
        }
        t.settings.push({
          verb: verb as FortiosSetting['verb'],
          key: args[0]!,
          values: args.slice(1),
          source: ref(s.line),
          endLine: s.endLine + 1,
        });
      }
    }
  }
  const outer = stack.find(isTable);
  if (outer !== undefined) {
    sink.warning(
      'truncated-input',
      `the file ends inside 'config ${outer.path}' (no 'end'); what was read is kept`,
      outer.source,
    );
    for (const f of stack) f.endLine = lines.length;
  }
  return { tables: root, kinds };
}

/** Marks every line of a table (its header to its `end`) that is still undecided. */
export function markTable(kinds: Uint8Array, t: { source: SourceRef; endLine: number }, kind: number): void {
  for (let l = t.source.line - 1; l < t.endLine && l < kinds.length; l++) if (kinds[l] === 0) kinds[l] = kind;
}

/** Marks the lines of one setting. */
export function markSetting(kinds: Uint8Array, s: FortiosSetting, kind: number): void {
  for (let l = s.source.line - 1; l < s.endLine && l < kinds.length; l++) kinds[l] = kind;
}

/** The final value of each key after the settings in order (`set` replaces, `append` adds, `unset` clears). */
export interface FortiosValue {
  readonly values: string[];
  readonly source: SourceRef;
  readonly setting: FortiosSetting;
}
export function finalValues(settings: readonly FortiosSetting[]): Map<string, FortiosValue> {
  const out = new Map<string, FortiosValue>();
  for (const s of settings) {
    if (s.verb === 'set') out.set(s.key, { values: [...s.values], source: s.source, setting: s });
    else if (s.verb === 'unset') out.delete(s.key);
    else if (s.verb === 'append' || s.verb === 'select') {
      const cur = out.get(s.key);
      if (cur === undefined) out.set(s.key, { values: [...s.values], source: s.source, setting: s });
      else for (const v of s.values) if (!cur.values.includes(v)) cur.values.push(v);
    } else {
      const cur = out.get(s.key);
      if (cur !== undefined) {
        const drop = new Set(s.values);
        cur.values.splice(0, cur.values.length, ...cur.values.filter((v) => !drop.has(v)));
      }
    }
  }
  return out;
}

/** An entry with all its `edit` blocks of the same name merged (a later block re-edits it). */
export interface FortiosEntry {
  readonly name: string;
  /** The first `edit` line: where the entry stands in its table's order. */
  readonly source: SourceRef;
  readonly endLine: number;
  readonly settings: FortiosSetting[];
  readonly tables: FortiosTable[];
  readonly values: Map<string, FortiosValue>;
}

/** The entries of tables of one path (several `config` blocks of a path add to one table), in order. */
export function entriesOf(tables: readonly FortiosTable[]): FortiosEntry[] {
  const byName = new Map<
    string,
    { first: FortiosEdit; settings: FortiosSetting[]; tables: FortiosTable[] }
  >();
  for (const t of tables) {
    for (const e of t.edits) {
      const cur = byName.get(e.name);
      if (cur === undefined)
        byName.set(e.name, { first: e, settings: [...e.settings], tables: [...e.tables] });
      else {
        cur.settings.push(...e.settings);
        cur.tables.push(...e.tables);
      }
    }
  }
  return [...byName.values()].map(({ first, settings, tables: sub }) => ({
    name: first.name,
    source: first.source,
    endLine: first.endLine,
    settings,
    tables: sub,
    values: finalValues(settings),
  }));
}
