import type { DiagnosticSink } from '../../diagnostics';
import { sourceRef, type SourceRef } from '../../diagnostics';
import { parseXml, type XmlElement } from '../formats/xml';

/**
 * The three PAN-OS text forms (the XML running configuration, the `set` command form and the
 * curly-brace `show` form) are one hierarchy. Each becomes the same tree of named nodes: an XML
 * `<entry name="x">` and a brace/set word `x` are both a node named `x`, and `<member>`s and
 * `[ a b ]` lists are a node's `values`. The vendor model is then read from this one tree, so a
 * policy written in any form gives the same model.
 */
export interface PanosNode {
  readonly name: string;
  readonly children: PanosNode[];
  /** Leaf values: `<member>`s, a leaf's text, the words after a set/brace key. */
  readonly values: string[];
  /** The line that defines (or, in the set form, first mentions) the node. */
  readonly source: SourceRef;
  /** Lazily built index of children by name (the set form merges repeated paths). */
  index?: { map: Map<string, PanosNode>; count: number };
}

export type PanosForm = 'xml' | 'set' | 'brace';

export interface PanosTree {
  readonly form: PanosForm;
  /** The `config` node (synthesised for the set form). */
  readonly root: PanosNode;
  readonly lines: readonly string[];
}

/** The deepest nesting followed; deeper structure is reported and dropped. */
export const MAX_DEPTH = 64;
/** Longer lines are skipped (a hostile export must not make tokenizing quadratic). */
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

export function newNode(name: string, source: SourceRef): PanosNode {
  return { name, children: [], values: [], source };
}

/** The child named `name` (the first one). */
export function child(node: PanosNode | undefined, name: string): PanosNode | undefined {
  if (node === undefined) return undefined;
  if (node.children.length > 8) {
    if (node.index === undefined || node.index.count !== node.children.length) {
      const map = new Map<string, PanosNode>();
      for (const c of node.children) if (!map.has(c.name)) map.set(c.name, c);
      node.index = { map, count: node.children.length };
    }
    return node.index.map.get(name);
  }
  return node.children.find((c) => c.name === name);
}

export function at(node: PanosNode | undefined, ...path: string[]): PanosNode | undefined {
  let cur = node;
  for (const p of path) cur = child(cur, p);
  return cur;
}

/**
 * A node's items: its values and the names of its children. A member list (`<member>a</member>`,
 * `[ a ]`, `a`) and a list of empty entries (`<entry name="a"/>`, `a { }`) read the same.
 */
export function items(node: PanosNode | undefined): string[] {
  if (node === undefined) return [];
  if (node.children.length === 0) return node.values;
  return [...node.values, ...node.children.map((c) => c.name)];
}

/** The single value of a leaf: the last one written (set lines overwrite). */
export function text(node: PanosNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (node.values.length > 0) return node.values[node.values.length - 1];
  if (node.children.length === 1 && node.children[0]!.children.length === 0) return node.children[0]!.name;
  return undefined;
}

export const leaf = (node: PanosNode | undefined, name: string): string | undefined =>
  text(child(node, name));

// ---------------------------------------------------------------------------------------------
// XML

export function treeFromXml(
  file: string,
  text: string,
  lines: readonly string[],
  sink: DiagnosticSink,
): PanosNode | null {
  const doc = parseXml(text);
  const ref = (line: number): SourceRef => sourceRef(file, line, lines[line - 1] ?? '');
  if (doc.error !== null) {
    sink.error(
      'malformed-input',
      `the XML is not well formed (${doc.error.message}); what follows line ${doc.error.line} was not read`,
      ref(Math.min(doc.error.line, Math.max(1, lines.length))),
    );
  }
  if (doc.root === null) return null;
  let deep = false;
  const convert = (el: XmlElement, depth: number): PanosNode => {
    const name = el.name === 'entry' && el.attributes.name !== undefined ? el.attributes.name : el.name;
    const node = newNode(name, ref(el.line));
    if (depth > MAX_DEPTH) {
      if (!deep)
        sink.warning(
          'unsupported-construct',
          `XML nested deeper than ${MAX_DEPTH} levels; the rest of this element was not read`,
          ref(el.line),
        );
      deep = true;
      return node;
    }
    let elementChildren = 0;
    for (const c of el.children) {
      if (c.name === 'member') node.values.push(c.text);
      else {
        node.children.push(convert(c, depth + 1));
        elementChildren++;
      }
    }
    if (elementChildren === 0 && el.children.length === 0 && el.text !== '') node.values.push(el.text);
    return node;
  };
  return convert(doc.root, 0);
}

// ---------------------------------------------------------------------------------------------
// Words of a set or brace line

/** Splits a line into words: double- or single-quoted strings are one word, `[` `]` `{` `}` `;` are words of their own. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = line.indexOf(c, i + 1);
      const stop = end < 0 ? n : end;
      out.push(line.slice(i + 1, stop));
      i = stop + 1;
      continue;
    }
    if (c === '[' || c === ']' || c === '{' || c === '}' || c === ';') {
      out.push(c);
      i++;
      continue;
    }
    let j = i;
    while (j < n) {
      const d = line[j]!;
      if (
        d === ' ' ||
        d === '\t' ||
        d === '[' ||
        d === ']' ||
        d === '{' ||
        d === '}' ||
        d === ';' ||
        d === '"'
      )
        break;
      j++;
    }
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The set form

/** First words of a firewall `set` line that live outside the vsys (the rest is vsys1's). */
const DEVICE_LEVEL = new Set([
  'deviceconfig',
  'network',
  'vsys',
  'device-group',
  'template',
  'template-stack',
]);
const CONFIG_LEVEL = new Set(['shared', 'mgt-config', 'readonly', 'panorama']);

function findOrAdd(parent: PanosNode, name: string, source: SourceRef): PanosNode {
  const found = child(parent, name);
  if (found !== undefined) return found;
  const node = newNode(name, source);
  parent.children.push(node);
  // Keep the index current: rebuilding it per added child would be quadratic.
  if (parent.index !== undefined && parent.index.count === parent.children.length - 1) {
    parent.index.map.set(name, node);
    parent.index.count++;
  }
  return node;
}

/** Lines of the set form: what became of each (for the accounting of every line). */
export function treeFromSet(
  file: string,
  lines: readonly string[],
  sink: DiagnosticSink,
): { root: PanosNode; modelled: number } {
  const top = sourceRef(file, 1, lines[0] ?? '');
  const root = newNode('config', top);
  const device = findOrAdd(findOrAdd(root, 'devices', top), 'localhost.localdomain', top);
  let vsys1: PanosNode | null = null;
  const seen = new WeakMap<PanosNode, Set<string>>();
  let modelled = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const ref = sourceRef(file, i + 1, raw);
    if (line.length > MAX_LINE_LENGTH) {
      sink.warning('line-too-long', `line longer than ${MAX_LINE_LENGTH} characters; skipped`, ref);
      continue;
    }
    const words = tokenize(line);
    const verb = words[0];
    if (verb !== 'set') {
      if (verb === 'delete' || verb === 'edit' || verb === 'top' || verb === 'up' || verb === 'exit')
        sink.warning(
          'unsupported-construct',
          `'${verb}' commands are not applied; only 'set' lines are read`,
          ref,
        );
      else sink.warning('unrecognized-line', 'not a PAN-OS set command; skipped', ref);
      continue;
    }
    const rest = words.slice(1).filter((w) => w !== ';');
    if (rest.length === 0) {
      sink.warning('unrecognized-line', "'set' with nothing to set; skipped", ref);
      continue;
    }
    for (const statement of splitRuleAttributes(rest)) {
      if (applySet(statement, ref)) modelled++;
    }
  }
  return { root, modelled };

  function applySet(rest: string[], ref: SourceRef): boolean {
    // The path is every word before the value; a `[ ... ]` list or the last word is the value.
    let path: string[];
    let values: string[];
    const open = rest.indexOf('[');
    if (open >= 0) {
      path = rest.slice(0, open);
      values = rest.slice(open + 1).filter((w) => w !== ']' && w !== '[');
    } else if (rest.length === 1) {
      path = rest;
      values = [];
    } else {
      path = rest.slice(0, -1);
      values = [rest[rest.length - 1]!];
    }
    if (path.length > MAX_DEPTH) {
      sink.warning('unsupported-construct', `a path deeper than ${MAX_DEPTH} words; skipped`, ref);
      return false;
    }
    const first = path[0]!;
    let parent: PanosNode;
    if (CONFIG_LEVEL.has(first)) parent = root;
    else if (DEVICE_LEVEL.has(first)) parent = device;
    else {
      vsys1 ??= findOrAdd(findOrAdd(device, 'vsys', ref), 'vsys1', ref);
      parent = vsys1;
    }
    let node = parent;
    for (const w of path) node = findOrAdd(node, w, ref);
    if (values.length > 16 || node.values.length > 16) {
      // A set per long list, kept across lines: appending one member per line stays linear.
      let have = seen.get(node);
      if (have === undefined) {
        have = new Set(node.values);
        seen.set(node, have);
      }
      for (const v of values) {
        if (have.has(v)) continue;
        have.add(v);
        node.values.push(v);
      }
    } else for (const v of values) if (!node.values.includes(v)) node.values.push(v);
    return true;
  }
}

/** Rule attributes the CLI accepts several of on one line (`... rules R from a to b action allow`). */
const RULE_KEYS = new Set([
  'from',
  'to',
  'source',
  'destination',
  'application',
  'service',
  'action',
  'negate-source',
  'negate-destination',
  'rule-type',
  'disabled',
  'description',
  'source-user',
  'category',
]);

/** `rulebase security rules R from a to b` -> `[rulebase security rules R from a]`, `[... to b]`. */
function splitRuleAttributes(rest: string[]): string[][] {
  const k = rest.indexOf('rules');
  if (k < 0 || k + 1 >= rest.length || !rest.slice(0, k).some((w) => w.endsWith('rulebase'))) return [rest];
  const head = rest.slice(0, k + 2);
  const tail = rest.slice(k + 2);
  if (tail.length <= 2 || !RULE_KEYS.has(tail[0]!)) return [rest];
  const out: string[][] = [];
  let cur: string[] = [];
  let inList = false;
  for (const w of tail) {
    if (w === '[') inList = true;
    if (w === ']') inList = false;
    if (!inList && RULE_KEYS.has(w) && cur.length > 1) {
      out.push([...head, ...cur]);
      cur = [];
    }
    cur.push(w);
  }
  if (cur.length > 0) out.push([...head, ...cur]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The brace form (`show config running`), also the dataplane `show running *-policy` records

export function treeFromBrace(file: string, lines: readonly string[], sink: DiagnosticSink): PanosNode {
  const top = sourceRef(file, 1, lines[0] ?? '');
  const root = newNode('', top);
  const stack: PanosNode[] = [root];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const ref = sourceRef(file, i + 1, raw);
    if (line.length > MAX_LINE_LENGTH) {
      sink.warning('line-too-long', `line longer than ${MAX_LINE_LENGTH} characters; skipped`, ref);
      continue;
    }
    const words = tokenize(line);
    if (words.length === 1 && words[0] === '}') {
      if (stack.length > 1) stack.pop();
      else sink.warning('unrecognized-line', "a '}' closes no block; skipped", ref);
      continue;
    }
    const parent = stack[stack.length - 1]!;
    const opens = words[words.length - 1] === '{';
    const body = (opens ? words.slice(0, -1) : words).filter((w) => w !== ';' && w !== '[' && w !== ']');
    if (body.length === 0) {
      sink.warning('unrecognized-line', 'nothing to read on this line; skipped', ref);
      continue;
    }
    // `icmp-unreachable: no` (dataplane output) is a key with a colon.
    const key = body[0]!.endsWith(':') && body[0]!.length > 1 ? body[0]!.slice(0, -1) : body[0]!;
    const node = findOrAdd(parent, key, ref);
    for (const v of body.slice(1)) node.values.push(v);
    if (opens) {
      if (stack.length > MAX_DEPTH) {
        sink.warning('unsupported-construct', `blocks nested deeper than ${MAX_DEPTH}; flattened here`, ref);
      } else stack.push(node);
    }
  }
  if (stack.length > 1) {
    const last = lines.length;
    sink.warning(
      'truncated-input',
      `the file ends inside ${stack.length - 1} open block(s) (first: '${stack[1]!.name}' at line ${stack[1]!.source.line})`,
      sourceRef(file, Math.max(1, last), lines[last - 1] ?? ''),
    );
  }
  return root;
}
