import { DiagnosticSink, sourceRef, type Diagnostic, type SourceRef } from '../../diagnostics';
import { type JsonNode, bool, items, num, parseJson, prop, str } from '../formats/json';
import type {
  CheckPointAccessRule,
  CheckPointCell,
  CheckPointJsonFile,
  CheckPointNatRule,
  CheckPointObject,
  CheckPointRef,
} from './model';

/** Sections nest one level in practice; anything deeper than this is not a real export. */
const MAX_SECTION_DEPTH = 16;

/** Real exports nest a dozen levels; deeper is hostile (the JSON reader recurses per level). */
const MAX_NESTING = 200;

/**
 * The offset where brackets nest deeper than `limit`, or -1: a linear scan that skips strings,
 * run before the (recursive) JSON reader so that hostile nesting cannot overflow the stack.
 */
function tooDeep(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** The lines of a text as SourceRef texts quote them: split on LF, a trailing CR dropped. */
export function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export interface CheckPointJsonParse {
  /** Null when the file could not be used (malformed JSON, not a Check Point export). */
  readonly value: CheckPointJsonFile | null;
  readonly diagnostics: readonly Diagnostic[];
}

class Reader {
  readonly sink = new DiagnosticSink('parse');
  readonly objects: CheckPointObject[] = [];

  constructor(
    readonly file: string,
    readonly lines: readonly string[],
    readonly lineOf: (offset: number) => number,
  ) {}

  readonly locate = (node: JsonNode): SourceRef => this.at(node);

  at(node: JsonNode | undefined): SourceRef {
    const line = node === undefined ? 1 : this.lineOf(node.offset);
    const end = node === undefined ? line : this.lineOf(node.offset + Math.max(0, node.length - 1));
    return sourceRef(this.file, line, this.lines[line - 1] ?? '', end);
  }

  object(node: JsonNode): CheckPointObject | null {
    const uid = str(node, 'uid');
    if (uid === undefined) {
      this.sink.warning('invalid-value', 'an object without a uid; it was skipped', this.at(node));
      return null;
    }
    const obj: CheckPointObject = {
      uid,
      name: str(node, 'name') ?? uid,
      type: str(node, 'type') ?? '',
      node,
      source: this.at(node),
      locate: this.locate,
    };
    this.objects.push(obj);
    // details-level full: group members (and exclusion groups' parts) are objects themselves
    for (const key of ['members', 'include', 'except']) {
      const v = prop(node, key);
      for (const m of v?.type === 'array' ? items(v) : v === undefined ? [] : [v])
        if (m.type === 'object') this.object(m);
    }
    return obj;
  }

  /** A uid reference: a string, or (details-level full) the object itself. */
  ref(node: JsonNode | undefined): CheckPointRef | null {
    if (node === undefined || node.type === 'null') return null;
    if (node.type === 'string') return { uid: node.value as string, source: this.at(node) };
    if (node.type === 'object') {
      const o = this.object(node);
      return o === null ? null : { uid: o.uid, source: this.at(node) };
    }
    this.sink.warning('invalid-value', 'expected an object uid here; it was ignored', this.at(node));
    return null;
  }

  refs(node: JsonNode | undefined): CheckPointRef[] {
    if (node === undefined) return [];
    if (node.type !== 'array') {
      const one = this.ref(node);
      return one === null ? [] : [one];
    }
    return items(node)
      .map((n) => this.ref(n))
      .filter((r): r is CheckPointRef => r !== null);
  }

  cell(rule: JsonNode, key: string): CheckPointCell {
    const node = prop(rule, key);
    return {
      refs: this.refs(node),
      negate: bool(rule, `${key}-negate`) === true,
      present: node !== undefined,
    };
  }

  accessRule(node: JsonNode, section: string | null): CheckPointAccessRule {
    return {
      uid: str(node, 'uid') ?? '',
      name: str(node, 'name') ?? '',
      number: num(node, 'rule-number') ?? null,
      enabled: bool(node, 'enabled') !== false,
      src: this.cell(node, 'source'),
      dst: this.cell(node, 'destination'),
      service: this.cell(node, 'service'),
      vpn: this.cell(node, 'vpn'),
      time: this.cell(node, 'time'),
      content: this.cell(node, 'content'),
      action: this.ref(prop(node, 'action')),
      inlineLayer: this.ref(prop(node, 'inline-layer')),
      installOn: this.refs(prop(node, 'install-on')),
      section,
      comments: str(node, 'comments') ?? '',
      source: this.at(node),
    };
  }

  accessRules(
    list: JsonNode | undefined,
    section: string | null,
    depth: number,
    out: CheckPointAccessRule[],
  ): void {
    for (const node of items(list)) {
      const type = str(node, 'type');
      if (type === 'access-rule') out.push(this.accessRule(node, section));
      else if (type === 'access-section' && depth < MAX_SECTION_DEPTH)
        this.accessRules(prop(node, 'rulebase'), str(node, 'name') ?? section, depth + 1, out);
      else
        this.sink.warning(
          'unsupported-construct',
          `a rulebase entry of type '${type ?? '(none)'}' is not an access rule or section; it was skipped`,
          this.at(node),
        );
    }
  }

  natRule(node: JsonNode, section: string | null): CheckPointNatRule {
    return {
      uid: str(node, 'uid') ?? '',
      number: num(node, 'rule-number') ?? null,
      enabled: bool(node, 'enabled') !== false,
      method: str(node, 'method') ?? 'static',
      originalSource: this.ref(prop(node, 'original-source')),
      originalDestination: this.ref(prop(node, 'original-destination')),
      originalService: this.ref(prop(node, 'original-service')),
      translatedSource: this.ref(prop(node, 'translated-source')),
      translatedDestination: this.ref(prop(node, 'translated-destination')),
      translatedService: this.ref(prop(node, 'translated-service')),
      installOn: this.refs(prop(node, 'install-on')),
      section,
      source: this.at(node),
    };
  }

  natRules(
    list: JsonNode | undefined,
    section: string | null,
    depth: number,
    out: CheckPointNatRule[],
  ): void {
    for (const node of items(list)) {
      const type = str(node, 'type');
      if (type === 'nat-rule') out.push(this.natRule(node, section));
      else if (type === 'nat-section' && depth < MAX_SECTION_DEPTH)
        this.natRules(prop(node, 'rulebase'), str(node, 'name') ?? section, depth + 1, out);
      else
        this.sink.warning(
          'unsupported-construct',
          `a NAT rulebase entry of type '${type ?? '(none)'}' is not a NAT rule or section; it was skipped`,
          this.at(node),
        );
    }
  }

  /**
   * An API page that is not the whole answer (`to` < `total`): an info for an object list (its
   * missing objects show where they are used), a warning for a rulebase (later rules are missing).
   */
  pagination(root: JsonNode, rulebase: boolean): string | null {
    const to = num(root, 'to');
    const total = num(root, 'total');
    if (to === undefined || total === undefined || to >= total) return null;
    const from = num(root, 'from') ?? 1;
    const what = rulebase ? 'rules' : 'items';
    const message = `this export is one page of the API's answer (${what} ${from}-${to} of ${total}); the rest are not in this file`;
    this.sink.add('truncated-input', rulebase ? 'warning' : 'info', message, this.at(prop(root, 'to')));
    return message;
  }
}

const isNatEntry = (n: JsonNode): boolean => {
  const t = str(n, 'type');
  return t === 'nat-rule' || t === 'nat-section';
};

/**
 * Reads one management API JSON export: an access rulebase (one layer), a NAT rulebase, or an
 * object list, with the objects it defines. Never throws; malformed JSON gives
 * `malformed-input` naming the line of the first error, and no content.
 */
export function parseCheckPointJson(file: string, text: string): CheckPointJsonParse {
  const lines = splitLines(text);
  const deep = tooDeep(text, MAX_NESTING);
  if (deep >= 0) {
    const line = text.slice(0, deep).split('\n').length;
    const sink = new DiagnosticSink('parse');
    sink.error(
      'malformed-input',
      `objects and arrays nest more than ${MAX_NESTING} levels deep; the file was not imported`,
      sourceRef(file, line, lines[line - 1] ?? ''),
    );
    return { value: null, diagnostics: sink.diagnostics };
  }
  // A byte-order mark is whitespace to us (same offsets, so the same lines).
  const doc = parseJson(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  const r = new Reader(file, lines, doc.lineOf);
  const first = sourceRef(file, 1, lines[0] ?? '');
  const err = doc.errors[0];
  if (err !== undefined) {
    r.sink.error(
      'malformed-input',
      `the JSON is not well formed (${err.message}); the file was not imported`,
      sourceRef(file, err.line, lines[err.line - 1] ?? ''),
    );
    return { value: null, diagnostics: r.sink.diagnostics };
  }
  const root = doc.root;
  const rulebase = prop(root, 'rulebase');
  const objects = prop(root, 'objects');
  if (root?.type !== 'object' || (rulebase?.type !== 'array' && objects?.type !== 'array')) {
    r.sink.error(
      'vendor-mismatch',
      "no 'rulebase' or 'objects' array: this is not a Check Point management API export",
      first,
    );
    return { value: null, diagnostics: r.sink.diagnostics };
  }
  const partial = r.pagination(root, rulebase?.type === 'array');
  for (const o of items(prop(root, 'objects-dictionary'))) r.object(o);
  let content: CheckPointJsonFile['content'];
  if (rulebase?.type === 'array') {
    const entries = items(rulebase);
    const nat = entries.length > 0 ? entries.every(isNatEntry) : str(root, 'name') === undefined;
    if (nat) {
      const rules: CheckPointNatRule[] = [];
      r.natRules(rulebase, null, 0, rules);
      content = { kind: 'nat', rules };
    } else {
      const rules: CheckPointAccessRule[] = [];
      r.accessRules(rulebase, null, 0, rules);
      const cleanup = str(root, 'implicit-cleanup-action');
      content = {
        kind: 'access',
        layer: {
          file,
          uid: str(root, 'uid') ?? '',
          name: str(root, 'name') ?? 'Network',
          rules,
          cleanup: cleanup === 'accept' ? 'accept' : cleanup === 'drop' ? 'drop' : null,
          partial,
          source: r.at(root),
        },
      };
    }
  } else {
    for (const o of items(objects)) r.object(o);
    content = { kind: 'objects' };
  }
  return { value: { file, content, objects: r.objects, first }, diagnostics: r.sink.diagnostics };
}
