import { DiagnosticSink, type SourceRef, sourceRef } from '../../diagnostics';
import { type JsonNode, items, keys, num, parseJson, prop, str, valueOf } from '../formats/json';
import {
  NFT_FAMILIES,
  type NftExpr,
  type NftFamily,
  type NftObject,
  type NftRuleset,
  type NftSet,
  chainKey,
} from './model';
import { resolvePriority } from './parse-text';

/**
 * `nft -j list ruleset` JSON (libnftables-json(5), schema 1) -> the vendor model. Every object
 * cites the line of its value (`"rule": {`); statements and expressions are kept as they are.
 */
export function parseNftJson(
  file: string,
  text: string,
  lines: readonly string[],
): { ruleset: NftRuleset; diagnostics: DiagnosticSink } {
  const sink = new DiagnosticSink('parse');
  const ruleset: NftRuleset = { file, tables: [], chains: new Map(), sets: new Map() };
  const ref = (line: number): SourceRef => sourceRef(file, line, lines[line - 1] ?? '');
  const tooDeep = deepestLine(text, MAX_NESTING);
  if (tooDeep !== null) {
    sink.error('malformed-input', `JSON nested deeper than ${MAX_NESTING} levels; not read`, ref(tooDeep));
    return { ruleset, diagnostics: sink };
  }
  const doc = parseJson(text);
  for (const e of doc.errors.slice(0, 1)) {
    sink.error(
      'malformed-input',
      `JSON is not well formed: ${e.message}; what follows was not read`,
      ref(e.line),
    );
  }
  const list = prop(doc.root, 'nftables');
  if (list?.type !== 'array') {
    sink.error('malformed-input', 'no "nftables" array: this is not nft -j output', ref(1));
    return { ruleset, diagnostics: sink };
  }
  for (const item of items(list)) {
    let [kind] = keys(item);
    let node = kind === undefined ? undefined : prop(item, kind);
    if ((kind === 'add' || kind === 'create' || kind === 'insert') && node?.type === 'object') {
      kind = keys(node)[0];
      node = kind === undefined ? undefined : prop(node, kind);
    }
    if (kind === undefined || node === undefined) continue;
    const at = ref(doc.lineOf(node.offset));
    const family = str(node, 'family') as NftFamily | undefined;
    if (kind === 'metainfo') continue;
    if (family === undefined || !NFT_FAMILIES.includes(family)) {
      sink.warning('invalid-value', `${kind} without a known family; skipped`, at);
      continue;
    }
    const table = str(node, family === undefined ? '' : 'table') ?? '';
    switch (kind) {
      case 'table':
        ruleset.tables.push({ family, name: str(node, 'name') ?? '', source: at });
        break;
      case 'chain': {
        const name = str(node, 'name') ?? '';
        const prioNode = prop(node, 'prio');
        let priority: number | undefined;
        if (prioNode?.type === 'number') priority = prioNode.value as number;
        else if (prioNode?.type === 'string') priority = resolvePriority(String(prioNode.value), family) ?? 0;
        const policy = str(node, 'policy');
        const dev = plain(prop(node, 'dev'));
        const devices = Array.isArray(dev) ? dev.map(String) : typeof dev === 'string' ? [dev] : undefined;
        ruleset.chains.set(chainKey(family, table, name), {
          family,
          table,
          name,
          ...(str(node, 'type') !== undefined ? { type: str(node, 'type') } : {}),
          ...(str(node, 'hook') !== undefined ? { hook: str(node, 'hook') } : {}),
          ...(priority !== undefined ? { priority } : {}),
          ...(policy === 'accept' || policy === 'drop' ? { policy } : {}),
          ...(devices !== undefined ? { devices } : {}),
          source: at,
          hookSource: at,
          rules: [],
        });
        break;
      }
      case 'rule': {
        const chain = ruleset.chains.get(chainKey(family, table, str(node, 'chain') ?? ''));
        if (chain === undefined) {
          sink.error(
            'undefined-reference',
            `rule of chain '${str(node, 'chain') ?? ''}', which is not defined before it in table ${family} ${table}; skipped`,
            at,
          );
          break;
        }
        const expr = plain(prop(node, 'expr'));
        const comment = str(node, 'comment');
        chain.rules.push({
          family,
          table,
          chain: chain.name,
          statements: Array.isArray(expr) ? (expr as NftExpr[]).filter(isStatement) : [],
          ...(comment !== undefined ? { comment } : {}),
          source: at,
        });
        break;
      }
      case 'set':
      case 'map': {
        const name = str(node, 'name') ?? '';
        const flags = plain(prop(node, 'flags'));
        const flagList = Array.isArray(flags) ? flags.map(String) : typeof flags === 'string' ? [flags] : [];
        const elem = plain(prop(node, 'elem'));
        const set: NftSet = {
          family,
          table,
          name,
          isMap: kind === 'map',
          type: typeText(plain(prop(node, 'type'))),
          flags: flagList,
          elements: Array.isArray(elem) ? (elem as NftExpr[]) : [],
          dynamic:
            flagList.includes('dynamic') ||
            flagList.includes('timeout') ||
            num(node, 'timeout') !== undefined,
          source: at,
        };
        ruleset.sets.set(chainKey(family, table, name), set);
        break;
      }
      default:
        // flowtables, ct helpers, counters, synproxy objects...: not part of the filtering model.
        break;
    }
  }
  return { ruleset, diagnostics: sink };
}

const isStatement = (e: NftExpr): e is NftObject => typeof e === 'object' && e !== null && !Array.isArray(e);

function plain(node: JsonNode | undefined): NftExpr {
  try {
    return (valueOf(node) ?? null) as NftExpr;
  } catch {
    return null;
  }
}

function typeText(t: NftExpr): string {
  if (Array.isArray(t)) return t.map(String).join(' . ');
  return typeof t === 'string' ? t : '';
}

/** nft -j output nests a dozen levels; far deeper input is hostile (and would exhaust the stack). */
const MAX_NESTING = 256;

/** The line where nesting first exceeds `max`, or null. */
function deepestLine(text: string, max: number): number | null {
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return line;
    } else if (c === 93 || c === 125) depth--;
  }
  return null;
}
