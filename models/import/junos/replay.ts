import { DiagnosticSink, sourceRef } from '../../diagnostics';
import { type JunosStatement, LineKind, clip } from './statements';

/**
 * Applies the editing verbs of a configuration in file order, as `load set` (and `load merge`
 * with `delete:` tags) would, so that what follows sees the configuration as committed:
 *
 * - `delete P` removes every statement at or under P written before it, and the `deactivate`s
 *   there (a node created again afterwards is active); statements after it stand.
 * - `insert P... KW X before|after KW Y` moves the statements of element X next to the first
 *   statement of its sibling Y (element order is the order of first appearance, so "after Y"
 *   puts X right behind Y's first statement, ahead of any element that followed Y). Both must
 *   exist at that point, as the CLI requires; otherwise the insert changes nothing.
 * - `set`, `deactivate` and `activate` pass through in order (the parser applies the last two
 *   in sequence).
 */
export function replayStatements(
  file: string,
  lines: readonly string[],
  kinds: Uint8Array,
  statements: readonly JunosStatement[],
): { statements: JunosStatement[]; sink: DiagnosticSink } {
  const sink = new DiagnosticSink('parse');
  const warn = (
    st: JunosStatement,
    code: 'undefined-reference' | 'unsupported-construct',
    message: string,
  ) => {
    kinds[st.line] = LineKind.Diagnostic;
    sink.warning(code, message, sourceRef(file, st.line + 1, lines[st.line]!));
  };
  const directive = (st: JunosStatement): void => {
    if (kinds[st.line] !== LineKind.Diagnostic) kinds[st.line] = LineKind.Directive;
  };
  let live: JunosStatement[] = [];
  for (const st of statements) {
    if (st.verb === 'delete') {
      const before = live.length;
      live = live.filter((s) => !(s.verb !== 'activate' && under(s.words, st.words)));
      directive(st);
      // A clean-slate `delete` at the top of a set script is common; Junos only notes it.
      if (live.length === before)
        sink.info(
          'undefined-reference',
          `delete: nothing is configured at '${clip(st.words.join(' '))}' here`,
          sourceRef(file, st.line + 1, lines[st.line]!),
        );
    } else if (st.verb === 'insert') {
      const moved = insert(live, st);
      if (typeof moved === 'string')
        warn(st, moved.startsWith('only') ? 'unsupported-construct' : 'undefined-reference', moved);
      else {
        live = moved;
        directive(st);
      }
    } else live.push(st);
  }
  return { statements: live, sink };
}

/** True when `words` is `prefix` or lies under it. */
function under(words: readonly string[], prefix: readonly string[]): boolean {
  if (words.length < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (words[k] !== prefix[k]) return false;
  return true;
}

/** The statements reordered by one insert, or why it does nothing. */
function insert(live: readonly JunosStatement[], st: JunosStatement): JunosStatement[] | string {
  const w = st.words;
  const at = w.findIndex((x) => x === 'before' || x === 'after');
  if (at < 2 || w[at + 1] !== w[at - 2] || w[at + 2] === undefined || w.length !== at + 3)
    return "only 'insert PATH KEYWORD X before|after KEYWORD Y' (policies, filter terms...) is applied";
  const movedPath = w.slice(0, at);
  const anchorPath = [...w.slice(0, at - 1), w[at + 2]!];
  // Only `set` statements move: a (de)activation is keyed by path, and keeps its order.
  const isSet = (s: JunosStatement): boolean => s.verb === 'set';
  const moved = live.filter((s) => isSet(s) && under(s.words, movedPath));
  const rest = live.filter((s) => !(isSet(s) && under(s.words, movedPath)));
  const anchor = rest.findIndex((s) => s.verb === 'set' && under(s.words, anchorPath));
  const what = w[at - 2]!;
  if (moved.length === 0)
    return `insert: ${what} '${clip(w[at - 1]!)}' is not defined here; the order is unchanged`;
  if (anchor < 0) return `insert: ${what} '${clip(w[at + 2]!)}' is not defined here; the order is unchanged`;
  const to = w[at] === 'before' ? anchor : anchor + 1;
  return [...rest.slice(0, to), ...moved, ...rest.slice(to)];
}
