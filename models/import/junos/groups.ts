import { DiagnosticSink, sourceRef } from '../../diagnostics';
import { type JunosStatement, LineKind, clip } from './statements';

/**
 * Configuration groups (`groups NAME ...`, `apply-groups`, `apply-groups-except`), expanded on
 * the set-path statements before the parser sees them, the way `show | display inheritance`
 * would print the configuration:
 *
 * - a statement `groups G P...` is inherited at every path P... that lies under a level where
 *   `apply-groups G` is written (the top level included), unless a level in between (or the
 *   level itself) says `apply-groups-except G`;
 * - `<pattern>` words in a group path (`<*>`, `<ge-*>`, `?`, `[abc]`) match the names the
 *   explicit configuration defines at that place (they never create objects);
 * - explicit configuration wins over inherited values, and the first listed group over later
 *   ones (a deeper `apply-groups` over an outer one): sets of values (addresses, applications,
 *   zone interfaces...) are merged, a single-valued setting (policy / term action, default
 *   policy, host name, application protocol / ports) is taken from the higher-priority source;
 * - inherited statements come after the explicit ones (so a policy or filter term defined only
 *   in a group is evaluated after the explicitly configured ones of the same list), and each keeps
 *   the lines of the group statement it came from, so a verdict cites the line inside the group.
 *
 * Not expanded (diagnostic): `apply-groups` inside a group, `apply-groups` naming a group that is
 * not in the file (`junos-defaults` is predefined and never exported).
 */

export interface GroupExpansion {
  readonly statements: JunosStatement[];
  readonly sink: DiagnosticSink;
}

interface Applied {
  readonly apply: string[];
  readonly except: Set<string>;
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
}

const KEY = '\u0000';
const APPLY = new Set(['apply-groups', 'apply-groups-except']);

export function expandGroups(
  file: string,
  lines: readonly string[],
  kinds: Uint8Array,
  statements: readonly JunosStatement[],
): GroupExpansion {
  const sink = new DiagnosticSink('parse');
  const ref = (i: number) => sourceRef(file, i + 1, lines[i] ?? '');
  const setKind = (i: number, kind: number): void => {
    if (kinds[i] !== LineKind.Diagnostic) kinds[i] = kind;
  };
  const warn = (
    st: JunosStatement,
    code: 'unsupported-construct' | 'undefined-reference',
    msg: string,
    severity: 'warning' | 'info' = 'warning',
  ): void => {
    kinds[st.line] = LineKind.Diagnostic;
    sink.add(code, severity, msg, ref(st.line));
  };
  if (!statements.some((s) => s.words[0] === 'groups' || s.words.some((w) => APPLY.has(w))))
    return { statements: [...statements], sink };

  const groups = new Map<string, JunosStatement[]>();
  const applied = new Map<string, Applied>();
  const deactivated: string[][] = [];
  const explicit: JunosStatement[] = [];
  const appliesAt: Array<{ st: JunosStatement; path: string[]; group: string }> = [];
  for (const st of statements) {
    const w = st.words;
    if (st.verb === 'deactivate' && w[0] === 'groups') deactivated.push([...w]);
    if (st.verb !== 'set') {
      explicit.push(st);
      continue;
    }
    const at = w.findIndex((x) => APPLY.has(x));
    if (w[0] === 'groups') {
      if (w[1] === undefined) {
        explicit.push(st); // `groups` alone: the parser ignores it
        continue;
      }
      if (at >= 0) {
        warn(
          st,
          'unsupported-construct',
          `'${w[at]!}' inside configuration group '${clip(w[1])}' is not expanded: statements it would inherit are not modelled`,
        );
        continue;
      }
      if (st.inactiveAt >= 0) {
        setKind(st.line, LineKind.Inactive);
        continue;
      }
      let list = groups.get(w[1]);
      if (!list) groups.set(w[1], (list = []));
      list.push(st);
      setKind(st.line, LineKind.Ignored); // until it is inherited somewhere
      continue;
    }
    if (at >= 0 && at === w.length - 2) {
      if (st.inactiveAt >= 0 && st.inactiveAt <= at) {
        setKind(st.line, LineKind.Inactive);
        continue;
      }
      const path = w.slice(0, at);
      const key = path.join(KEY);
      let a = applied.get(key);
      if (!a) applied.set(key, (a = { apply: [], except: new Set() }));
      const group = w[at + 1]!;
      if (w[at] === 'apply-groups') a.apply.push(group);
      else a.except.add(group);
      appliesAt.push({ st, path, group });
      setKind(st.line, LineKind.Directive);
      continue;
    }
    if (at >= 0) {
      warn(st, 'unsupported-construct', `'${clip(w.join(' '))}' is not a statement the importer knows`);
      continue;
    }
    explicit.push(st);
  }
  const isDeactivated = (st: JunosStatement): boolean =>
    deactivated.some((d) => d.length <= st.words.length && d.every((x, k) => st.words[k] === x));
  for (const { st, group } of appliesAt) {
    if (groups.has(group)) continue;
    if (group.includes('${'))
      warn(
        st,
        'unsupported-construct',
        `'${clip(group)}' names a group per chassis-cluster node; which node this export is from is not known, so nothing is inherited from it`,
      );
    else if (group === 'junos-defaults')
      warn(
        st,
        'unsupported-construct',
        "'junos-defaults' is the predefined group, not part of exports: only its junos-* applications are modelled",
        'info',
      );
    else
      warn(
        st,
        'undefined-reference',
        `configuration group '${clip(group)}' is not defined; nothing is inherited from it`,
      );
  }

  // The names the explicit configuration defines, for wildcard matching.
  const root: TrieNode = { children: new Map() };
  const exact = new Set<string>();
  for (const st of explicit) {
    if (st.verb !== 'set') continue;
    exact.add(st.words.join(KEY));
    let node = root;
    for (const w of st.words) {
      let next = node.children.get(w);
      if (!next) node.children.set(w, (next = { children: new Map() }));
      node = next;
    }
  }

  /** The groups in force at a statement's path, highest priority first. */
  const inForce = (words: readonly string[]): string[] => {
    let list: string[] = [];
    for (let k = 0; k < words.length; k++) {
      const a = applied.get(words.slice(0, k).join(KEY));
      if (!a) continue;
      list = list.filter((g) => !a.except.has(g));
      list = [...a.apply.filter((g) => !a.except.has(g)), ...list.filter((g) => !a.apply.includes(g))];
    }
    return list;
  };

  const candidates: Array<{ st: JunosStatement; priority: number; order: number }> = [];
  let order = 0;
  for (const [name, list] of groups) {
    for (const st of list) {
      if (isDeactivated(st)) {
        setKind(st.line, LineKind.Inactive);
        continue;
      }
      const path = st.words.slice(2);
      const pathLines = st.lines.slice(2);
      if (path.length === 0) continue;
      for (const words of instantiate(root, path)) {
        const priority = inForce(words).indexOf(name);
        if (priority < 0) continue;
        candidates.push({
          st: { verb: 'set', words, lines: pathLines, line: st.line, inactiveAt: -1 },
          priority,
          order: order++,
        });
      }
    }
  }
  candidates.sort((a, b) => a.priority - b.priority || a.order - b.order);
  const taken = new Set<string>();
  for (const st of explicit) {
    const s = st.verb === 'set' ? slot(st.words) : null;
    if (s !== null) taken.add(s);
  }
  const out = [...explicit];
  for (const { st } of candidates) {
    const key = st.words.join(KEY);
    if (exact.has(key)) continue;
    const s = slot(st.words);
    if (s !== null && taken.has(s)) continue;
    if (s !== null) taken.add(s);
    exact.add(key);
    out.push(st);
  }
  return { statements: out, sink };
}

/** The concrete paths a group path stands for: each `<pattern>` word is replaced by every name it matches. */
function instantiate(root: TrieNode, path: readonly string[]): string[][] {
  let partial: Array<{ words: string[]; node: TrieNode | null }> = [{ words: [], node: root }];
  for (const word of path) {
    const next: typeof partial = [];
    const pattern = wildcard(word);
    for (const p of partial) {
      if (pattern === null) {
        next.push({ words: [...p.words, word], node: p.node?.children.get(word) ?? null });
        continue;
      }
      if (p.node === null) continue;
      for (const [name, child] of p.node.children)
        if (pattern.test(name)) next.push({ words: [...p.words, name], node: child });
    }
    partial = next;
    if (partial.length === 0) break;
  }
  return partial.map((p) => p.words);
}

/** `<ge-*>` -> /^ge-.*$/; null when the word is not a wildcard. */
export function wildcard(word: string): RegExp | null {
  if (word.length < 3 || !word.startsWith('<') || !word.endsWith('>')) return null;
  let re = '';
  const body = word.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = body.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let cls = body.slice(i + 1, end);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/[\\\]]/g, '\\$&')}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    return null;
  }
}

const SINGLE_APP_FIELDS = new Set([
  'protocol',
  'source-port',
  'destination-port',
  'icmp-type',
  'icmp-code',
  'icmp6-type',
  'icmp6-code',
]);

/**
 * A single-valued setting the statement sets (explicit or higher-priority values win there),
 * or null when the statement adds one value to a set (merged).
 */
function slot(words: readonly string[]): string | null {
  const w = words;
  const j = (n: number): string => w.slice(0, n).join(KEY);
  if (w[0] === 'system' && w[1] === 'host-name') return j(2);
  if (w[0] === 'security' && w[1] === 'policies' && w[2] === 'default-policy') return j(3);
  if (w[0] === 'security' && w[1] === 'policies') {
    const then = w.indexOf('then');
    if (then > 0 && ['permit', 'deny', 'reject'].includes(w[then + 1] ?? ''))
      return `${j(then)}${KEY}#action`;
  }
  if (w[0] === 'firewall') {
    const then = w.indexOf('then');
    if (then > 0 && ['accept', 'discard', 'reject', 'next'].includes(w[then + 1] ?? ''))
      return `${j(then)}${KEY}#action`;
  }
  if (w[0] === 'applications' && w[1] === 'application') {
    const at = w.findIndex((x, k) => k >= 3 && SINGLE_APP_FIELDS.has(x));
    if (at >= 0) return j(at + 1);
  }
  return null;
}
